#pragma once

#include "core/store/autosaver.h"
#include "core/store/conversation.h"
#include "core/store/conversationwatcher.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>

namespace claudette {

class Accumulator;
class FileLock;
class Journal;

/**
 * One open conversation file: the Conversation, its lock, its autosave and its streaming journal.
 *
 * The order of writes for one exchange (see docs/file-format.md, "Order of writes"):
 * 1. commitUserTurn() adds the user's turn and saves the file; turnCommitted(id) says it is on
 *    disk, and only then is the request sent (waitForSaved() does the same synchronously).
 * 2. beginReply() adds the assistant turn (status streaming) and starts the journal.
 * 3. appendEvent() for every stream event: journaled (flushed at least every 250 ms) and fed to
 *    an Accumulator, the same one the API layer uses, whose message gives the turn's content
 *    (coalesced every 16 ms). A journal is replayed through an Accumulator too.
 * 4. finishReply() sets the final content and status and saves; once that save is on disk the
 *    journal is removed.
 * Opening a conversation whose journal is still there (the app died during 3) restores the reply
 * up to the last flush, marks it interrupted, saves and removes the journal.
 *
 * When another process holds the lock, the conversation opens read-only and follows that
 * process's saves (reloaded()). Nothing is written then.
 */
class ConversationStore : public QObject
{
    Q_OBJECT
public:
    explicit ConversationStore(const QString &journalDirectory, QObject *parent = nullptr);
    ~ConversationStore() override;

    struct OpenResult
    {
        bool ok = false;
        QString errorString;
        bool readOnly = false;
        QString readOnlyReason;       ///< who holds the lock
        bool replayedJournal = false; ///< an interrupted reply was restored
    };

    /// Starts a new, empty conversation saved at @p path (which must not exist).
    OpenResult create(const QString &path, const QJsonObject &settings = {});
    /// Opens @p path: reads it (the file is not changed when that fails), takes the lock or
    /// falls back to read-only, and replays a leftover journal.
    OpenResult open(const QString &path);
    /// Saves what is pending, removes a finished journal, releases the lock.
    void close();

    Conversation *conversation() const { return m_conversation; }
    QString path() const { return m_path; }
    bool isOpen() const { return m_conversation != nullptr; }
    bool isReadOnly() const { return m_readOnly; }
    AutoSaver *autoSaver() const { return m_saver; }

    /// Adds a user turn and starts saving it at once. Returns its id (empty when read-only or
    /// no conversation is open). turnCommitted(id) follows when it is on disk.
    QString commitUserTurn(const QJsonArray &content,
                           const QString &parentId = Conversation::currentLeafMarker());
    /// Blocks until every change so far is on disk. False when a save failed.
    bool waitForSaved();

    /// Adds the streaming assistant turn and opens its journal. Returns the turn id.
    QString beginReply(const QString &model, const QJsonObject &params,
                       const QString &parentId = Conversation::currentLeafMarker());
    QString streamingTurnId() const { return m_streamingId; }
    /// One stream event as its JSON bytes (an SSE `data:` payload) or object.
    void appendEvent(QByteArrayView eventJson);
    void appendEvent(const QJsonObject &event);
    /// Ends the streaming turn. @p message is the final Message (from the API layer's
    /// Accumulator); when empty, what the events gave is kept. Saves; the journal goes once that
    /// save is on disk.
    void finishReply(TurnStatus status, const QJsonObject &message = {},
                     const TurnError &error = {}, std::optional<double> costUsd = std::nullopt);

    /// For a reply that another object writes into the conversation (Chat, through ChatJournal):
    /// journals its events so that a crash loses at most the last flush window. @p turnId is the
    /// streaming assistant turn, already in the conversation.
    bool journalReply(const QString &turnId);
    /// One event of that reply, as its JSON bytes.
    void journalEvent(QByteArrayView eventJson);
    /// That reply ended and its final state is in the conversation: saves now; the journal goes
    /// once that save is on disk.
    void endJournal();

    /// Saves now in the background (e.g. after "Save As" or a rename).
    void saveSoon();
    /// Follows the file to @p newPath (after the library moved it): the lock moves too.
    bool relocate(const QString &newPath);

    QString journalDirectory() const { return m_journalDir; }

Q_SIGNALS:
    void turnCommitted(const QString &turnId);
    void saved();
    void saveFailed(const QString &errorString);
    /// Read-only mode: the writer saved and the conversation was reloaded.
    void reloaded();

private:
    /// Opens the journal for @p reply; warns (and returns false) when it cannot.
    bool beginJournal(const Turn &reply, const QList<Turn> &before = {},
                      const QJsonObject &attachments = {});
    OpenResult attach(ConversationData data, const QString &path);
    void onSaved(quint64 generation);
    void materialize();
    void reload();

    QString m_journalDir;
    QString m_path;
    QPointer<Conversation> m_conversation;
    QPointer<AutoSaver> m_saver;
    QPointer<ConversationWatcher> m_watcher;
    std::unique_ptr<FileLock> m_lock;
    Journal *m_journal = nullptr;
    bool m_readOnly = false;

    Accumulator *m_reply = nullptr; // the streaming reply as its events give it
    QString m_streamingId;
    QTimer m_materialize;
    QList<std::pair<quint64, QString>> m_pendingCommits; // generation -> user turn id
    quint64 m_journalDoneGeneration = 0; // remove the journal once this generation is saved
};

} // namespace claudette
