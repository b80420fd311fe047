#pragma once

#include <QIcon>
#include <QString>

namespace claudette {

/// The app's icons: built-in SVGs (src/gui/icons/*.svg, tinted to the palette) by freedesktop-like
/// name, falling back to the desktop's icon theme for names the app does not ship.
class Icons
{
public:
    static QIcon icon(const QString &name);
};

} // namespace claudette
