#include "gui/library/librarypane.h"

#include "gui/controller/librarylistmodel.h"
#include "gui/icons/icons.h"
#include "gui/library/libraryitemdelegate.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QContextMenuEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace claudette {

LibraryPane::LibraryPane(QWidget *parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_list(new QListView(this))
    , m_stack(new QStackedWidget(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_searchTimer(new QTimer(this))
    , m_undoBar(new QWidget(this))
    , m_undoLabel(new QLabel(m_undoBar))
    , m_undoButton(new QToolButton(m_undoBar))
    , m_undoTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("libraryPane"));
    setAccessibleName(tr("Conversation library"));

    auto *title = new QLabel(tr("Conversations"), this);
    title->setObjectName(QStringLiteral("libraryTitle"));
    QFont titleFont = title->font();
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);

    auto *newButton = new QToolButton(this);
    newButton->setObjectName(QStringLiteral("libraryNewButton"));
    newButton->setIcon(Icons::icon(QStringLiteral("document-new")));
    newButton->setAutoRaise(true);
    newButton->setToolTip(tr("New conversation (Ctrl+N)"));
    newButton->setAccessibleName(tr("New conversation"));
    newButton->setFocusPolicy(Qt::StrongFocus);
    connect(newButton, &QToolButton::clicked, this, &LibraryPane::newConversationRequested);

    m_search->setObjectName(QStringLiteral("librarySearch"));
    m_search->setPlaceholderText(tr("Search conversations"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(Icons::icon(QStringLiteral("search")), QLineEdit::LeadingPosition);
    m_search->setAccessibleName(tr("Search conversations"));
    m_search->setAccessibleDescription(
        tr("Searches the text of every saved conversation. Escape clears the search."));
    m_search->installEventFilter(this);

    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterRole(Qt::DisplayRole);
    m_list->setObjectName(QStringLiteral("libraryList"));
    m_list->setModel(m_proxy);
    m_list->setItemDelegate(new LibraryItemDelegate(m_list));
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->setAccessibleName(tr("Saved conversations"));
    m_list->setAccessibleDescription(
        tr("Enter opens a conversation, F2 renames it, Delete moves it to the trash."));
    m_list->setBackgroundRole(QPalette::Window);
    m_list->viewport()->setBackgroundRole(QPalette::Window);
    m_list->installEventFilter(this);
    connect(m_list, &QListView::customContextMenuRequested, this, &LibraryPane::showContextMenu);

    auto *empty = new QLabel(tr("No conversations yet — start one with Ctrl+N"), this);
    empty->setObjectName(QStringLiteral("libraryEmptyState"));
    empty->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    empty->setWordWrap(true);
    empty->setForegroundRole(QPalette::PlaceholderText);
    empty->setContentsMargins(12, 24, 12, 12);

    auto *noMatches = new QLabel(tr("No conversation matches the search."), this);
    noMatches->setObjectName(QStringLiteral("libraryNoMatches"));
    noMatches->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    noMatches->setWordWrap(true);
    noMatches->setForegroundRole(QPalette::PlaceholderText);
    noMatches->setContentsMargins(12, 24, 12, 12);

    m_stack->addWidget(m_list);
    m_stack->addWidget(empty);
    m_stack->addWidget(noMatches);

    m_undoBar->setObjectName(QStringLiteral("libraryUndoBar"));
    m_undoLabel->setObjectName(QStringLiteral("libraryUndoLabel"));
    m_undoLabel->setWordWrap(true);
    m_undoButton->setObjectName(QStringLiteral("libraryUndoButton"));
    m_undoButton->setText(tr("Undo"));
    m_undoButton->setAccessibleName(tr("Undo the delete"));
    m_undoButton->setFocusPolicy(Qt::StrongFocus);
    auto *undoLayout = new QHBoxLayout(m_undoBar);
    undoLayout->setContentsMargins(4, 2, 0, 2);
    undoLayout->addWidget(m_undoLabel, 1);
    undoLayout->addWidget(m_undoButton);
    m_undoBar->hide();
    m_undoTimer->setSingleShot(true);
    m_undoTimer->setInterval(8000);
    connect(m_undoButton, &QToolButton::clicked, this, &LibraryPane::undoTrash);
    connect(m_undoTimer, &QTimer::timeout, this, &LibraryPane::commitTrash);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(4, 0, 0, 0);
    header->addWidget(title, 1);
    header->addWidget(newButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 6, 6);
    layout->setSpacing(8);
    layout->addLayout(header);
    layout->addWidget(m_search);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_undoBar);

    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(150);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (!libraryModel()) {
            m_proxy->setFilterFixedString(text);
            updateEmptyState();
        }
        m_searchTimer->start();
    });
    connect(m_searchTimer, &QTimer::timeout, this, [this] {
        if (LibraryListModel *library = libraryModel())
            library->search(m_search->text());
        Q_EMIT searchChanged(m_search->text());
    });
    connect(m_list, &QListView::activated, this, [this](const QModelIndex &index) {
        const QString path = index.data(m_pathRole).toString();
        if (!path.isEmpty())
            Q_EMIT openRequested(path);
    });
    updateEmptyState();
}

