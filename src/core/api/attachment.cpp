#include "core/api/attachment.h"

#include "core/api/mediasniffer.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QLoggingCategory>
#include <QPainter>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcAttachment, "claudette.core.attachment")

namespace claudette {

namespace {
// Larger files are refused before reading them whole.
constexpr qint64 kMaxReadBytes = 256LL * 1024 * 1024;

qint64 base64Size(qint64 rawBytes)
{
    return 4 * ((rawBytes + 2) / 3);
}

QByteArray readerFormat(const QString &mediaType)
{
    if (mediaType == "image/png"_L1)
        return "png";
    if (mediaType == "image/jpeg"_L1)
        return "jpeg";
    if (mediaType == "image/gif"_L1)
        return "gif";
    return "webp";
}

QString shortType(const QString &mediaType)
{
    return mediaType.mid(6).toUpper(); // "image/png" -> "PNG"
}

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1);
}

QByteArray encode(const QImage &image, const QByteArray &format, int quality)
{
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (quality >= 0)
        writer.setQuality(quality);
    if (!writer.write(image)) {
        qCWarning(lcAttachment) << "encoding as" << format << "failed:" << writer.errorString();
        return {};
    }
    return out;
}

QImage opaqueOnWhite(const QImage &image)
{
    if (!image.hasAlphaChannel())
        return image;
    QImage out(image.size(), QImage::Format_RGB32);
    out.fill(Qt::white);
    QPainter p(&out);
    p.drawImage(0, 0, image);
    return out;
}

AttachmentResult failure(Attachment::Error error, QString message)
{
    AttachmentResult r;
    r.error = error;
    r.errorString = std::move(message);
    return r;
}
} // namespace

Attachment Attachment::make(Kind kind, QByteArray bytes, const QString &mediaType,
                            const QString &name, qint64 originalSize)
{
    Attachment a;
    a.m_kind = kind;
    a.m_sha256 = QString::fromLatin1(
        QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    a.m_bytes = std::move(bytes);
    a.m_mediaType = mediaType;
    a.m_originalName = name;
    a.m_originalSize = originalSize;
    return a;
}

AttachmentResult Attachment::fromFile(const QString &path, const AttachmentOptions &options)
{
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failure(Error::FileUnreadable,
                       tr("Cannot read \"%1\": %2.").arg(name, file.errorString()));
    const qint64 size = file.size();
    if (size > kMaxReadBytes) {
        const QByteArray head = file.peek(16);
        if (MediaSniffer::isPdf(head))
            return failure(Error::PdfTooLarge,
                           tr("\"%1\" is %2 MB; a PDF may be at most %3 MB.")
                               .arg(name, megabytes(size), megabytes(kMaxPdfBytes)));
        if (!MediaSniffer::imageMediaType(head).isEmpty())
            return failure(Error::ImageTooLarge, tr("\"%1\" is %2 MB, too large to open as an "
                                                    "image.")
                                                     .arg(name, megabytes(size)));
        return failure(Error::TextTooLarge, tr("\"%1\" is %2 MB; a text file may be at most %3 MB.")
                                                .arg(name, megabytes(size),
                                                     megabytes(kMaxTextBytes)));
    }
    const QByteArray bytes = file.readAll();
    if (file.error() != QFile::NoError)
        return failure(Error::FileUnreadable,
                       tr("Cannot read \"%1\": %2.").arg(name, file.errorString()));
    return fromBytes(bytes, name, options);
}

AttachmentResult Attachment::fromBytes(const QByteArray &bytes, const QString &name,
                                       const AttachmentOptions &options)
{
    if (bytes.isEmpty())
        return failure(Error::Empty, tr("\"%1\" is empty.").arg(name));
    if (!MediaSniffer::imageMediaType(bytes).isEmpty())
        return imageFromBytes(bytes, name, options);
    if (MediaSniffer::isPdf(bytes))
        return pdfFromBytes(bytes, name);
    if (MediaSniffer::isValidUtf8(bytes))
        return textFromBytes(bytes, name);
    return failure(Error::UnsupportedType,
                   tr("\"%1\" cannot be attached: images must be PNG, JPEG, GIF or WebP, and "
                      "documents PDF or UTF-8 text.")
                       .arg(name));
}

AttachmentResult Attachment::imageFromBytes(const QByteArray &bytes, const QString &name,
                                            const AttachmentOptions &options)
{
    if (bytes.isEmpty())
        return failure(Error::Empty, tr("\"%1\" is empty.").arg(name));
    const QString mediaType = MediaSniffer::imageMediaType(bytes);
    if (mediaType.isEmpty())
        return failure(Error::UnsupportedType,
                       tr("\"%1\" is not a PNG, JPEG, GIF or WebP image.").arg(name));

    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, readerFormat(mediaType));
    reader.setDecideFormatFromContent(false);
    reader.setAutoTransform(true);
    QImage image = reader.read();
    if (image.isNull()) {
        qCWarning(lcAttachment) << "decoding" << mediaType << "failed:" << reader.errorString();
        return failure(Error::CorruptImage,
                       tr("\"%1\" looks like a %2 image but cannot be decoded: the file is "
                          "damaged or not really an image.")
                           .arg(name, shortType(mediaType)));
    }

    const QSize original = image.size();
    const int longEdge = qMax(original.width(), original.height());
    const qint64 maxB64 = options.maxImageBase64Bytes;
    const bool overPixels =
        original.width() > kMaxImagePixels || original.height() > kMaxImagePixels;
    const bool overBytes = base64Size(bytes.size()) > maxB64;

    if (!options.scaleImages || (!overPixels && !overBytes && longEdge <= options.maxLongEdge)) {
        if (overPixels)
            return failure(Error::ImageTooLarge,
                           tr("\"%1\" is %2×%3 pixels; the API accepts at most %4×%4. Turn on "
                              "image scaling to send it scaled down.")
                               .arg(name)
                               .arg(original.width())
                               .arg(original.height())
                               .arg(kMaxImagePixels));
        if (overBytes)
            return failure(Error::ImageTooLarge,
                           tr("\"%1\" is %2 MB once encoded; the API accepts at most %3 MB per "
                              "image. Turn on image scaling to send it scaled down.")
                               .arg(name, megabytes(base64Size(bytes.size())), megabytes(maxB64)));
        AttachmentResult r;
        r.attachment = make(Kind::Image, bytes, mediaType, name, bytes.size());
        r.attachment.m_originalPixelSize = original;
        r.attachment.m_pixelSize = original;
        return r;
    }

    // Scale and re-encode. Try the wanted size first, then lower quality, then smaller sizes.
    QByteArray format = mediaType == "image/jpeg"_L1 ? QByteArray("jpeg")
                        : mediaType == "image/webp"_L1 && QImageWriter::supportedImageFormats().contains("webp")
                            ? QByteArray("webp")
                            : QByteArray("png");
    int edge = std::max(1, std::min({longEdge, options.maxLongEdge, kMaxImagePixels}));
    QByteArray encoded;
    QImage scaled;
    while (true) {
        scaled = longEdge > edge ? image.scaled(QSize(edge, edge), Qt::KeepAspectRatio,
                                                Qt::SmoothTransformation)
                                 : image;
        if (format == "png") {
            encoded = encode(scaled, format, -1);
            if (base64Size(encoded.size()) > maxB64 && !scaled.hasAlphaChannel())
                format = "jpeg"; // an opaque photo saved as PNG: JPEG is what suits it
        }
        if (format != "png") {
            const QImage src = format == "jpeg" ? opaqueOnWhite(scaled) : scaled;
            for (int quality : {90, 80, 70, 60}) {
                encoded = encode(src, format, quality);
                if (!encoded.isEmpty() && base64Size(encoded.size()) <= maxB64)
                    break;
            }
        }
        if (!encoded.isEmpty() && base64Size(encoded.size()) <= maxB64)
            break;
        if (edge <= kMinScaledEdge || encoded.isEmpty())
            return failure(Error::ImageTooLarge,
                           tr("\"%1\" is still over %2 MB after scaling it down to %3×%4 pixels.")
                               .arg(name, megabytes(maxB64))
                               .arg(scaled.width())
                               .arg(scaled.height()));
        edge = qMax(kMinScaledEdge, edge * 3 / 4);
    }

    const QString sentType = format == "jpeg"   ? u"image/jpeg"_s
                             : format == "webp" ? u"image/webp"_s
                                                : u"image/png"_s;
    AttachmentResult r;
    r.attachment = make(Kind::Image, encoded, sentType, name, bytes.size());
    r.attachment.m_originalPixelSize = original;
    r.attachment.m_pixelSize = scaled.size();
    r.attachment.m_scaled = true;
    return r;
}

