#include "gui/controller/librarylistmodel.h"

#include "core/store/libraryindex.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace claudette {

LibraryListModel::LibraryListModel(Library *library, QObject *parent)
    : QAbstractListModel(parent)
    , m_library(library)
{
    connect(m_library, &Library::changed, this, &LibraryListModel::rebuild);
    connect(&m_search, &QFutureWatcher<QList<SearchHit>>::finished, this,
            &LibraryListModel::searchDone);
    rebuild();
}

LibraryListModel::~LibraryListModel()
{
    m_search.waitForFinished();
}

void LibraryListModel::refresh()
{
    m_library->refresh(); // emits changed()
}

void LibraryListModel::waitForSearch()
{
    m_library->waitForIndex();
    m_search.waitForFinished();
    QCoreApplication::processEvents();
}

void LibraryListModel::rebuild()
{
    QList<Row> rows;
    if (m_query.isEmpty()) {
        for (const LibraryEntry &entry : m_library->entries()) {
            if (entry.path != m_pendingTrash)
                rows.append({entry, {}});
        }
    } else if (m_library->index()) {
        QSet<QString> seen;
        for (const SearchHit &hit : std::as_const(m_hits)) {
            if (seen.contains(hit.path) || hit.path == m_pendingTrash ||
                !m_library->contains(hit.path))
                continue;
            seen.insert(hit.path);
            rows.append({m_library->entry(hit.path), hit.snippet});
        }
    } else {
        // No full-text index (SQLite unavailable): match the titles.
        for (const LibraryEntry &entry : m_library->entries()) {
            if (entry.path != m_pendingTrash && entry.title.contains(m_query, Qt::CaseInsensitive))
                rows.append({entry, {}});
        }
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

void LibraryListModel::search(const QString &query)
{
    const QString trimmed = query.trimmed();
    if (trimmed == m_query && (trimmed.isEmpty() || !m_search.isRunning()))
        return;
    m_query = trimmed;
    m_hits.clear();
    if (m_query.isEmpty() || !m_library->index()) {
        m_search.setFuture(QFuture<QList<SearchHit>>());
        rebuild();
        Q_EMIT searchFinished(m_query, rowCount());
        return;
    }
    // Off the GUI thread; a newer query replaces the one being watched.
    m_search.setFuture(m_library->search(m_query, 200));
}

void LibraryListModel::searchDone()
{
    const QFuture<QList<SearchHit>> future = m_search.future();
    if (m_query.isEmpty() || future.isCanceled() || future.resultCount() == 0)
        return;
    m_hits = future.result();
    rebuild();
    Q_EMIT searchFinished(m_query, rowCount());
}

int LibraryListModel::rowOf(const QString &path) const
{
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).entry.path == path)
            return int(row);
    }
    return -1;
}

void LibraryListModel::setTitle(const QString &path, const QString &title)
{
    const int row = rowOf(path);
    if (row < 0 || title.isEmpty() || m_rows.at(row).entry.title == title)
        return;
    m_rows[row].entry.title = title;
    const QModelIndex idx = index(row);
    Q_EMIT dataChanged(idx, idx, {Qt::DisplayRole, Qt::EditRole, TitleRole});
}

void LibraryListModel::setBusy(const QString &path, bool busy)
{
    if (busy == m_busy.contains(path))
        return;
    if (busy)
        m_busy.insert(path);
    else
        m_busy.remove(path);
    const int row = rowOf(path);
    if (row < 0)
        return;
    const QModelIndex idx = index(row);
    Q_EMIT dataChanged(idx, idx, {Qt::DisplayRole, BusyRole, Qt::ToolTipRole});
}

bool LibraryListModel::rename(const QString &path, const QString &title, QString *error)
{
    const QString trimmed = title.simplified();
    if (trimmed.isEmpty()) {
        if (error)
            *error = tr("A conversation needs a title.");
        return false;
    }
    if (m_renameHook && m_renameHook(path, trimmed)) {
        setTitle(path, trimmed);
        return true;
    }
    return m_library->rename(path, trimmed, error);
}

bool LibraryListModel::setPinned(const QString &path, bool pinned)
{
    return m_library->setPinned(path, pinned);
}

void LibraryListModel::scheduleTrash(const QString &path)
{
    if (!m_pendingTrash.isEmpty() && m_pendingTrash != path)
        commitTrash();
    m_pendingTrash = path;
    const int row = rowOf(path);
    if (row >= 0) {
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
    }
}

void LibraryListModel::undoTrash()
{
    if (m_pendingTrash.isEmpty())
        return;
    m_pendingTrash.clear();
    rebuild();
}

bool LibraryListModel::commitTrash(QString *error)
{
    if (m_pendingTrash.isEmpty())
        return true;
    const QString path = m_pendingTrash;
    Q_EMIT aboutToTrash(path);
    QString why;
    const bool ok = m_library->moveToTrash(path, &why);
    m_pendingTrash.clear();
    if (!ok) {
        if (error)
            *error = why;
        rebuild(); // it is still there: show it again
    }
    return ok;
}

int LibraryListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant LibraryListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const LibraryEntry &entry = row.entry;
    const bool busy = m_busy.contains(entry.path);
    const QString title =
        entry.title.isEmpty() ? QFileInfo(entry.path).completeBaseName() : entry.title;
    switch (role) {
    case Qt::DisplayRole:
        return busy ? tr("● %1").arg(title) : title;
    case Qt::EditRole:
    case TitleRole:
        return title;
    case Qt::ToolTipRole:
        return busy ? tr("%1\nA reply is arriving").arg(entry.path) : entry.path;
    case Qt::AccessibleDescriptionRole: {
        QStringList parts;
        if (entry.pinned)
            parts << tr("Pinned");
        if (busy)
            parts << tr("A reply is arriving");
        if (entry.lastUsed.isValid())
            parts << tr("Last used %1")
                         .arg(QLocale().toString(entry.lastUsed.toLocalTime(),
                                                 QLocale::ShortFormat));
        return parts.join(u", "_s);
    }
    case PathRole:
        return entry.path;
    case BusyRole:
        return busy;
    case ModifiedRole:
        return entry.lastUsed;
    case PinnedRole:
        return entry.pinned;
    case SnippetRole:
        return row.snippet;
    default:
        return {};
    }
}

bool LibraryListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const QString path = m_rows.at(index.row()).entry.path;
    if (value.toString().simplified() == data(index, TitleRole).toString())
        return true;
    QString error;
    if (rename(path, value.toString(), &error))
        return true;
    Q_EMIT renameFailed(error);
    return false;
}

Qt::ItemFlags LibraryListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> LibraryListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(PathRole, "path");
    names.insert(BusyRole, "busy");
    names.insert(ModifiedRole, "modified");
    names.insert(PinnedRole, "pinned");
    names.insert(TitleRole, "title");
    names.insert(SnippetRole, "snippet");
    return names;
}

} // namespace claudette
