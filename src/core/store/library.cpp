#include "core/store/library.h"

#include "core/store/conversationfile.h"
#include "core/store/filelock.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcLibrary, "claudette.store.library")

namespace claudette {

Library::Library(const QString &folder, const QString &indexPath, QObject *parent)
    : QObject(parent)
    , m_folder(absolute(folder))
    , m_metaPath(QDir(m_folder).filePath(u"library.json"_s))
{
    QDir().mkpath(m_folder);
    if (!indexPath.isEmpty()) {
        m_index = new LibraryIndex(indexPath, this);
        if (!m_index->open()) {
            delete m_index;
            m_index = nullptr;
        }
    }
    loadMeta();
}

Library::~Library()
{
    waitForIndex();
}

QString Library::absolute(const QString &path)
{
    return QFileInfo(path).absoluteFilePath();
}

void Library::loadMeta()
{
    QFile f(m_metaPath);
    if (!f.open(QIODevice::ReadOnly))
        return;
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    const QJsonObject entries = root.value("entries"_L1).toObject();
    for (auto it = entries.constBegin(); it != entries.constEnd(); ++it) {
        const QJsonObject o = it.value().toObject();
        LibraryEntry e;
        e.path = it.key();
        e.id = o.value("id"_L1).toString();
        e.title = o.value("title"_L1).toString();
        e.pinned = o.value("pinned"_L1).toBool();
        e.lastUsed = QDateTime::fromString(o.value("last_used"_L1).toString(), Qt::ISODateWithMs);
        e.size = o.value("size"_L1).toInteger();
        e.mtime = o.value("mtime"_L1).toInteger();
        m_entries.insert(e.path, e);
    }
}

bool Library::saveMeta()
{
    QJsonObject entries;
    for (const LibraryEntry &e : std::as_const(m_entries)) {
        QJsonObject o;
        o.insert("id"_L1, e.id);
        o.insert("title"_L1, e.title);
        o.insert("pinned"_L1, e.pinned);
        if (e.lastUsed.isValid())
            o.insert("last_used"_L1, e.lastUsed.toUTC().toString(Qt::ISODateWithMs));
        o.insert("size"_L1, e.size);
        o.insert("mtime"_L1, e.mtime);
        entries.insert(e.path, o);
    }
    QSaveFile f(m_metaPath);
    const QByteArray bytes =
        QJsonDocument(QJsonObject{{"version"_L1, 1}, {"entries"_L1, entries}}).toJson();
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        qCWarning(lcLibrary) << "cannot write" << m_metaPath << f.errorString();
        return false;
    }
    return true;
}

void Library::readTitle(LibraryEntry &e)
{
    const QFileInfo info(e.path);
    const qint64 mtime = info.lastModified().toMSecsSinceEpoch();
    if (e.mtime == mtime && e.size == info.size() && !e.id.isEmpty())
        return;
    const auto loaded = ConversationFile::load(e.path);
    e.mtime = mtime;
    e.size = info.size();
    if (loaded.ok()) {
        e.id = loaded.data->id;
        e.title = loaded.data->title;
    } else {
        e.title = info.completeBaseName();
    }
    if (!e.lastUsed.isValid())
        e.lastUsed = info.lastModified();
}

void Library::refresh()
{
    QHash<QString, LibraryEntry> next;
    QDirIterator it(m_folder, {u"*.claudette"_s}, QDir::Files);
    while (it.hasNext()) {
        const QString p = absolute(it.next());
        next.insert(p, m_entries.value(p, LibraryEntry{p, {}, {}, {}, false, 0, 0}));
    }
    // Files saved elsewhere stay listed while they exist.
    for (const LibraryEntry &e : std::as_const(m_entries)) {
        if (!next.contains(e.path) && QFileInfo::exists(e.path))
            next.insert(e.path, e);
    }
    QStringList changedPaths;
    for (LibraryEntry &e : next) {
        const qint64 oldMtime = e.mtime;
        readTitle(e);
        if (e.mtime != oldMtime)
            changedPaths.append(e.path);
    }
    QStringList gone;
    for (const LibraryEntry &e : std::as_const(m_entries)) {
        if (!next.contains(e.path))
            gone.append(e.path);
    }
    m_entries = std::move(next);
    saveMeta();
    if (m_index) {
        if (m_index->needsRebuild()) {
            m_indexing.append(QFuture<void>(m_index->rebuildAsync(m_entries.keys())));
        } else {
            // Files changed behind our back, or never indexed.
            const QStringList indexed = m_index->indexedPaths();
            for (const QString &p : m_entries.keys()) {
                if (!indexed.contains(p) && !changedPaths.contains(p))
                    changedPaths.append(p);
            }
            for (const QString &p : std::as_const(changedPaths))
                indexLater(p);
            for (const QString &p : std::as_const(gone))
                m_index->remove(p);
        }
    }
    Q_EMIT changed();
}

