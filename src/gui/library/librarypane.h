#pragma once

#include <QWidget>

class QAbstractItemModel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QStackedWidget;
class QTimer;

namespace claudette {

/// The left pane: a search box, the saved conversations, and an empty state when there are none.
/// The model (for instance the core's library index) is the caller's; the pane filters it by the
/// search text on the display role and also reports the text (searchChanged(), debounced) for a
/// full-text search the caller may run. Activating a row emits openRequested() with the row's
/// pathRole() data.
class LibraryPane : public QWidget
{
    Q_OBJECT
public:
    explicit LibraryPane(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model);
    QAbstractItemModel *model() const;
    /// The role that holds a conversation's file path (default Qt::UserRole + 1).
    void setPathRole(int role) { m_pathRole = role; }
    int pathRole() const { return m_pathRole; }
    QLineEdit *searchBox() const { return m_search; }
    QListView *listView() const { return m_list; }

public Q_SLOTS:
    void focusSearch();

Q_SIGNALS:
    void openRequested(const QString &path);
    void newConversationRequested();
    void searchChanged(const QString &text);

private:
    void updateEmptyState();

    QLineEdit *m_search;
    QListView *m_list;
    QStackedWidget *m_stack;
    QSortFilterProxyModel *m_proxy;
    QTimer *m_searchTimer;
    QList<QMetaObject::Connection> m_connections;
    int m_pathRole = Qt::UserRole + 1;
};

} // namespace claudette
