#pragma once

#include "render/markdownblock.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace claudette {

/**
 * Incremental splitter of streamed markdown into top-level blocks.
 *
 * Text arrives in deltas of any size, split anywhere (inside a line, a CRLF pair or a surrogate
 * pair). append() returns the blocks that became CLOSED: blocks that no later text can change, so
 * callers render them once and cache the result. Everything after the last closed block is the
 * OPEN tail (openTail()), which callers re-render as a whole while it grows.
 *
 * Work per append is proportional to the delta: the text is searched for line ends once, and each
 * complete line is classified once (scannedCharacters() counts both). Nothing is re-scanned, so
 * a message of n characters costs O(n) in total, however it is split.
 *
 * Closing rules (a conservative subset of CommonMark + md4c's GFM tables, so that rendering each
 * block alone gives the same HTML as rendering the whole text):
 *  - an ATX heading or a thematic break that starts a block is closed at the end of its line;
 *  - a fenced code block is closed by its closing fence line;
 *  - any other block (paragraph, list, block quote, table, indented code) is closed when a line
 *    with no indentation follows a blank line and is not a list item (a list could go on), or
 *    when an unindented ATX heading or opening code fence interrupts it;
 *  - where the text is ambiguous without a full parse (a table row that looks like a code fence),
 *    nothing more is closed and the rest of the message stays in the open tail: always correct,
 *    only slower.
 * Link reference definitions ("[x]: https://...") are resolved per block, not per message.
 *
 * Lines end in LF, CRLF or CR, as in md4c. A plain class: no QObject, no rendering.
 */
class MarkdownSplitter
{
public:
    /// Adds @p delta; returns the blocks it closed, in order.
    QList<MarkdownBlock> append(QStringView delta);

    /// Ends the message: the last (unterminated) line is classified and the open tail, if any,
    /// becomes the last closed block. Call reset() before appending a new message.
    QList<MarkdownBlock> finish();

    /// Markdown of the open block: from the end of the last closed block to the end of the text.
    /// Valid until the next non-const call.
    QStringView openTail() const;
    /// What the open tail is so far (FencedCode for an unterminated fence).
    MarkdownBlock::Kind openKind() const;
    /// Language of the open fence when openKind() is FencedCode.
    QString openLanguage() const { return m_language; }
    /// Offset of openTail() within the message.
    qsizetype openOffset() const { return m_closedLength; }

    /// Characters appended since the last reset().
    qsizetype length() const { return m_closedLength + openTail().size(); }

    /// Characters examined since the last reset() (line-end search plus line classification):
    /// at most a small constant times length(), whatever the split. For tests and benchmarks.
    qint64 scannedCharacters() const { return m_scanned; }

    void reset();

private:
    enum class State { None, Fence, Text };

    void scanLines(QList<MarkdownBlock> &out, bool atEnd);
    void processLine(qsizetype lineStart, qsizetype contentEnd, qsizetype lineEnd,
                     QList<MarkdownBlock> &out);
    void processText(QStringView line, qsizetype lineStart, qsizetype lineEnd,
                     QList<MarkdownBlock> &out);
    void processNone(QStringView line, qsizetype lineEnd, QList<MarkdownBlock> &out);
    bool fenceLine(QStringView line);
    void noteTextLine(QStringView line);
    void close(qsizetype end, MarkdownBlock::Kind kind, QList<MarkdownBlock> &out);
    void compact();

    QString m_buffer;           // text from m_blockStart's block on (plus already closed text)
    qsizetype m_blockStart = 0; // start of the open block in m_buffer
    qsizetype m_lineStart = 0;  // start of the first line not classified yet
    qsizetype m_scanPos = 0;    // where the search for the next line end resumes
    qsizetype m_closedLength = 0;
    qint64 m_scanned = 0;

    State m_state = State::None;
    // Fence (exact, top level) or the "maybe fence" of a Text block.
    QChar m_fenceChar;
    qsizetype m_fenceLength = 0;
    QString m_language;
    // Text block state.
    bool m_prevBlank = false;     // the previous line of this block was blank
    bool m_hasLine = false;       // this Text block has at least one line
    bool m_maybeFence = false;    // a fence is open in a container or indented by 1-3 spaces
    bool m_tableMaybe = false;    // a table may be open (md4c: any line continues it)
    bool m_uncertain = false;     // cannot tell without a full parse: close nothing more
    bool m_listSeen = false;      // a line of this block starts a list item
    int m_fenceColumn = 0;        // column of the open fence's opening characters
    int m_fenceQuoteLevel = 0;    // '>' markers before the open fence
};

} // namespace claudette
