#pragma once

#include <QFuture>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>

namespace claudette {

/// One search result: a turn (or the title, with an empty turnId) of a conversation file.
struct SearchHit
{
    QString path;
    QString title;
    /// A short excerpt around the match; matched words are wrapped in kMatchStart/kMatchEnd.
    QString snippet;
    QString turnId;
};

/**
 * Full-text search across all conversations: SQLite FTS5 through Qt SQL (QSQLITE), in
 * `<data>/index.sqlite`.
 *
 * Each conversation is indexed as one row per turn with text (and one for its title), keyed by
 * file path; a file is re-indexed when its modification time or size changed. The index is only
 * a cache: when it is missing or has another schema version it is rebuilt from the files.
 *
 * Every call opens its own database connection in the calling thread, so searches run on a
 * worker thread (searchAsync) while another thread indexes; writers are serialised by a mutex
 * and SQLite's WAL mode lets readers go on meanwhile.
 */
class LibraryIndex : public QObject
{
    Q_OBJECT
public:
    static constexpr QChar kMatchStart = QChar(0x2);
    static constexpr QChar kMatchEnd = QChar(0x3);
    static constexpr int kSchemaVersion = 1;

    explicit LibraryIndex(const QString &databasePath, QObject *parent = nullptr);
    ~LibraryIndex() override;

    /// Creates the database when missing. Returns false when SQLite or FTS5 is unavailable
    /// (errorString()). needsRebuild() then says whether the content must be rebuilt.
    bool open();
    bool needsRebuild() const { return m_needsRebuild; }
    QString errorString() const;

    /// (Re)indexes one conversation file if it changed since it was indexed (or always, with
    /// @p force). Returns false when it could not be read (it is then dropped from the index).
    bool update(const QString &path, bool force = false);
    bool remove(const QString &path);
    bool rename(const QString &oldPath, const QString &newPath);
    /// Empties the index and indexes @p paths. Returns how many files were indexed.
    int rebuild(const QStringList &paths);
    QFuture<int> rebuildAsync(const QStringList &paths);
    QFuture<bool> updateAsync(const QString &path);
    /// Paths in the index.
    QStringList indexedPaths() const;

    /// Every word of @p query must occur (the last one as a prefix). Best matches first.
    QList<SearchHit> search(const QString &query, int limit = 50) const;
    QFuture<QList<SearchHit>> searchAsync(const QString &query, int limit = 50) const;

    /// True when Qt's QSQLITE driver is present.
    static bool isAvailable();

    /// The FTS5 query for what the user typed: words quoted, the last one a prefix.
    static QString ftsQuery(const QString &query);

private:
    QString m_path;
    bool m_needsRebuild = false;
    mutable QMutex m_writeLock;
    mutable QMutex m_errorLock;
    mutable QString m_error;
    void setError(const QString &error) const;
};

} // namespace claudette
