#pragma once

#include "core/store/library.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QFutureWatcher>
#include <QSet>

#include <functional>

namespace claudette {

/**
 * The library pane's rows, backed by a claudette::Library: pinned conversations first, then by
 * last use; the path is Qt::UserRole + 1 (LibraryPane's default path role). Conversations whose
 * reply is streaming carry a busy mark.
 *
 * search() runs the full-text search (Library::search, on a worker thread) and shows one row per
 * conversation that matched, with a snippet around the match (SnippetRole); an empty query shows
 * the whole library again. Without a full-text index the titles are matched instead.
 *
 * Editing a row's title renames the conversation (Library::rename, or the rename hook for one
 * that is open in this process). scheduleTrash() hides a row and moves its file to the trash only
 * when commitTrash() runs (after an undo window) unless undoTrash() came first.
 */
class LibraryListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role : int
    {
        PathRole = Qt::UserRole + 1,
        BusyRole,
        ModifiedRole,
        PinnedRole,
        TitleRole,
        SnippetRole
    };
    /// Renames a conversation that is open for writing in this process; returns false when
    /// @p path is not open (the library renames the file then).
    using RenameHook = std::function<bool(const QString &path, const QString &title)>;

    /// @p library is not owned.
    explicit LibraryListModel(Library *library, QObject *parent = nullptr);
    ~LibraryListModel() override;

    Library *library() const { return m_library; }
    void setRenameHook(RenameHook hook) { m_renameHook = std::move(hook); }

    /// Lists the folder again.
    void refresh();
    /// Waits for pending searches and indexing, then delivers their results (tests).
    void waitForSearch();
    void setBusy(const QString &path, bool busy);
    bool isBusy(const QString &path) const { return m_busy.contains(path); }
    /// Sets a known title (an open conversation was renamed) without reading the file.
    void setTitle(const QString &path, const QString &title);
    int rowOf(const QString &path) const;

    /// Full-text search; an empty @p query lists everything again.
    void search(const QString &query);
    QString query() const { return m_query; }
    bool isSearching() const { return !m_query.isEmpty(); }

    bool rename(const QString &path, const QString &title, QString *error = nullptr);
    bool setPinned(const QString &path, bool pinned);

    /// Hides @p path until commitTrash() moves it to the trash or undoTrash() brings it back.
    /// A pending one is committed first.
    void scheduleTrash(const QString &path);
    QString pendingTrash() const { return m_pendingTrash; }
    void undoTrash();
    bool commitTrash(QString *error = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    /// A search's results are shown.
    void searchFinished(const QString &query, int count);
    /// The file is about to go to the trash: whoever has it open should close it now.
    void aboutToTrash(const QString &path);
    /// Renaming through setData() failed (the message says why).
    void renameFailed(const QString &message);

private:
    struct Row
    {
        LibraryEntry entry;
        QString snippet;
    };
    void rebuild();
    void searchDone();

    Library *m_library;
    QList<Row> m_rows;
    QSet<QString> m_busy;
    QString m_query;
    QList<SearchHit> m_hits;
    QString m_pendingTrash;
    RenameHook m_renameHook;
    QFutureWatcher<QList<SearchHit>> m_search;
};

} // namespace claudette