LibraryPane::~LibraryPane()
{
    // A delete still waiting for its undo window happens now.
    commitTrash();
}

void LibraryPane::setModel(QAbstractItemModel *model)
{
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    commitTrash();
    m_proxy->setSourceModel(model);
    m_proxy->setFilterFixedString(QString());
    if (model) {
        const auto update = [this] { updateEmptyState(); };
        m_connections = {
            connect(model, &QAbstractItemModel::rowsInserted, this, update),
            connect(model, &QAbstractItemModel::rowsRemoved, this, update),
            connect(model, &QAbstractItemModel::modelReset, this, update),
        };
        if (auto *library = qobject_cast<LibraryListModel *>(model)) {
            m_connections << connect(
                library, &LibraryListModel::renameFailed, this, [this](const QString &message) {
                    Q_EMIT messageRequested(tr("Could not rename: %1").arg(message));
                });
        }
    }
    updateEmptyState();
}

QAbstractItemModel *LibraryPane::model() const
{
    return m_proxy->sourceModel();
}

LibraryListModel *LibraryPane::libraryModel() const
{
    return qobject_cast<LibraryListModel *>(m_proxy->sourceModel());
}

void LibraryPane::setUndoTimeout(int ms)
{
    m_undoTimer->setInterval(ms);
}

void LibraryPane::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

QString LibraryPane::currentPath() const
{
    return m_list->currentIndex().data(m_pathRole).toString();
}

void LibraryPane::renameCurrent()
{
    const QModelIndex index = m_list->currentIndex();
    if (index.isValid() && (index.flags() & Qt::ItemIsEditable))
        m_list->edit(index);
}

void LibraryPane::togglePinCurrent()
{
    LibraryListModel *library = libraryModel();
    const QModelIndex index = m_list->currentIndex();
    if (!library || !index.isValid())
        return;
    const QString path = currentPath();
    library->setPinned(path, !index.data(LibraryListModel::PinnedRole).toBool());
    const int row = library->rowOf(path);
    if (row >= 0)
        m_list->setCurrentIndex(m_proxy->mapFromSource(library->index(row)));
}

void LibraryPane::trashCurrent()
{
    LibraryListModel *library = libraryModel();
    const QModelIndex index = m_list->currentIndex();
    if (!library || !index.isValid())
        return;
    if (index.data(LibraryListModel::BusyRole).toBool()) {
        Q_EMIT messageRequested(tr("A reply is still arriving in “%1”; stop it before deleting.")
                                    .arg(index.data(LibraryListModel::TitleRole).toString()));
        return;
    }
    const int row = index.row();
    const QString title = index.data(LibraryListModel::TitleRole).toString();
    commitTrash();
    library->scheduleTrash(index.data(m_pathRole).toString());
    m_undoLabel->setText(tr("Deleted “%1”").arg(title));
    m_undoBar->setAccessibleName(tr("Deleted “%1”").arg(title));
    m_undoBar->show();
    m_undoTimer->start();
    // Keep the keyboard on the list, on the row that took the deleted one's place.
    if (m_proxy->rowCount() > 0)
        m_list->setCurrentIndex(m_proxy->index(std::min(row, m_proxy->rowCount() - 1), 0));
}

