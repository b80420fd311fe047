#pragma once

#include "gui/composer/attachment.h"

#include <QJsonArray>
#include <QList>
#include <QString>

namespace claudette {

/**
 * The API content blocks for what the composer holds, and back: images as `image` blocks, PDFs as
 * base64 `document` blocks, text files as text `document` blocks (titled with the file name), then
 * the prompt text. The way back (fromContent) serves the saved draft; it reads the blocks that
 * toContent writes, with the block's `name` key (a claudette key, never sent) for the file name.
 */
class AttachmentContent
{
public:
    /// The blocks of a user turn: attachments first, then @p text unless it is blank.
    static QJsonArray toContent(const QString &text, const QList<Attachment> &attachments);
    /// The same attachments, each block also carrying `"name"`, for keeping a draft.
    static QJsonArray draftBlocks(const QList<Attachment> &attachments);
    /// The attachments of image and document blocks with base64 or text sources (others skipped).
    static QList<Attachment> fromContent(const QJsonArray &content);
};

} // namespace claudette
