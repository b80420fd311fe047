#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QFutureWatcher>
#include <QSet>

namespace claudette {

/**
 * The saved conversations in the library folder, newest first, for the library pane: the title
 * (read from the files on a worker thread), the path (Qt::UserRole + 1, LibraryPane's default
 * path role) and a busy mark for conversations whose reply is streaming.
 */
class LibraryListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role : int
    {
        PathRole = Qt::UserRole + 1,
        BusyRole,
        ModifiedRole
    };

    explicit LibraryListModel(const QString &directory, QObject *parent = nullptr);
    ~LibraryListModel() override;

    /// Lists the folder again (titles follow from a worker thread).
    void refresh();
    /// Blocks until the titles of the last refresh() are read (tests).
    void waitForTitles();
    void setBusy(const QString &path, bool busy);
    bool isBusy(const QString &path) const { return m_busy.contains(path); }
    /// Sets a known title (an open conversation was renamed) without reading the file.
    void setTitle(const QString &path, const QString &title);
    int rowOf(const QString &path) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Entry
    {
        QString path;
        QString title;
        QDateTime modified;
    };
    using Titles = QList<std::pair<QString, QString>>;

    void titlesRead();

    QString m_directory;
    QList<Entry> m_entries;
    QSet<QString> m_busy;
    QFutureWatcher<Titles> m_watcher;
};

} // namespace claudette
