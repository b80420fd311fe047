#include "core/api/sseparser.h"

#include <cstring>

namespace claudette {

namespace {
constexpr char kBom[] = "\xEF\xBB\xBF";

// Index of the first CR or LF in [from, size), or -1.
qsizetype findLineEnd(QByteArrayView bytes, qsizetype from)
{
    const char *begin = bytes.data() + from;
    const qsizetype n = bytes.size() - from;
    const void *lf = std::memchr(begin, '\n', size_t(n));
    const qsizetype lfAt = lf ? static_cast<const char *>(lf) - begin : n;
    // Search for CR only before the first LF: CR-only streams are rare, CRLF ones common.
    const void *cr = std::memchr(begin, '\r', size_t(lfAt));
    const qsizetype at = cr ? static_cast<const char *>(cr) - begin : lfAt;
    return at == n ? -1 : from + at;
}
} // namespace

QList<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    QList<SseEvent> out;
    feed(bytes, out);
    return out;
}

void SseParser::feed(QByteArrayView bytes, QList<SseEvent> &out)
{
    m_bytesFed += bytes.size();
    if (!m_bomDecided) {
        m_bomPrefix.append(bytes);
        const qsizetype n = qMin<qsizetype>(m_bomPrefix.size(), 3);
        if (std::memcmp(m_bomPrefix.constData(), kBom, size_t(n)) == 0 && n < 3)
            return; // could still be a BOM: wait for more bytes
        m_bomDecided = true;
        QByteArray start = std::move(m_bomPrefix);
        m_bomPrefix = QByteArray();
        if (start.startsWith(QByteArrayView(kBom, 3)))
            start.remove(0, 3);
        m_bytesFed -= start.size(); // counted again below
        feed(start, out);
        return;
    }

    qsizetype pos = 0;
    if (m_afterCR && !bytes.isEmpty() && bytes.front() == '\n')
        pos = 1; // the LF of a CRLF pair split across chunks
    m_afterCR = false;

    while (pos < bytes.size()) {
        const qsizetype end = findLineEnd(bytes, pos);
        if (end < 0) {
            m_line.append(bytes.sliced(pos));
            m_pendingFields = m_pendingFields || !m_line.isEmpty();
            return;
        }
        if (m_line.isEmpty()) {
            processLine(bytes.sliced(pos, end - pos), out);
        } else {
            m_line.append(bytes.sliced(pos, end - pos));
            processLine(m_line, out);
            m_line.clear();
        }
        pos = end + 1;
        if (bytes[end] == '\r') {
            if (pos < bytes.size()) {
                if (bytes[pos] == '\n')
                    ++pos;
            } else {
                m_afterCR = true;
            }
        }
    }
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.front() == ':')
        return; // comment
    m_pendingFields = true;

    QByteArrayView field = line;
    QByteArrayView value;
    if (const qsizetype colon = line.indexOf(':'); colon >= 0) {
        field = line.first(colon);
        value = line.sliced(colon + 1);
        if (!value.isEmpty() && value.front() == ' ')
            value = value.sliced(1);
    }

    if (field == "data") {
        if (m_hasData)
            m_data.append('\n');
        m_data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_type = value.toByteArray();
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastId = value.toByteArray();
    }
    // "retry" and unknown fields are ignored.
}

void SseParser::dispatch(QList<SseEvent> &out)
{
    m_pendingFields = false;
    if (!m_hasData) {
        m_type.clear();
        return;
    }
    SseEvent event;
    event.type = m_type.isEmpty() ? QByteArrayLiteral("message") : std::move(m_type);
    event.data = std::move(m_data);
    event.id = m_lastId;
    out.append(std::move(event));
    m_type = QByteArray();
    m_data = QByteArray();
    m_hasData = false;
}

bool SseParser::hasPendingEvent() const
{
    return m_hasData || m_pendingFields || !m_line.isEmpty();
}

void SseParser::reset()
{
    *this = SseParser();
}

} // namespace claudette
