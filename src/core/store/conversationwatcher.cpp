#include "core/store/conversationwatcher.h"

#include <QDateTime>
#include <QFileInfo>

namespace claudette {

namespace {

// Identifies one version of the file: a save replaces it by a new file (new birth time) and
// usually changes the size or the modification time.
QString stampOf(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return {};
    return QString::number(info.lastModified().toMSecsSinceEpoch()) + u':' +
           QString::number(info.size()) + u':' +
           QString::number(info.birthTime().toMSecsSinceEpoch()) + u':' +
           QString::number(info.metadataChangeTime().toMSecsSinceEpoch());
}

} // namespace

ConversationWatcher::ConversationWatcher(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(QFileInfo(path).absoluteFilePath())
    , m_stamp(stampOf(m_path))
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, [this] {
        rewatch();
        // The folder also changes for other files (locks, other conversations): only a new
        // version of this file counts.
        const QString stamp = stampOf(m_path);
        if (!stamp.isEmpty() && stamp != m_stamp) {
            m_stamp = stamp;
            Q_EMIT fileChanged();
        }
    });
    const auto poke = [this] { m_debounce.start(); };
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, poke);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, poke);
    m_watcher.addPath(QFileInfo(m_path).absolutePath());
    rewatch();
}

void ConversationWatcher::rewatch()
{
    if (!m_watcher.files().contains(m_path) && QFileInfo::exists(m_path))
        m_watcher.addPath(m_path);
}

} // namespace claudette
