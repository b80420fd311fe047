#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <functional>

namespace claudette {

/// One server-sent event: its type (the `event:` field, "message" when absent), its data (the
/// `data:` lines joined with LF) and the last event id seen.
struct SseEvent
{
    QByteArray type;
    QByteArray data;
    QByteArray id;

    bool operator==(const SseEvent &) const = default;
};

/// An event as SseParser::feed() hands it to a handler: views valid only during the call.
struct SseEventView
{
    QByteArrayView type;
    QByteArrayView data;
    QByteArrayView id;

    SseEvent toEvent() const { return {type.toByteArray(), data.toByteArray(), id.toByteArray()}; }
};

/**
 * Incremental parser for the WHATWG `text/event-stream` format.
 *
 * Bytes may arrive split anywhere: inside a line, a CRLF pair or a UTF-8 sequence. Lines end in
 * LF, CRLF or CR; a line starting with ':' is a comment; an event is dispatched at a blank line; a
 * leading UTF-8 byte order mark is dropped. The work is O(bytes): only the unterminated tail of the
 * current line is buffered, so long lines do not cause quadratic copying.
 *
 * A plain class with no QObject and no network code, so the Client, the journal replay, the fuzz
 * target and the benchmarks all feed it the same way.
 *
 * The handler overload copies nothing for the common event that lies within one chunk and has
 * one data line: its type and data are views into @p bytes. Only what an event carries over to
 * the next chunk is buffered.
 */
class SseParser
{
public:
    /// Called for each completed event, in order. Returning false stops the parse at once: the
    /// rest of the bytes are dropped and the parser must be reset() before it is fed again.
    using Handler = std::function<bool(const SseEventView &event)>;

    /// Parses @p bytes and hands every event completed by them to @p handler. False when the
    /// handler stopped the parse.
    bool feed(QByteArrayView bytes, const Handler &handler);
    /// Parses @p bytes and appends every event completed by them to @p out.
    void feed(QByteArrayView bytes, QList<SseEvent> &out);
    /// Convenience overload returning the completed events.
    QList<SseEvent> feed(QByteArrayView bytes);

    /// True when bytes of an event arrived that no blank line has dispatched yet: a stream
    /// ending in this state was cut off.
    bool hasPendingEvent() const;

    /// Total bytes fed so far (including a dropped BOM).
    qint64 bytesFed() const { return m_bytesFed; }

    void reset();

private:
    // @p transient: @p line does not live until the end of the current feed() (it is m_line).
    bool processLine(QByteArrayView line, bool transient, const Handler &handler);
    bool dispatch(const Handler &handler);
    void ownPending(); // copy what the pending event views into m_type / m_data

    QByteArray m_line;         // unterminated tail of the current line
    QByteArray m_data;         // data buffer of the event being built (when not m_dataView)
    QByteArray m_type;         // event type of the event being built (when not m_typeView)
    QByteArrayView m_dataView; // the event's single data line, inside the chunk being fed
    QByteArrayView m_typeView; // the event's type, inside the chunk being fed
    bool m_dataIsView = false;
    bool m_typeIsView = false;
    QByteArray m_lastId;    // last event id (persists across events)
    QByteArray m_bomPrefix; // first bytes of the stream while the BOM is undecided
    qint64 m_bytesFed = 0;
    bool m_afterCR = false; // the previous chunk ended in CR: a leading LF belongs to it
    bool m_bomDecided = false;
    bool m_hasData = false;       // a data field was seen for the current event
    bool m_pendingFields = false; // any field or data since the last dispatch
};

} // namespace claudette
