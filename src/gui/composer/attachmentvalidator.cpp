#include "gui/composer/attachmentvalidator.h"

#include <QImage>
#include <QLocale>
#include <QStringDecoder>

namespace claudette {

QString AttachmentValidator::sniffMimeType(QByteArrayView data)
{
    if (data.startsWith("\x89PNG\r\n\x1a\n"))
        return QStringLiteral("image/png");
    if (data.startsWith("\xff\xd8\xff"))
        return QStringLiteral("image/jpeg");
    if (data.startsWith("GIF87a") || data.startsWith("GIF89a"))
        return QStringLiteral("image/gif");
    if (data.size() >= 12 && data.startsWith("RIFF") && data.sliced(8, 4) == "WEBP")
        return QStringLiteral("image/webp");
    if (data.startsWith("%PDF-"))
        return QStringLiteral("application/pdf");
    // Text: no NUL byte and valid UTF-8 (a BOM is fine) in the first 64 KiB.
    const QByteArrayView head = data.first(std::min<qsizetype>(data.size(), 64 * 1024));
    if (head.contains('\0'))
        return {};
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString decoded = decoder(head);
    Q_UNUSED(decoded);
    // A multi-byte sequence cut at the 64 KiB boundary is not an error.
    if (decoder.hasError() && head.size() == data.size())
        return {};
    if (decoder.hasError()) {
        QStringDecoder whole(QStringDecoder::Utf8);
        const QString all = whole(data.first(head.size() - 4));
        Q_UNUSED(all);
        if (whole.hasError())
            return {};
    }
    return QStringLiteral("text/plain");
}

QString AttachmentValidator::validate(Attachment &attachment)
{
    if (attachment.data.isEmpty())
        return tr("%1 is empty.").arg(attachment.name);
    const QString mime = sniffMimeType(attachment.data);
    if (mime.isEmpty())
        return tr("%1 is not an image (PNG, JPEG, GIF, WebP), a PDF or a text file.")
            .arg(attachment.name);
    const qint64 size = attachment.data.size();
    const qint64 limit = mime.startsWith(QLatin1StringView("image/")) ? MaxImageBytes
                         : mime == QLatin1StringView("application/pdf") ? MaxPdfBytes
                                                                        : MaxTextBytes;
    if (size > limit)
        return tr("%1 is too large (%2; at most %3).")
            .arg(attachment.name, QLocale().formattedDataSize(size),
                 QLocale().formattedDataSize(limit));
    if (mime.startsWith(QLatin1StringView("image/"))) {
        const QImage image = QImage::fromData(attachment.data);
        if (image.isNull())
            return tr("%1 looks like an image but cannot be read.").arg(attachment.name);
        attachment.imageSize = image.size();
    }
    attachment.mimeType = mime;
    return {};
}

} // namespace claudette
