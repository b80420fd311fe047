#pragma once

#include <QCoreApplication>
#include <QLockFile>
#include <QString>

#include <memory>
#include <optional>

namespace claudette {

/**
 * The writer's lock of a conversation file: `<file>.lock` next to it, holding the owner's pid,
 * host name and application name (QLockFile's format).
 *
 * A lock whose process no longer runs on this host is stale and is taken over. A lock held by a
 * live process is never considered stale, however old (the app may keep a conversation open for
 * days). The lock is released by unlock() or the destructor.
 */
class FileLock
{
    Q_DECLARE_TR_FUNCTIONS(FileLock)
public:
    explicit FileLock(const QString &conversationPath);
    ~FileLock();
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

    static QString lockPathFor(const QString &conversationPath);

    /// Takes the lock if nobody else holds it (a stale lock is removed first). Does not wait.
    bool tryLock();
    void unlock();
    bool isLocked() const;
    QString lockPath() const { return m_path; }

    struct Owner
    {
        qint64 pid = 0;
        QString hostname;
        QString appname;
    };
    /// Who holds the lock now, if anyone does.
    std::optional<Owner> owner() const;
    /// Why tryLock() failed, for the user ("opened by claudette-cli (pid 1234 on host)").
    QString errorString() const { return m_error; }

private:
    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
    QString m_error;
};

} // namespace claudette