QList<LibraryEntry> Library::entries() const
{
    QList<LibraryEntry> list = m_entries.values();
    std::sort(list.begin(), list.end(), [](const LibraryEntry &a, const LibraryEntry &b) {
        if (a.pinned != b.pinned)
            return a.pinned;
        if (a.lastUsed != b.lastUsed)
            return a.lastUsed > b.lastUsed;
        return a.path < b.path;
    });
    return list;
}

QString Library::newConversationPath() const
{
    const QString stamp = QDateTime::currentDateTime().toString(u"yyyy-MM-dd-hhmmss"_s);
    QString path = QDir(m_folder).filePath(stamp + u".claudette"_s);
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = QDir(m_folder).filePath(u"%1-%2.claudette"_s.arg(stamp).arg(n));
    return path;
}

void Library::touch(const QString &path)
{
    const QString p = absolute(path);
    LibraryEntry &e = m_entries[p];
    e.path = p;
    readTitle(e);
    e.lastUsed = QDateTime::currentDateTimeUtc();
    saveMeta();
    Q_EMIT changed();
}

void Library::noteSaved(const QString &path)
{
    const QString p = absolute(path);
    LibraryEntry &e = m_entries[p];
    e.path = p;
    e.mtime = 0; // force re-reading the title
    readTitle(e);
    if (!e.lastUsed.isValid())
        e.lastUsed = QDateTime::currentDateTimeUtc();
    saveMeta();
    indexLater(p);
    Q_EMIT changed();
}

bool Library::setPinned(const QString &path, bool pinned)
{
    const auto it = m_entries.find(absolute(path));
    if (it == m_entries.end())
        return false;
    it->pinned = pinned;
    saveMeta();
    Q_EMIT changed();
    return true;
}

bool Library::rename(const QString &path, const QString &title, QString *error)
{
    const QString p = absolute(path);
    FileLock lock(p);
    if (!lock.tryLock()) {
        if (error)
            *error = lock.errorString();
        return false;
    }
    auto loaded = ConversationFile::load(p);
    if (!loaded.ok()) {
        if (error)
            *error = loaded.errorString;
        return false;
    }
    loaded.data->title = title;
    const auto saved = ConversationFile::save(p, *loaded.data);
    if (!saved.ok) {
        if (error)
            *error = saved.errorString;
        return false;
    }
    noteSaved(p);
    return true;
}

bool Library::moveToTrash(const QString &path, QString *error)
{
    const QString p = absolute(path);
    FileLock lock(p);
    if (!lock.tryLock()) {
        if (error)
            *error = lock.errorString();
        return false;
    }
    QFile f(p);
    if (!f.moveToTrash()) {
        if (error)
            *error = tr("Cannot move %1 to the trash: %2").arg(p, f.errorString());
        return false;
    }
    if (QFile::exists(ConversationFile::backupPath(p)))
        QFile(ConversationFile::backupPath(p)).moveToTrash();
    m_entries.remove(p);
    saveMeta();
    if (m_index)
        m_index->remove(p);
    Q_EMIT changed();
    return true;
}

bool Library::move(const QString &path, const QString &newPath, QString *error)
{
    const QString from = absolute(path);
    const QString to = absolute(newPath);
    if (QFileInfo::exists(to)) {
        if (error)
            *error = tr("Cannot move %1 to %2: a file of that name exists.").arg(from, to);
        return false;
    }
    if (!QFile::rename(from, to)) {
        // Another file system: copy, then remove the original.
        if (!QFile::copy(from, to) || !QFile::remove(from)) {
            QFile::remove(to);
            if (error)
                *error = tr("Cannot move %1 to %2.").arg(from, to);
            return false;
        }
    }
    LibraryEntry e = m_entries.take(from);
    e.path = to;
    readTitle(e);
    e.lastUsed = QDateTime::currentDateTimeUtc();
    m_entries.insert(to, e);
    saveMeta();
    if (m_index)
        m_index->rename(from, to);
    Q_EMIT moved(from, to);
    Q_EMIT changed();
    return true;
}

void Library::indexLater(const QString &path)
{
    if (!m_index)
        return;
    // Drop finished futures so the list stays short.
    m_indexing.removeIf([](const QFuture<void> &f) { return f.isFinished(); });
    m_indexing.append(QFuture<void>(m_index->updateAsync(path)));
}

void Library::waitForIndex()
{
    for (QFuture<void> &f : m_indexing)
        f.waitForFinished();
    m_indexing.clear();
}

QFuture<QList<SearchHit>> Library::search(const QString &query, int limit) const
{
    if (!m_index)
        return QtFuture::makeReadyValueFuture(QList<SearchHit>());
    return m_index->searchAsync(query, limit);
}

} // namespace claudette