void LibraryPane::undoTrash()
{
    m_undoTimer->stop();
    m_undoBar->hide();
    LibraryListModel *library = libraryModel();
    if (!library || library->pendingTrash().isEmpty())
        return;
    const QString path = library->pendingTrash();
    library->undoTrash();
    const int row = library->rowOf(path);
    if (row >= 0)
        m_list->setCurrentIndex(m_proxy->mapFromSource(library->index(row)));
    m_list->setFocus(Qt::OtherFocusReason);
}

void LibraryPane::commitTrash()
{
    m_undoTimer->stop();
    m_undoBar->hide();
    LibraryListModel *library = libraryModel();
    if (!library || library->pendingTrash().isEmpty())
        return;
    QString error;
    if (!library->commitTrash(&error))
        Q_EMIT messageRequested(tr("Could not move to the trash: %1").arg(error));
}

void LibraryPane::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_list->indexAt(pos);
    if (!index.isValid())
        return;
    m_list->setCurrentIndex(index);
    QMenu menu(this);
    menu.addAction(tr("&Open"), this, [this, index] {
        const QString path = index.data(m_pathRole).toString();
        if (!path.isEmpty())
            Q_EMIT openRequested(path);
    });
    if (libraryModel()) {
        QAction *rename = menu.addAction(tr("&Rename"), this, &LibraryPane::renameCurrent);
        rename->setShortcut(QKeySequence(Qt::Key_F2));
        const bool pinned = index.data(LibraryListModel::PinnedRole).toBool();
        menu.addAction(pinned ? tr("Un&pin") : tr("&Pin to the Top"), this,
                       &LibraryPane::togglePinCurrent);
        menu.addSeparator();
        QAction *trash = menu.addAction(tr("Move to &Trash"), this, &LibraryPane::trashCurrent);
        trash->setShortcut(QKeySequence::Delete);
    }
    menu.exec(m_list->viewport()->mapToGlobal(pos));
}

bool LibraryPane::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (watched == m_search) {
            if (key->key() == Qt::Key_Escape && !m_search->text().isEmpty()) {
                m_search->clear();
                m_searchTimer->stop();
                if (LibraryListModel *library = libraryModel())
                    library->search(QString());
                Q_EMIT searchChanged(QString());
                return true;
            }
            if (key->key() == Qt::Key_Down && m_proxy->rowCount() > 0) {
                m_list->setFocus(Qt::TabFocusReason);
                if (!m_list->currentIndex().isValid())
                    m_list->setCurrentIndex(m_proxy->index(0, 0));
                return true;
            }
        } else if (watched == m_list) {
            if (key->matches(QKeySequence::Delete) || key->key() == Qt::Key_Delete) {
                trashCurrent();
                return true;
            }
            if (key->key() == Qt::Key_Menu) {
                showContextMenu(m_list->visualRect(m_list->currentIndex()).center());
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void LibraryPane::updateEmptyState()
{
    const QAbstractItemModel *source = m_proxy->sourceModel();
    const LibraryListModel *library = libraryModel();
    const bool searching = library ? library->isSearching() : !m_search->text().isEmpty();
    if (!source || (source->rowCount() == 0 && !searching))
        m_stack->setCurrentIndex(1);
    else if (m_proxy->rowCount() == 0)
        m_stack->setCurrentIndex(2);
    else
        m_stack->setCurrentIndex(0);
}

} // namespace claudette
