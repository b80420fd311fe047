#include "core/store/autosaver.h"

#include "core/store/conversation.h"

#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace claudette {

AutoSaver::AutoSaver(Conversation *conversation, const QString &path, QObject *parent)
    : QObject(parent)
    , m_conversation(conversation)
    , m_path(path)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &AutoSaver::start);
    connect(&m_watcher, &QFutureWatcher<ConversationFile::SaveResult>::finished, this,
            &AutoSaver::finished);
    connect(conversation, &Conversation::changed, this, [this] {
        ++m_generation;
        schedule();
    });
}

AutoSaver::~AutoSaver()
{
    m_watcher.waitForFinished();
}

void AutoSaver::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (!enabled) {
        m_timer.stop();
        m_again = false;
    }
}

void AutoSaver::schedule()
{
    if (!m_enabled || m_path.isEmpty())
        return;
    if (m_watcher.isRunning()) {
        m_again = true;
        return;
    }
    if (!m_timer.isActive())
        m_timer.start();
}

void AutoSaver::saveNow()
{
    if (!m_enabled || m_path.isEmpty())
        return;
    m_timer.stop();
    if (m_watcher.isRunning()) {
        m_again = true;
        return;
    }
    start();
}

void AutoSaver::start()
{
    if (!m_conversation || !m_enabled)
        return;
    QElapsedTimer blocked;
    blocked.start();
    m_runningGeneration = m_generation;
    ++m_started;
    // An O(1) snapshot: the worker serialises it while the conversation goes on changing.
    const ConversationData snapshot = m_conversation->data();
    const QString path = m_path;
    m_watcher.setFuture(QtConcurrent::run([snapshot, path] {
        return ConversationFile::save(path, snapshot);
    }));
    m_maxBlockedNs = qMax(m_maxBlockedNs, blocked.nsecsElapsed());
}

void AutoSaver::finished()
{
    if (m_handled == m_started || !m_watcher.isFinished())
        return;
    m_handled = m_started;
    const ConversationFile::SaveResult result = m_watcher.result();
    m_lastOk = result.ok;
    if (result.ok) {
        m_savedGeneration = m_runningGeneration;
        Q_EMIT saved(m_savedGeneration);
    } else {
        Q_EMIT failed(result.errorString);
    }
    if (m_again) {
        m_again = false;
        start();
    }
}

bool AutoSaver::waitForIdle()
{
    for (;;) {
        if (m_watcher.isRunning()) {
            m_watcher.waitForFinished();
            // Deliver the result now instead of through the event loop; the queued finished
            // signal then finds it handled.
            finished();
            continue;
        }
        if (m_timer.isActive() || m_again || (m_enabled && m_generation != m_savedGeneration &&
                                             m_lastOk && !m_path.isEmpty())) {
            m_timer.stop();
            m_again = false;
            start();
            if (!m_watcher.isRunning())
                return m_lastOk;
            continue;
        }
        return m_lastOk;
    }
}

} // namespace claudette
