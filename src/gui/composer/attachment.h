#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QSize>
#include <QString>

namespace claudette {

/// A file (or pasted image) the user attached to the prompt, as read when it was attached.
struct Attachment
{
    QString name;     ///< shown to the user: the file name, or "Pasted image.png"
    QString path;     ///< the local file, empty when pasted
    QByteArray data;  ///< the bytes as read
    QString mimeType; ///< set by the validator: image/png, application/pdf, text/plain, ...
    QSize imageSize;  ///< pixels, for images

    bool isImage() const { return mimeType.startsWith(QLatin1StringView("image/")); }
};

} // namespace claudette

Q_DECLARE_METATYPE(claudette::Attachment)
