#pragma once

#include "core/api/contentblock.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QSize>
#include <QString>

namespace claudette {

/// How attachments are prepared.
struct AttachmentOptions
{
    /// Scale images down when they exceed a limit; off = send them as they are or fail.
    bool scaleImages = true;
    /// Long edge (px) images are scaled down to when larger; about 1568 px loses little.
    int maxLongEdge = 1568;
    /// The API's per-image limit, on the base64 text (5 MB); lower it for stricter providers.
    qint64 maxImageBase64Bytes = 5 * 1024 * 1024;
};

/// The outcome of preparing an attachment: an Attachment, or an error with a translated message.
struct AttachmentResult;

/**
 * A file prepared for sending: an image (sniffed from its bytes, validated by decoding it,
 * scaled down when needed), a PDF, or a UTF-8 plain-text file.
 *
 * An image within every limit is sent as it came (an animated GIF stays animated). One that is
 * over the pixel limit, over the byte limit or larger than the wanted long edge is decoded,
 * scaled with smooth filtering (aspect kept, EXIF orientation applied) and re-encoded: PNG and
 * GIF as PNG, JPEG as JPEG, WebP as WebP; lower quality, JPEG for opaque PNGs, and then smaller
 * sizes are tried while it is still over the byte limit.
 *
 * It carries the bytes actually sent (after scaling), their SHA-256, the media type, and the
 * original name and size, so the conversation file stores each attachment once by its hash.
 */
class Attachment
{
    Q_DECLARE_TR_FUNCTIONS(claudette::Attachment)

public:
    enum class Kind { Image, Pdf, PlainText };
    enum class Error {
        None,
        FileUnreadable,
        Empty,
        UnsupportedType, ///< not PNG/JPEG/GIF/WebP, PDF or UTF-8 text
        CorruptImage,    ///< looks like an image but does not decode
        ImageTooLarge,   ///< over the API's limits after scaling, or with scaling off
        PdfTooLarge,
        TextNotUtf8,
        TextTooLarge,
    };

    /// The API's limits.
    static constexpr int kMaxImagePixels = 8000; // per side
    /// Scaling never goes below this long edge: smaller and the image is too large.
    static constexpr int kMinScaledEdge = 256;
    static constexpr qint64 kMaxPdfBytes = 32 * 1024 * 1024;
    static constexpr qint64 kMaxTextBytes = 32 * 1024 * 1024;

    /// Reads @p path and prepares it by its content: image, PDF, or UTF-8 text.
    static AttachmentResult fromFile(const QString &path, const AttachmentOptions &options = {});
    /// Prepares @p bytes by their content; @p name is kept as the original name only.
    static AttachmentResult fromBytes(const QByteArray &bytes, const QString &name,
                                      const AttachmentOptions &options = {});
    static AttachmentResult imageFromBytes(const QByteArray &bytes, const QString &name,
                                           const AttachmentOptions &options = {});
    static AttachmentResult pdfFromBytes(const QByteArray &bytes, const QString &name);
    static AttachmentResult textFromBytes(const QByteArray &bytes, const QString &name);

    Kind kind() const { return m_kind; }
    /// The bytes sent (after scaling and re-encoding for images; UTF-8 for text).
    const QByteArray &bytes() const { return m_bytes; }
    /// Lower-case hex SHA-256 of bytes().
    QString sha256() const { return m_sha256; }
    /// `image/png|jpeg|gif|webp`, `application/pdf` or `text/plain`.
    QString mediaType() const { return m_mediaType; }
    QString originalName() const { return m_originalName; }
    qint64 originalSize() const { return m_originalSize; }
    /// Pixel size before and after scaling (images only).
    QSize originalPixelSize() const { return m_originalPixelSize; }
    QSize pixelSize() const { return m_pixelSize; }
    bool wasScaled() const { return m_scaled; }
    /// Rough image token cost: (w * h) / 750.
    qint64 estimatedImageTokens() const;

    /// The content block that sends this attachment (image, PDF document, or text document
    /// titled with the original name).
    ContentBlock toContentBlock() const;

private:
    Kind m_kind = Kind::Image;
    QByteArray m_bytes;
    QString m_sha256;
    QString m_mediaType;
    QString m_originalName;
    qint64 m_originalSize = 0;
    QSize m_originalPixelSize;
    QSize m_pixelSize;
    bool m_scaled = false;

    static Attachment make(Kind kind, QByteArray bytes, const QString &mediaType,
                           const QString &name, qint64 originalSize);
};

struct AttachmentResult
{
    Attachment attachment;
    Attachment::Error error = Attachment::Error::None;
    QString errorString; ///< translated, names the file and what is wrong

    bool ok() const { return error == Attachment::Error::None; }
};

} // namespace claudette
