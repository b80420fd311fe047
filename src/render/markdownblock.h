#pragma once

#include <QString>

namespace claudette {

/**
 * One top-level markdown block cut out of a message by MarkdownSplitter.
 *
 * `source` is the exact markdown text of the block, including its line ends and any blank lines
 * that separate it from the next block, so the sources of all blocks of a message concatenate back
 * to the message. A block can be rendered on its own (MarkdownRenderer::toHtml) and the result is
 * the same as that part of a rendering of the whole message.
 */
struct MarkdownBlock
{
    enum class Kind {
        Text,          ///< paragraphs, lists, block quotes, tables, indented code (anything else)
        Heading,       ///< one ATX heading line ("# Title")
        ThematicBreak, ///< one rule line ("---", "***", "___")
        FencedCode,    ///< a ``` or ~~~ fenced code block, from opening to closing fence
    };

    Kind kind = Kind::Text;
    QString source;       ///< markdown source of the block
    qsizetype offset = 0; ///< offset of `source` within the whole message
    QString language;     ///< FencedCode: first word of the info string ("cpp" in ```cpp)

    bool operator==(const MarkdownBlock &) const = default;
};

} // namespace claudette
