#pragma once

#include <Qt>

namespace claudette {

/// The roles a transcript model offers to the standard message widgets (StandardMessageFactory)
/// and to TranscriptView. A model may offer more; these are the ones the GUI reads.
namespace TranscriptRoles {
enum : int {
    MessageIdRole = Qt::UserRole + 1, ///< QString, stable for the life of the message
    RevisionRole,                     ///< qint64, changes whenever what is shown changes
    AuthorRole,                       ///< int, a MessageWidget::Author
    HtmlRole,                         ///< QString, the whole body as safe HTML
    ClosedBlocksRole,                 ///< QStringList, HTML of the closed markdown blocks
    OpenTailRole,                     ///< QString, HTML of the still open tail
    MarkdownRole,                     ///< QString, the message's markdown source
    StatusTextRole,                   ///< QString, e.g. "Streaming…", "Stopped", an error
    StatusToolTipRole,                ///< QString, details for the status line (usage, request id)
    TimestampRole,                    ///< QDateTime
    SearchTextRole,                   ///< QString, plain text for find in conversation
};
} // namespace TranscriptRoles

} // namespace claudette
