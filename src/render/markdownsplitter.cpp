#include "render/markdownsplitter.h"

namespace claudette {

namespace {

bool isSpaceOrTab(QChar c)
{
    return c == u' ' || c == u'\t';
}

/// Column of the first non-blank character (tabs advance to the next multiple of 4) and its index.
int indentation(QStringView line, qsizetype *pos)
{
    int column = 0;
    qsizetype i = 0;
    for (; i < line.size(); ++i) {
        if (line[i] == u' ') {
            ++column;
        } else if (line[i] == u'\t') {
            column += 4 - column % 4;
        } else {
            break;
        }
    }
    *pos = i;
    return column;
}

bool isBlank(QStringView line)
{
    qsizetype pos = 0;
    indentation(line, &pos);
    return pos == line.size();
}

bool isAtxHeading(QStringView line)
{
    qsizetype pos = 0;
    if (indentation(line, &pos) > 3) {
        return false;
    }
    qsizetype hashes = 0;
    while (pos < line.size() && line[pos] == u'#') {
        ++hashes;
        ++pos;
    }
    return hashes >= 1 && hashes <= 6 && (pos == line.size() || isSpaceOrTab(line[pos]));
}

bool isFenceOpen(QStringView line, QChar *fenceChar, qsizetype *fenceLength, QString *language)
{
    qsizetype pos = 0;
    if (indentation(line, &pos) > 3 || pos >= line.size()) {
        return false;
    }
    const QChar c = line[pos];
    if (c != u'`' && c != u'~') {
        return false;
    }
    qsizetype n = 0;
    while (pos < line.size() && line[pos] == c) {
        ++n;
        ++pos;
    }
    if (n < 3) {
        return false;
    }
    const QStringView info = line.sliced(pos).trimmed();
    if (c == u'`' && info.contains(u'`')) {
        return false;
    }
    *fenceChar = c;
    *fenceLength = n;
    if (language) {
        qsizetype end = 0;
        while (end < info.size() && !info[end].isSpace()) {
            ++end;
        }
        *language = info.first(end).toString();
    }
    return true;
}

bool isFenceClose(QStringView line, QChar fenceChar, qsizetype fenceLength)
{
    qsizetype pos = 0;
    if (indentation(line, &pos) > 3) {
        return false;
    }
    qsizetype n = 0;
    while (pos < line.size() && line[pos] == fenceChar) {
        ++n;
        ++pos;
    }
    if (n < fenceLength) {
        return false;
    }
    for (; pos < line.size(); ++pos) {
        if (!isSpaceOrTab(line[pos])) {
            return false;
        }
    }
    return true;
}

bool isThematicBreak(QStringView line)
{
    qsizetype pos = 0;
    if (indentation(line, &pos) > 3 || pos >= line.size()) {
        return false;
    }
    const QChar c = line[pos];
    if (c != u'-' && c != u'*' && c != u'_') {
        return false;
    }
    int count = 0;
    for (; pos < line.size(); ++pos) {
        if (line[pos] == c) {
            ++count;
        } else if (!isSpaceOrTab(line[pos])) {
            return false;
        }
    }
    return count >= 3;
}

bool isListMarker(QStringView line)
{
    qsizetype pos = 0;
    if (indentation(line, &pos) > 3 || pos >= line.size()) {
        return false;
    }
    const QChar c = line[pos];
    if (c == u'-' || c == u'+' || c == u'*') {
        ++pos;
    } else {
        qsizetype digits = 0;
        while (pos < line.size() && line[pos] >= u'0' && line[pos] <= u'9') {
            ++digits;
            ++pos;
        }
        if (digits < 1 || digits > 9 || pos >= line.size() ||
            (line[pos] != u'.' && line[pos] != u')')) {
            return false;
        }
        ++pos;
    }
    return pos == line.size() || isSpaceOrTab(line[pos]);
}

/// A line md4c could take for a table's delimiter row ("|---|:--:|"): only '|', '-', ':' and
/// blanks, with at least one '-' and one '|'. Wider than md4c's test, which is the safe side.
bool isTableUnderlineLike(QStringView line)
{
    qsizetype pos = 0;
    if (indentation(line, &pos) > 3) {
        return false;
    }
    bool dash = false;
    bool pipe = false;
    for (; pos < line.size(); ++pos) {
        const QChar c = line[pos];
        if (c == u'-') {
            dash = true;
        } else if (c == u'|') {
            pipe = true;
        } else if (c != u':' && !isSpaceOrTab(c)) {
            return false;
        }
    }
    return dash && pipe;
}


/// Container markers at the start of a line: block quote '>'s and list item markers.
struct LinePrefix
{
    int quoteLevel = 0;        // '>' markers
    bool listMarker = false;   // a list item marker was among them
    int column = 0;            // column of the content after the markers
    int lastIndent = 0;        // blank columns just before the content
    qsizetype contentStart = 0;
};

LinePrefix linePrefix(QStringView line)
{
    LinePrefix prefix;
    qsizetype pos = 0;
    for (;;) {
        qsizetype p = 0;
        int spaces = 0;
        while (pos + p < line.size() && isSpaceOrTab(line[pos + p])) {
            spaces += line[pos + p] == u'\t' ? 4 - (prefix.column + spaces) % 4 : 1;
            ++p;
        }
        prefix.lastIndent = spaces;
        const QStringView rest = line.sliced(pos + p);
        if (spaces > 3 || rest.isEmpty()) {
            prefix.column += spaces;
            pos += p;
            break;
        }
        if (rest.front() == u'>') {
            ++prefix.quoteLevel;
            prefix.column += spaces + 1;
            pos += p + 1;
            if (pos < line.size() && line[pos] == u' ') {
                ++prefix.column;
                ++pos;
            }
            continue;
        }
        if (isListMarker(rest)) {
            qsizetype m = 0;
            while (m < rest.size() && !isSpaceOrTab(rest[m])) {
                ++m;
            }
            prefix.listMarker = true;
            prefix.column += spaces + int(m);
            pos += p + m;
            continue;
        }
        prefix.column += spaces;
        pos += p;
        break;
    }
    prefix.contentStart = pos;
    return prefix;
}

} // namespace

QList<MarkdownBlock> MarkdownSplitter::append(QStringView delta)
{
    QList<MarkdownBlock> out;
    if (delta.isEmpty()) {
        return out;
    }
    m_buffer.append(delta);
    scanLines(out, false);
    compact();
    return out;
}

QList<MarkdownBlock> MarkdownSplitter::finish()
{
    QList<MarkdownBlock> out;
    scanLines(out, true);
    if (m_lineStart < m_buffer.size()) {
        // The last line has no line end: classify it as a complete line.
        const qsizetype end = m_buffer.size();
        m_scanned += end - m_lineStart;
        processLine(m_lineStart, end, end, out);
        m_lineStart = m_scanPos = end;
    }
    if (m_blockStart < m_buffer.size()) {
        close(m_buffer.size(), openKind(), out);
    }
    compact();
    return out;
}

QStringView MarkdownSplitter::openTail() const
{
    return QStringView(m_buffer).sliced(m_blockStart);
}

MarkdownBlock::Kind MarkdownSplitter::openKind() const
{
    return m_state == State::Fence ? MarkdownBlock::Kind::FencedCode : MarkdownBlock::Kind::Text;
}

void MarkdownSplitter::reset()
{
    *this = MarkdownSplitter();
}

void MarkdownSplitter::scanLines(QList<MarkdownBlock> &out, bool atEnd)
{
    const qsizetype size = m_buffer.size();
    const QChar *data = m_buffer.constData();
    qsizetype i = m_scanPos;
    while (i < size) {
        const QChar c = data[i];
        if (c != u'\n' && c != u'\r') {
            ++i;
            continue;
        }
        qsizetype lineEnd = i + 1;
        if (c == u'\r') {
            if (i + 1 >= size && !atEnd) {
                break; // a LF may follow in the next delta: decide then
            }
            if (i + 1 < size && data[i + 1] == u'\n') {
                lineEnd = i + 2;
            }
        }
        m_scanned += lineEnd - m_scanPos;       // the search for this line end
        m_scanned += lineEnd - m_lineStart;     // classifying the line
        processLine(m_lineStart, i, lineEnd, out);
        m_lineStart = m_scanPos = i = lineEnd;
    }
    m_scanned += i - m_scanPos;
    m_scanPos = i;
}

void MarkdownSplitter::processLine(qsizetype lineStart, qsizetype contentEnd, qsizetype lineEnd,
                                   QList<MarkdownBlock> &out)
{
    const QStringView line = QStringView(m_buffer).sliced(lineStart, contentEnd - lineStart);
    switch (m_state) {
    case State::None:
        processNone(line, lineEnd, out);
        break;
    case State::Fence:
        if (isFenceClose(line, m_fenceChar, m_fenceLength)) {
            close(lineEnd, MarkdownBlock::Kind::FencedCode, out);
        }
        break;
    case State::Text:
        processText(line, lineStart, lineEnd, out);
        break;
    }
}

void MarkdownSplitter::processNone(QStringView line, qsizetype lineEnd, QList<MarkdownBlock> &out)
{
    if (isBlank(line)) {
        return; // leading blank lines belong to the next block
    }
    if (isFenceOpen(line, &m_fenceChar, &m_fenceLength, &m_language)) {
        m_state = State::Fence;
        return;
    }
    if (isAtxHeading(line)) {
        close(lineEnd, MarkdownBlock::Kind::Heading, out);
        return;
    }
    if (isThematicBreak(line)) {
        close(lineEnd, MarkdownBlock::Kind::ThematicBreak, out);
        return;
    }
    m_state = State::Text;
    m_prevBlank = false;
    m_maybeFence = false;
    m_tableMaybe = false;
    m_uncertain = false;
    m_listSeen = false;
    m_hasLine = false;
    noteTextLine(line);
}

void MarkdownSplitter::processText(QStringView line, qsizetype lineStart, qsizetype lineEnd,
                                   QList<MarkdownBlock> &out)
{
    if (m_uncertain) {
        return;
    }
    if (m_maybeFence && fenceLine(line)) {
        return;
    }
    if (isBlank(line)) {
        m_prevBlank = true;
        m_tableMaybe = false; // a blank line ends any paragraph or table
        return;
    }
    QChar fenceChar;
    qsizetype fenceLength = 0;
    const bool unindented = !isSpaceOrTab(line.front());
    if (unindented) {
        const bool startsBlock = m_prevBlank ? !isListMarker(line)
                                             : !m_tableMaybe && (isAtxHeading(line) ||
                                                                 isFenceOpen(line, &fenceChar,
                                                                             &fenceLength, nullptr));
        if (startsBlock) {
            close(lineStart, MarkdownBlock::Kind::Text, out);
            processNone(line, lineEnd, out);
            return;
        }
    }
    noteTextLine(line);
}

void MarkdownSplitter::noteTextLine(QStringView line)
{
    QChar fenceChar;
    qsizetype fenceLength = 0;
    const LinePrefix prefix = linePrefix(line);
    if (prefix.listMarker) {
        m_listSeen = true;
    }
    const QStringView rest = line.sliced(prefix.contentStart);
    if (isFenceOpen(rest, &fenceChar, &fenceLength, nullptr)) {
        // Indented, quoted or in a list item. Code (4+ columns) or paragraph text when no
        // container can hold it; otherwise a fence, and if unsure, count it as one.
        const bool notFence = !m_listSeen && prefix.lastIndent >= 4;
        if (m_tableMaybe && !notFence) {
            // md4c continues a table with any line, so this may be a row, unless no table
            // started. Telling those apart needs a full parse: close nothing more.
            m_uncertain = true;
            return;
        }
        if (!notFence) {
            if (prefix.quoteLevel > 0 && m_listSeen) {
                m_uncertain = true; // quotes and lists nest in too many ways
                return;
            }
            m_maybeFence = true;
            m_fenceChar = fenceChar;
            m_fenceLength = fenceLength;
            m_fenceColumn = prefix.column;
            m_fenceQuoteLevel = prefix.quoteLevel;
        }
    } else if (m_hasLine && !m_prevBlank && isTableUnderlineLike(line)) {
        m_tableMaybe = true;
    }
    m_hasLine = true;
    m_prevBlank = false;
}

bool MarkdownSplitter::fenceLine(QStringView line)
{
    // A fence is open inside this Text block (in a quote, a list item, or at top level with 1-3
    // spaces of indentation). md4c closes an open fence with any line that looks like its
    // closing fence with less than 4 columns of indentation left after the containers that
    // match, even when the line does not continue those containers.
    if (m_fenceQuoteLevel > 0) {
        // In a block quote (no list in this block). Lines must keep the '>' markers; a line
        // with fewer ends the quote and the fence, unless it closes the fence.
        int level = 0;
        qsizetype pos = 0;
        for (;;) {
            qsizetype p = pos;
            const int indent = indentation(line.sliced(pos), &p);
            if (level >= m_fenceQuoteLevel || indent > 3 || pos + p >= line.size() ||
                line[pos + p] != u'>') {
                break;
            }
            pos += p + 1;
            if (pos < line.size() && line[pos] == u' ') {
                ++pos;
            }
            ++level;
        }
        if (isFenceClose(line.sliced(pos), m_fenceChar, m_fenceLength)) {
            m_maybeFence = false;
            m_prevBlank = false;
            return true;
        }
        if (level >= m_fenceQuoteLevel) {
            m_prevBlank = false;
            return true; // content
        }
        // The quote ends with its fence still open. md4c's handling of the lines after that
        // differs from CommonMark in ways only a full parse reproduces: close nothing more.
        m_uncertain = true;
        return true;
    }
    if (isBlank(line)) {
        return true;
    }
    qsizetype pos = 0;
    const int indent = indentation(line, &pos);
    if (isFenceClose(line, m_fenceChar, m_fenceLength)) {
        m_maybeFence = false;
        m_prevBlank = false;
        return true;
    }
    if (m_listSeen) {
        // The fence may be in a list item (whose content column is at most the fence's) or,
        // after the list ended, at top level. Lines indented at least as much as the fence
        // mean the same in both cases; others may not.
        if (indent < m_fenceColumn) {
            m_uncertain = true;
            return true;
        }
        if (isFenceClose(line.sliced(pos), m_fenceChar, m_fenceLength)) {
            if (indent > m_fenceColumn) {
                m_uncertain = true;
                return true;
            }
            m_maybeFence = false;
        }
    }
    m_prevBlank = false;
    return true;
}

void MarkdownSplitter::close(qsizetype end, MarkdownBlock::Kind kind, QList<MarkdownBlock> &out)
{
    MarkdownBlock block;
    block.kind = kind;
    block.source = m_buffer.sliced(m_blockStart, end - m_blockStart);
    block.offset = m_closedLength;
    if (kind == MarkdownBlock::Kind::FencedCode) {
        block.language = m_language;
    }
    m_closedLength += block.source.size();
    m_blockStart = end;
    m_state = State::None;
    m_language.clear();
    m_prevBlank = m_hasLine = m_maybeFence = m_tableMaybe = m_uncertain = m_listSeen = false;
    out.append(std::move(block));
}

void MarkdownSplitter::compact()
{
    // Drop closed text once it is at least half the buffer: amortized O(1) per character.
    if (m_blockStart > 0 && m_blockStart >= m_buffer.size() / 2) {
        m_buffer.remove(0, m_blockStart);
        m_lineStart -= m_blockStart;
        m_scanPos -= m_blockStart;
        m_blockStart = 0;
    }
}

} // namespace claudette