AttachmentResult Attachment::pdfFromBytes(const QByteArray &bytes, const QString &name)
{
    if (bytes.isEmpty())
        return failure(Error::Empty, tr("\"%1\" is empty.").arg(name));
    if (!MediaSniffer::isPdf(bytes))
        return failure(Error::UnsupportedType, tr("\"%1\" is not a PDF file.").arg(name));
    if (bytes.size() > kMaxPdfBytes)
        return failure(Error::PdfTooLarge,
                       tr("\"%1\" is %2 MB; a PDF may be at most %3 MB.")
                           .arg(name, megabytes(bytes.size()), megabytes(kMaxPdfBytes)));
    AttachmentResult r;
    r.attachment = make(Kind::Pdf, bytes, u"application/pdf"_s, name, bytes.size());
    return r;
}

AttachmentResult Attachment::textFromBytes(const QByteArray &bytes, const QString &name)
{
    QByteArray text = bytes;
    if (text.startsWith("\xEF\xBB\xBF"))
        text.remove(0, 3);
    if (text.isEmpty())
        return failure(Error::Empty, tr("\"%1\" is empty.").arg(name));
    if (!MediaSniffer::isValidUtf8(text))
        return failure(Error::TextNotUtf8,
                       tr("\"%1\" is not UTF-8 text; convert it to UTF-8 to attach it.").arg(name));
    if (text.size() > kMaxTextBytes)
        return failure(Error::TextTooLarge,
                       tr("\"%1\" is %2 MB; a text file may be at most %3 MB.")
                           .arg(name, megabytes(text.size()), megabytes(kMaxTextBytes)));
    AttachmentResult r;
    r.attachment = make(Kind::PlainText, std::move(text), u"text/plain"_s, name, bytes.size());
    return r;
}

qint64 Attachment::estimatedImageTokens() const
{
    if (m_kind != Kind::Image)
        return 0;
    return qint64(m_pixelSize.width()) * m_pixelSize.height() / 750;
}

ContentBlock Attachment::toContentBlock() const
{
    switch (m_kind) {
    case Kind::Image:
        return ContentBlock::makeImage(m_bytes, m_mediaType);
    case Kind::Pdf: {
        ContentBlock block = ContentBlock::makePdf(m_bytes);
        block.setTitle(m_originalName);
        return block;
    }
    case Kind::PlainText:
        return ContentBlock::makePlainTextDocument(QString::fromUtf8(m_bytes), m_originalName);
    }
    return {};
}

} // namespace claudette
