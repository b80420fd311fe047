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
    m_hasLine = true;
    m_maybeFence = false;
    m_tableMaybe = false;
    m_uncertain = false;
}

void MarkdownSplitter::processText(QStringView line, qsizetype lineStart, qsizetype lineEnd,
                                   QList<MarkdownBlock> &out)
{
    if (m_uncertain) {
        return;
    }
    if (isBlank(line)) {
        m_prevBlank = true;
        m_tableMaybe = false; // a blank line ends any paragraph or table
        return;
    }
    if (m_maybeFence) {
        // Inside what may be a fence opened with 1-3 spaces of indentation: only its closing
        // line matters. Fences nested in list items cannot swallow unindented lines, so treating
        // them the same way only delays closing.
        if (isFenceClose(line, m_fenceChar, m_fenceLength)) {
            m_maybeFence = false;
        }
        m_prevBlank = false;
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
    if (isFenceOpen(line, &fenceChar, &fenceLength, nullptr)) {
        if (m_tableMaybe) {
            // md4c continues a table with any line, so this is a row, unless no table started.
            // Telling those apart needs a full parse: stop closing blocks in this message.
            m_uncertain = true;
            return;
        }
        m_maybeFence = true;
        m_fenceChar = fenceChar;
        m_fenceLength = fenceLength;
    } else if (m_hasLine && !m_prevBlank && isTableUnderlineLike(line)) {
        m_tableMaybe = true;
    }
    m_hasLine = true;
    m_prevBlank = false;
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
    m_prevBlank = m_hasLine = m_maybeFence = m_tableMaybe = m_uncertain = false;
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
