#include "core/store/filelock.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace claudette {

FileLock::FileLock(const QString &conversationPath)
    : m_path(lockPathFor(conversationPath))
    , m_lock(std::make_unique<QLockFile>(m_path))
{
    // Only a dead owner makes a lock stale, never its age.
    m_lock->setStaleLockTime(0);
}

FileLock::~FileLock() = default;

QString FileLock::lockPathFor(const QString &conversationPath)
{
    return conversationPath + u".lock"_s;
}

bool FileLock::tryLock()
{
    m_error.clear();
    if (m_lock->isLocked())
        return true;
    if (m_lock->tryLock(0))
        return true;
    switch (m_lock->error()) {
    case QLockFile::LockFailedError:
        if (const auto o = owner()) {
            m_error = tr("%1 is open in %2 (process %3 on %4).")
                          .arg(QFileInfo(m_path.chopped(5)).fileName(),
                               o->appname.isEmpty() ? u"another program"_s : o->appname)
                          .arg(o->pid)
                          .arg(o->hostname);
        } else {
            m_error = tr("%1 is open in another program.").arg(QFileInfo(m_path.chopped(5)).fileName());
        }
        break;
    case QLockFile::PermissionError:
        m_error = tr("Cannot create the lock file %1: permission denied.").arg(m_path);
        break;
    default:
        m_error = tr("Cannot create the lock file %1.").arg(m_path);
        break;
    }
    return false;
}

void FileLock::unlock()
{
    if (m_lock->isLocked())
        m_lock->unlock();
}

bool FileLock::isLocked() const
{
    return m_lock->isLocked();
}

std::optional<FileLock::Owner> FileLock::owner() const
{
    Owner o;
    if (m_lock->isLocked()) {
        o.pid = QCoreApplication::applicationPid();
        o.appname = QCoreApplication::applicationName();
        return o;
    }
    if (!m_lock->getLockInfo(&o.pid, &o.hostname, &o.appname))
        return std::nullopt;
    return o;
}

} // namespace claudette
