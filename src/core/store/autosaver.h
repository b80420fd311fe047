#pragma once

#include "core/store/conversationfile.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace claudette {

class Conversation;

/**
 * Saves a conversation in the background, coalescing changes.
 *
 * Every Conversation::changed() bumps a generation counter and (re)arms a single-shot timer of
 * delay(); when it fires, a snapshot is taken on the calling thread (Conversation::data(): a few
 * reference counts, O(1)) and serialised and written on a worker thread (QtConcurrent). Only one
 * save runs at a time; changes during it lead to one more save afterwards. saved(generation)
 * says which generation reached the disk.
 */
class AutoSaver : public QObject
{
    Q_OBJECT
public:
    AutoSaver(Conversation *conversation, const QString &path, QObject *parent = nullptr);
    ~AutoSaver() override;

    void setPath(const QString &path) { m_path = path; }
    QString path() const { return m_path; }
    void setDelay(int ms) { m_timer.setInterval(ms); }
    int delay() const { return m_timer.interval(); }
    /// Disables saving (read-only conversations). Pending saves are dropped.
    void setEnabled(bool enabled);

    /// The generation of the conversation as it is now.
    quint64 generation() const { return m_generation; }
    /// The newest generation known to be on disk.
    quint64 savedGeneration() const { return m_savedGeneration; }
    bool isBusy() const
    {
        return m_watcher.isRunning() || m_timer.isActive() || m_again || m_handled != m_started;
    }

    /// Counts a change made behind the conversation's back (e.g. while loading).
    void markDirty() { ++m_generation; }
    /// Saves after delay() (restarting nothing if a save is already scheduled).
    void schedule();
    /// Starts a save now, or right after the one running.
    void saveNow();
    /// Blocks until everything scheduled is saved (closing, the CLI, tests). Returns false when
    /// the last save failed.
    bool waitForIdle();

    /// The longest time, in nanoseconds, the calling thread spent starting a save.
    qint64 maxBlockedNs() const { return m_maxBlockedNs; }

Q_SIGNALS:
    void saved(quint64 generation);
    void failed(const QString &errorString);

private:
    void start();
    void finished();

    QPointer<Conversation> m_conversation;
    QString m_path;
    QTimer m_timer;
    QFutureWatcher<ConversationFile::SaveResult> m_watcher;
    quint64 m_generation = 0;
    quint64 m_savedGeneration = 0;
    quint64 m_runningGeneration = 0;
    qint64 m_maxBlockedNs = 0;
    quint64 m_started = 0; // saves started
    quint64 m_handled = 0; // saves whose result was taken
    bool m_again = false;
    bool m_enabled = true;
    bool m_lastOk = true;
};

} // namespace claudette
