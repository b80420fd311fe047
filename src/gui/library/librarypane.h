#pragma once

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QListView;
class QModelIndex;
class QSortFilterProxyModel;
class QStackedWidget;
class QTimer;
class QToolButton;

namespace claudette {

class LibraryListModel;

/**
 * The left pane: a search box, the saved conversations, and an empty state when there are none.
 *
 * With a LibraryListModel the search box runs the library's full-text search (results show a
 * snippet), and rows can be renamed (F2, or the context menu), pinned, and moved to the trash
 * (Delete) with an Undo bar: the file goes to the trash only when the undo window passes. Any
 * other model is filtered by the search text on the display role. Activating a row (Enter, double
 * click) emits openRequested() with the row's pathRole() data. Esc in the search box clears it.
 */
class LibraryPane : public QWidget
{
    Q_OBJECT
public:
    explicit LibraryPane(QWidget *parent = nullptr);
    ~LibraryPane() override;

    void setModel(QAbstractItemModel *model);
    QAbstractItemModel *model() const;
    /// The role that holds a conversation's file path (default Qt::UserRole + 1).
    void setPathRole(int role) { m_pathRole = role; }
    int pathRole() const { return m_pathRole; }
    QLineEdit *searchBox() const { return m_search; }
    QListView *listView() const { return m_list; }
    /// How long "Undo" is offered after a delete (default 8 s).
    void setUndoTimeout(int ms);
    QWidget *undoBar() const { return m_undoBar; }

public Q_SLOTS:
    void focusSearch();
    /// Starts renaming the current row in place.
    void renameCurrent();
    /// Moves the current row to the trash (after the undo window).
    void trashCurrent();
    void togglePinCurrent();
    /// Brings back the conversation deleted last.
    void undoTrash();

Q_SIGNALS:
    void openRequested(const QString &path);
    void newConversationRequested();
    void searchChanged(const QString &text);
    /// Something the user should read (a failed rename or delete).
    void messageRequested(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateEmptyState();
    void showContextMenu(const QPoint &pos);
    void commitTrash();
    QString currentPath() const;
    LibraryListModel *libraryModel() const;

    QLineEdit *m_search;
    QListView *m_list;
    QStackedWidget *m_stack;
    QSortFilterProxyModel *m_proxy;
    QTimer *m_searchTimer;
    QWidget *m_undoBar;
    QLabel *m_undoLabel;
    QToolButton *m_undoButton;
    QTimer *m_undoTimer;
    QList<QMetaObject::Connection> m_connections;
    int m_pathRole = Qt::UserRole + 1;
};

} // namespace claudette
