#include "gui/icons/icons.h"

#include "gui/icons/svgiconengine.h"

#include <QFile>

// The icons live in a static library: register its resources before the first use.
static void initGuiResources()
{
    Q_INIT_RESOURCE(gui);
}

namespace claudette {

QIcon Icons::icon(const QString &name)
{
    static const bool registered = (initGuiResources(), true);
    Q_UNUSED(registered);
    QFile file(QStringLiteral(":/claudette/icons/") + name + QStringLiteral(".svg"));
    if (file.open(QIODevice::ReadOnly))
        return QIcon(new SvgIconEngine(file.readAll()));
    return QIcon::fromTheme(name);
}

} // namespace claudette
