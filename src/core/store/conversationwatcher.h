#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

namespace claudette {

/**
 * Follows a conversation file that another process writes (this one opened it read-only).
 *
 * Saves replace the file by renaming a temporary one over it, which ends an inotify watch on the
 * old file; so the folder is watched too and the file is watched again after each change.
 * Changes are debounced (kDebounceMs) into one fileChanged() signal.
 */
class ConversationWatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDebounceMs = 100;

    explicit ConversationWatcher(const QString &path, QObject *parent = nullptr);
    QString path() const { return m_path; }

Q_SIGNALS:
    /// The file was written (or replaced) by someone else.
    void fileChanged();

private:
    void rewatch();

    QString m_path;
    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
    QString m_stamp; // mtime, size and birth time of the version last reported
};

} // namespace claudette
