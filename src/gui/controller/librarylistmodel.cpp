#include "gui/controller/librarylistmodel.h"

#include "core/store/conversationfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace claudette {

LibraryListModel::LibraryListModel(const QString &directory, QObject *parent)
    : QAbstractListModel(parent)
    , m_directory(directory)
{
    connect(&m_watcher, &QFutureWatcher<Titles>::finished, this, &LibraryListModel::titlesRead);
    refresh();
}

LibraryListModel::~LibraryListModel()
{
    m_watcher.waitForFinished();
}

void LibraryListModel::refresh()
{
    const QFileInfoList files =
        QDir(m_directory)
            .entryInfoList(QStringList{QString(u"*."_s + ConversationFile::kSuffix)}, QDir::Files,
                           QDir::Time);
    QHash<QString, QString> known;
    for (const Entry &entry : std::as_const(m_entries))
        known.insert(entry.path, entry.title);
    beginResetModel();
    m_entries.clear();
    QStringList paths;
    for (const QFileInfo &info : files) {
        const QString path = info.absoluteFilePath();
        m_entries.append({path, known.value(path, info.completeBaseName()), info.lastModified()});
        paths << path;
    }
    endResetModel();
    m_watcher.waitForFinished();
    m_watcher.setFuture(QtConcurrent::run([paths] {
        Titles titles;
        for (const QString &path : paths) {
            const ConversationFile::LoadResult result = ConversationFile::load(path);
            if (result.ok() && !result.data->title.isEmpty())
                titles.append({path, result.data->title});
        }
        return titles;
    }));
}

void LibraryListModel::waitForTitles()
{
    m_watcher.waitForFinished();
    QCoreApplication::processEvents();
}

void LibraryListModel::titlesRead()
{
    const Titles titles = m_watcher.result();
    for (const auto &[path, title] : titles)
        setTitle(path, title);
}

int LibraryListModel::rowOf(const QString &path) const
{
    for (qsizetype row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).path == path)
            return int(row);
    }
    return -1;
}

void LibraryListModel::setTitle(const QString &path, const QString &title)
{
    const int row = rowOf(path);
    if (row < 0 || title.isEmpty() || m_entries.at(row).title == title)
        return;
    m_entries[row].title = title;
    const QModelIndex idx = index(row);
    Q_EMIT dataChanged(idx, idx, {Qt::DisplayRole});
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

int LibraryListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant LibraryListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries.at(index.row());
    const bool busy = m_busy.contains(entry.path);
    switch (role) {
    case Qt::DisplayRole:
        return busy ? tr("● %1").arg(entry.title) : entry.title;
    case Qt::ToolTipRole:
        return busy ? tr("%1\nA reply is arriving").arg(entry.path) : entry.path;
    case PathRole:
        return entry.path;
    case BusyRole:
        return busy;
    case ModifiedRole:
        return entry.modified;
    default:
        return {};
    }
}

QHash<int, QByteArray> LibraryListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(PathRole, "path");
    names.insert(BusyRole, "busy");
    names.insert(ModifiedRole, "modified");
    return names;
}

} // namespace claudette
