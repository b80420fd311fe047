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
    feed(bytes, [&out](const SseEventView &event) {
        out.append(event.toEvent());
        return true;
    });
}

bool SseParser::feed(QByteArrayView bytes, const Handler &handler)
{
    m_bytesFed += bytes.size();
    if (!m_bomDecided) {
        m_bomPrefix.append(bytes);
        const qsizetype n = qMin<qsizetype>(m_bomPrefix.size(), 3);
        if (std::memcmp(m_bomPrefix.constData(), kBom, size_t(n)) == 0 && n < 3)
            return true; // could still be a BOM: wait for more bytes
        m_bomDecided = true;
        QByteArray start = std::move(m_bomPrefix);
        m_bomPrefix = QByteArray();
        if (start.startsWith(QByteArrayView(kBom, 3)))
            start.remove(0, 3);
        m_bytesFed -= start.size(); // counted again below
        return feed(start, handler);
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
            break;
        }
        bool go = true;
        if (m_line.isEmpty()) {
            go = processLine(bytes.sliced(pos, end - pos), false, handler);
        } else {
            m_line.append(bytes.sliced(pos, end - pos));
            go = processLine(m_line, true, handler);
            if (go)
                m_line.clear();
        }
        if (!go)
            return false;
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
    // The chunk goes away after this call: what the pending event points into must be kept.
    ownPending();
    return true;
}

void SseParser::ownPending()
{
    if (m_typeIsView) {
        m_type = m_typeView.toByteArray();
        m_typeView = {};
        m_typeIsView = false;
    }
    if (m_dataIsView) {
        m_data = m_dataView.toByteArray();
        m_dataView = {};
        m_dataIsView = false;
    }
}

bool SseParser::processLine(QByteArrayView line, bool transient, const Handler &handler)
{
    if (line.isEmpty())
        return dispatch(handler);
    if (line.front() == ':')
        return true; // comment
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
        if (!m_hasData && !transient) {
            m_dataView = value;
            m_dataIsView = true;
        } else {
            if (m_dataIsView) {
                m_data = m_dataView.toByteArray();
                m_dataIsView = false;
                m_dataView = {};
            }
            if (m_hasData)
                m_data.append('\n');
            m_data.append(value);
        }
        m_hasData = true;
    } else if (field == "event") {
        if (transient) {
            m_type = value.toByteArray();
            m_typeIsView = false;
            m_typeView = {};
        } else {
            m_typeView = value;
            m_typeIsView = true;
        }
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastId = value.toByteArray();
    }
    // "retry" and unknown fields are ignored.
    return true;
}

bool SseParser::dispatch(const Handler &handler)
{
    // The event's parts leave the members before the handler runs: it may reset the parser or
    // destroy its owner (then it returns false and nothing here is touched again).
    const QByteArray type = std::move(m_type);
    const QByteArray data = std::move(m_data);
    const QByteArrayView typeView = m_typeIsView ? m_typeView : QByteArrayView(type);
    const QByteArrayView dataView = m_dataIsView ? m_dataView : QByteArrayView(data);
    const bool hasData = m_hasData;
    m_type = QByteArray();
    m_data = QByteArray();
    m_typeView = {};
    m_dataView = {};
    m_typeIsView = false;
    m_dataIsView = false;
    m_hasData = false;
    m_pendingFields = false;
    if (!hasData)
        return true;
    SseEventView event;
    event.type = typeView.isEmpty() ? QByteArrayView("message") : typeView;
    event.data = dataView;
    const QByteArray id = m_lastId;
    event.id = id;
    return handler(event);
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
