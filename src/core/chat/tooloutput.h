#pragma once

#include "core/api/contentblock.h"

#include <QList>
#include <QString>

namespace claudette {

/**
 * What one tool call answered: content blocks (text, and images a tool may return) and whether
 * it is an error. It becomes the `tool_result` block sent back to the model.
 */
struct ToolOutput
{
    QList<ContentBlock> content;
    bool isError = false;

    static ToolOutput text(const QString &text, bool isError = false)
    {
        return ToolOutput{{ContentBlock::makeText(text)}, isError};
    }
    static ToolOutput error(const QString &message) { return text(message, true); }

    /// The text blocks joined with newlines.
    QString plainText() const
    {
        QStringList parts;
        for (const ContentBlock &block : content)
            if (block.type() == ContentBlock::Type::Text)
                parts.append(block.text());
        return parts.join(u'\n');
    }

    /// The `tool_result` block answering @p toolUseId.
    ContentBlock toResultBlock(const QString &toolUseId) const
    {
        return ContentBlock::makeToolResult(toolUseId, content, isError);
    }
};

} // namespace claudette
