#pragma once

#include "core/store/libraryindex.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QString>

namespace claudette {

/// One conversation of the library, as listed.
struct LibraryEntry
{
    QString path; ///< absolute
    QString id;
    QString title;
    QDateTime lastUsed;
    bool pinned = false;
    qint64 size = 0;
    qint64 mtime = 0; ///< ms since the epoch, when the title was read
};

/**
 * The library: every conversation file in the library folder (AppPaths' `<data>/library/`), plus
 * files saved elsewhere with "Save As", listed pinned first and then by last use.
 *
 * What the files do not say (pins, last use, files outside the folder) and a cache of titles
 * live in `<folder>/library.json`, written atomically. The optional LibraryIndex (full-text
 * search) is kept up to date by refresh(), noteSaved(), rename, trash and move, and rebuilt when
 * missing.
 */
class Library : public QObject
{
    Q_OBJECT
public:
    /// @p indexPath empty: no full-text index.
    explicit Library(const QString &folder, const QString &indexPath = {},
                     QObject *parent = nullptr);
    ~Library() override;

    QString folder() const { return m_folder; }
    LibraryIndex *index() const { return m_index; }

    /// Rescans the folder and known files; reads the titles of files that changed; updates the
    /// index (rebuilding it when it was missing). Synchronous except for indexing, which runs
    /// on a worker (waitForIndex() waits for it).
    void refresh();
    /// Pinned first, then most recently used first.
    QList<LibraryEntry> entries() const;
    LibraryEntry entry(const QString &path) const { return m_entries.value(absolute(path)); }
    bool contains(const QString &path) const { return m_entries.contains(absolute(path)); }

    /// A fresh file name in the folder for a new conversation.
    QString newConversationPath() const;
    /// Marks a conversation as used now (opened, sent to).
    void touch(const QString &path);
    /// A conversation was saved (by a ConversationStore): re-read its title, re-index it.
    void noteSaved(const QString &path);
    bool setPinned(const QString &path, bool pinned);
    /// Renames a conversation that is not open for writing elsewhere (its lock is taken while
    /// the file is rewritten). An open conversation is renamed through Conversation::setTitle.
    bool rename(const QString &path, const QString &title, QString *error = nullptr);
    /// Moves the file (and its .bak) to the desktop trash and forgets it.
    bool moveToTrash(const QString &path, QString *error = nullptr);
    /// "Save As": moves the file to @p newPath; the library follows it.
    bool move(const QString &path, const QString &newPath, QString *error = nullptr);

    QFuture<QList<SearchHit>> search(const QString &query, int limit = 50) const;
    /// Waits for indexing started by this object.
    void waitForIndex();

Q_SIGNALS:
    void changed();
    void moved(const QString &oldPath, const QString &newPath);

private:
    static QString absolute(const QString &path);
    void readTitle(LibraryEntry &e);
    void loadMeta();
    bool saveMeta();
    void indexLater(const QString &path);

    QString m_folder;
    QString m_metaPath;
    QHash<QString, LibraryEntry> m_entries;
    LibraryIndex *m_index = nullptr;
    QList<QFuture<void>> m_indexing;
};

} // namespace claudette
