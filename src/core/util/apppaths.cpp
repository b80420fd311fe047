#include "core/util/apppaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace claudette {

AppPaths::AppPaths()
    : m_configDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u'/' +
                  Name)
    , m_dataDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u'/' + Name)
    , m_cacheDir(QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + u'/' +
                 Name)
{}

AppPaths::AppPaths(const QString &root)
    : m_configDir(QDir::cleanPath(root + u"/config/"_s + Name))
    , m_dataDir(QDir::cleanPath(root + u"/data/"_s + Name))
    , m_cacheDir(QDir::cleanPath(root + u"/cache/"_s + Name))
{}

QString AppPaths::settingsFile() const
{
    return m_configDir + u"/claudette.conf"_s;
}

QString AppPaths::libraryDir() const
{
    return m_dataDir + u"/library"_s;
}

QString AppPaths::journalsDir() const
{
    return m_dataDir + u"/journals"_s;
}

QString AppPaths::draftFile() const
{
    return m_dataDir + u"/draft.json"_s;
}

QString AppPaths::ledgerFile() const
{
    return m_dataDir + u"/ledger.jsonl"_s;
}

QString AppPaths::indexFile() const
{
    return m_dataDir + u"/index.sqlite"_s;
}

QString AppPaths::modelListCacheFile() const
{
    return m_cacheDir + u"/models.json"_s;
}

bool AppPaths::ensureDirs(QString *errorString) const
{
    for (const QString &dir : {m_configDir, m_dataDir, m_cacheDir, libraryDir(), journalsDir()}) {
        if (!QDir().mkpath(dir)) {
            if (errorString)
                *errorString = QCoreApplication::translate("claudette::AppPaths",
                                                           "Cannot create the folder %1")
                                   .arg(dir);
            return false;
        }
    }
    return true;
}

} // namespace claudette
