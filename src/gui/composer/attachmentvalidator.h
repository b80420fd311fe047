#pragma once

#include "gui/composer/attachment.h"

#include <QByteArrayView>
#include <QCoreApplication>

#include <functional>

namespace claudette {

/// Decides which attachments the composer accepts. A validator returns an empty string to accept
/// (after filling Attachment::mimeType) or a message that tells the user why not.
class AttachmentValidator
{
    Q_DECLARE_TR_FUNCTIONS(AttachmentValidator)
public:
    using Function = std::function<QString(Attachment &)>;

    /// The default: images (PNG, JPEG, GIF, WebP), PDF and UTF-8 text, told apart by their first
    /// bytes rather than by the name, within the size limits below.
    static QString validate(Attachment &attachment);
    /// The MIME type of @p data from its magic bytes; empty when not one of the accepted types.
    static QString sniffMimeType(QByteArrayView data);

    static constexpr qint64 MaxImageBytes = 20 * 1024 * 1024; // scaled down before sending
    static constexpr qint64 MaxPdfBytes = 32 * 1024 * 1024;   // the API's request limit
    static constexpr qint64 MaxTextBytes = 8 * 1024 * 1024;
};

} // namespace claudette
