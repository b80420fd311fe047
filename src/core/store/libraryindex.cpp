#include "core/store/libraryindex.h"

#include "core/store/conversationfile.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcIndex, "claudette.store.index")

namespace claudette {

namespace {

QAtomicInteger<quint64> s_connectionCounter;

// One QSQLITE connection for the lifetime of one call, in the calling thread.
class Connection
{
public:
    explicit Connection(const QString &path)
        : m_name(u"claudette-index-%1"_s.arg(s_connectionCounter.fetchAndAddRelaxed(1)))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
        m_ok = db.open();
        if (m_ok) {
            QSqlQuery q(db);
            q.exec(u"PRAGMA journal_mode=WAL"_s);
            q.exec(u"PRAGMA synchronous=NORMAL"_s);
        }
    }
    ~Connection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    bool ok() const { return m_ok; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
    bool m_ok = false;
};

// The searchable text of a turn: text blocks, thinking, and the text inside tool results.
void collectText(const QJsonArray &content, QString &out)
{
    for (const QJsonValue &v : content) {
        const QJsonObject b = v.toObject();
        const QString type = b.value("type"_L1).toString();
        if (type == "text"_L1) {
            out += b.value("text"_L1).toString();
            out += u'\n';
        } else if (type == "thinking"_L1) {
            out += b.value("thinking"_L1).toString();
            out += u'\n';
        } else if (b.value("content"_L1).isArray()) {
            collectText(b.value("content"_L1).toArray(), out);
        } else if (b.value("content"_L1).isString()) {
            out += b.value("content"_L1).toString();
            out += u'\n';
        }
    }
}

} // namespace

LibraryIndex::LibraryIndex(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_path(databasePath)
{
}

LibraryIndex::~LibraryIndex() = default;

void LibraryIndex::setError(const QString &error) const
{
    QMutexLocker locker(&m_errorLock);
    m_error = error;
    qCWarning(lcIndex) << error;
}

QString LibraryIndex::errorString() const
{
    QMutexLocker locker(&m_errorLock);
    return m_error;
}

bool LibraryIndex::open()
{
    QMutexLocker locker(&m_writeLock);
    const bool existed = QFileInfo::exists(m_path);
    Connection c(m_path);
    if (!c.ok()) {
        setError(tr("Cannot open the search index %1: %2").arg(m_path, c.db().lastError().text()));
        return false;
    }
    QSqlQuery q(c.db());
    int version = 0;
    if (existed && q.exec(u"SELECT value FROM meta WHERE key = 'schema'"_s) && q.next())
        version = q.value(0).toInt();
    m_needsRebuild = !existed || version != kSchemaVersion;
    if (m_needsRebuild) {
        q.exec(u"DROP TABLE IF EXISTS turns"_s);
        q.exec(u"DROP TABLE IF EXISTS docs"_s);
        q.exec(u"DROP TABLE IF EXISTS meta"_s);
    }
    const QStringList schema = {
        u"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)"_s,
        u"CREATE TABLE IF NOT EXISTS docs(path TEXT PRIMARY KEY, title TEXT, mtime INTEGER, "
        "size INTEGER)"_s,
        u"CREATE VIRTUAL TABLE IF NOT EXISTS turns USING fts5(path UNINDEXED, turn_id "
        "UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"_s,
        u"INSERT OR REPLACE INTO meta(key, value) VALUES('schema', '%1')"_s.arg(kSchemaVersion),
    };
    for (const QString &sql : schema) {
        if (!q.exec(sql)) {
            setError(tr("Cannot create the search index %1 (is SQLite built with FTS5?): %2")
                         .arg(m_path, q.lastError().text()));
            return false;
        }
    }
    return true;
}

bool LibraryIndex::update(const QString &path, bool force)
{
    const QFileInfo info(path);
    const qint64 mtime = info.lastModified().toMSecsSinceEpoch();
    const qint64 size = info.size();
    QMutexLocker locker(&m_writeLock);
    Connection c(m_path);
    if (!c.ok())
        return false;
    QSqlQuery q(c.db());
    if (!force) {
        q.prepare(u"SELECT mtime, size FROM docs WHERE path = ?"_s);
        q.addBindValue(path);
        if (q.exec() && q.next() && q.value(0).toLongLong() == mtime &&
            q.value(1).toLongLong() == size)
            return true;
    }
    const auto loaded = ConversationFile::load(path);
    QSqlDatabase db = c.db();
    db.transaction();
    q.prepare(u"DELETE FROM turns WHERE path = ?"_s);
    q.addBindValue(path);
    q.exec();
    q.prepare(u"DELETE FROM docs WHERE path = ?"_s);
    q.addBindValue(path);
    q.exec();
    if (!loaded.ok()) {
        db.commit();
        return false;
    }
    const ConversationData &d = *loaded.data;
    q.prepare(u"INSERT INTO docs(path, title, mtime, size) VALUES(?, ?, ?, ?)"_s);
    q.addBindValue(path);
    q.addBindValue(d.title);
    q.addBindValue(mtime);
    q.addBindValue(size);
    q.exec();
    QSqlQuery ins(db);
    ins.prepare(u"INSERT INTO turns(path, turn_id, body) VALUES(?, ?, ?)"_s);
    if (!d.title.isEmpty()) {
        ins.addBindValue(path);
        ins.addBindValue(QString());
        ins.addBindValue(d.title);
        ins.exec();
    }
    QString body;
    for (const Turn &t : d.turns) {
        body.clear();
        collectText(t.content, body);
        if (body.isEmpty())
            continue;
        ins.addBindValue(path);
        ins.addBindValue(t.id);
        ins.addBindValue(body);
        if (!ins.exec()) {
            setError(ins.lastError().text());
            db.rollback();
            return false;
        }
    }
    return db.commit();
}

bool LibraryIndex::remove(const QString &path)
{
    QMutexLocker locker(&m_writeLock);
    Connection c(m_path);
    if (!c.ok())
        return false;
    QSqlQuery q(c.db());
    q.prepare(u"DELETE FROM turns WHERE path = ?"_s);
    q.addBindValue(path);
    bool ok = q.exec();
    q.prepare(u"DELETE FROM docs WHERE path = ?"_s);
    q.addBindValue(path);
    return q.exec() && ok;
}

bool LibraryIndex::rename(const QString &oldPath, const QString &newPath)
{
    QMutexLocker locker(&m_writeLock);
    Connection c(m_path);
    if (!c.ok())
        return false;
    QSqlQuery q(c.db());
    bool ok = true;
    for (const QString &sql : {u"UPDATE turns SET path = ? WHERE path = ?"_s,
                               u"UPDATE docs SET path = ? WHERE path = ?"_s}) {
        q.prepare(sql);
        q.addBindValue(newPath);
        q.addBindValue(oldPath);
        ok = q.exec() && ok;
    }
    return ok;
}

int LibraryIndex::rebuild(const QStringList &paths)
{
    {
        QMutexLocker locker(&m_writeLock);
        Connection c(m_path);
        if (!c.ok())
            return 0;
        QSqlQuery q(c.db());
        q.exec(u"DELETE FROM turns"_s);
        q.exec(u"DELETE FROM docs"_s);
    }
    int n = 0;
    for (const QString &p : paths)
        n += update(p, true) ? 1 : 0;
    m_needsRebuild = false;
    return n;
}

QFuture<int> LibraryIndex::rebuildAsync(const QStringList &paths)
{
    return QtConcurrent::run([this, paths] { return rebuild(paths); });
}

QFuture<bool> LibraryIndex::updateAsync(const QString &path)
{
    return QtConcurrent::run([this, path] { return update(path); });
}

QStringList LibraryIndex::indexedPaths() const
{
    Connection c(m_path);
    QStringList out;
    if (!c.ok())
        return out;
    QSqlQuery q(c.db());
    if (q.exec(u"SELECT path FROM docs ORDER BY path"_s)) {
        while (q.next())
            out.append(q.value(0).toString());
    }
    return out;
}

bool LibraryIndex::isAvailable()
{
    return QSqlDatabase::isDriverAvailable(u"QSQLITE"_s);
}

QString LibraryIndex::ftsQuery(const QString &query)
{
    static const QRegularExpression separators(u"[\\s\"]+"_s);
    const QStringList words = query.split(separators, Qt::SkipEmptyParts);
    QStringList parts;
    for (const QString &w : words)
        parts.append(u'"' + w + u'"');
    if (!parts.isEmpty())
        parts.last() += u'*';
    return parts.join(u' ');
}

QList<SearchHit> LibraryIndex::search(const QString &query, int limit) const
{
    QList<SearchHit> hits;
    const QString fts = ftsQuery(query);
    if (fts.isEmpty())
        return hits;
    Connection c(m_path);
    if (!c.ok())
        return hits;
    QSqlQuery q(c.db());
    q.setForwardOnly(true);
    q.prepare(u"SELECT turns.path, turns.turn_id, docs.title, snippet(turns, 2, char(2), "
              "char(3), '…', 12) FROM turns JOIN docs ON docs.path = turns.path WHERE turns "
              "MATCH ? ORDER BY rank LIMIT ?"_s);
    q.addBindValue(fts);
    q.addBindValue(limit);
    if (!q.exec()) {
        setError(q.lastError().text());
        return hits;
    }
    while (q.next()) {
        SearchHit h;
        h.path = q.value(0).toString();
        h.turnId = q.value(1).toString();
        h.title = q.value(2).toString();
        h.snippet = q.value(3).toString();
        hits.append(h);
    }
    return hits;
}

QFuture<QList<SearchHit>> LibraryIndex::searchAsync(const QString &query, int limit) const
{
    return QtConcurrent::run([this, query, limit] { return search(query, limit); });
}

} // namespace claudette
