#pragma once

#include "core/store/turn.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QString>
#include <QTimer>

namespace claudette {

/**
 * The streaming journal of one conversation: `<journals>/<conversation id>.jsonl`.
 *
 * While a reply streams, each raw stream event is appended as one JSON line
 * `{"seq":N,"event":{...}}`, after a header line `{"seq":0,"journal":"claudette","version":1,
 * "conversation":ID,"turn":{...}}` describing the assistant turn being written. Lines are
 * buffered in memory and written to the file (one write(2), no fsync: it must survive the
 * process dying, not the machine) at the latest kFlushIntervalMs after they were appended — both
 * on the next append and by a timer when the stream goes quiet — and on flush()/finish().
 *
 * The journal is removed once the turn is saved in the conversation file; a journal found when
 * opening a conversation is replayed with replay(), which feeds the events to an Accumulator as
 * the API layer does while streaming.
 */
class Journal : public QObject
{
    Q_OBJECT
public:
    static constexpr int kFlushIntervalMs = 250;

    explicit Journal(const QString &directory, QObject *parent = nullptr);
    ~Journal() override;

    static QString pathFor(const QString &directory, const QString &conversationId);

    /// Starts the journal of @p turn (an assistant turn with status Streaming), replacing any
    /// earlier journal of the conversation. Writes the header at once.
    /// @p before are turns the reply builds on that may not be in the saved file yet (the user
    /// turn just sent), with the attachment table entries they use: a replay adds those it does
    /// not find, so the prompt survives a crash before its first save as the reply does.
    bool begin(const QString &conversationId, const Turn &turn, const QList<Turn> &before = {},
               const QJsonObject &attachments = {});
    /// Appends one event, given as its JSON (an SSE `data:` payload).
    bool append(QByteArrayView eventJson);
    /// Writes buffered lines now.
    bool flush();
    /// Flushes and closes; the file stays until remove().
    void close();
    /// Closes and deletes the file.
    bool remove();

    bool isOpen() const { return m_file.isOpen(); }
    QString path() const { return m_file.fileName(); }
    qint64 sequence() const { return m_seq; }
    /// Sequence number of the last event written to the file.
    qint64 flushedSequence() const { return m_flushedSeq; }
    QString errorString() const { return m_file.errorString(); }

    struct Replay
    {
        bool found = false; ///< a journal file existed
        bool valid = false; ///< its header was readable
        QString conversationId;
        Turn turn;               ///< the header's turn with the replayed content and usage
        QList<Turn> before;      ///< turns it builds on, as begin() was given them
        QJsonObject attachments; ///< attachment table entries those use
        qint64 events = 0;       ///< events replayed (up to the first unreadable line)
        bool complete = false;   ///< message_stop was journaled
        QString errorString;
    };
    /// Reads a journal left over by a crash. The turn's status is Interrupted (or Complete when
    /// the stream had ended with message_stop); its content, usage, model and stop reason are
    /// what the events give, read by an Accumulator. Replay stops at the first unreadable line.
    static Replay replay(const QString &path);

    /// The SSE event name of a journaled event: the API names each event after its `type`.
    static QByteArray eventName(const QJsonObject &event);

private:
    bool writePending();

    QString m_directory;
    QFile m_file;
    QByteArray m_pending;
    qint64 m_seq = 0;
    qint64 m_flushedSeq = 0;
    QElapsedTimer m_sinceWrite;
    QTimer m_timer;
};

} // namespace claudette
