#include "gui/library/librarypane.h"

#include "gui/icons/icons.h"

#include <QAbstractItemModel>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
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
    connect(newButton, &QToolButton::clicked, this, &LibraryPane::newConversationRequested);

    m_search->setObjectName(QStringLiteral("librarySearch"));
    m_search->setPlaceholderText(tr("Search conversations"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(Icons::icon(QStringLiteral("search")), QLineEdit::LeadingPosition);
    m_search->setAccessibleName(tr("Search conversations"));

    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterRole(Qt::DisplayRole);
    m_list->setObjectName(QStringLiteral("libraryList"));
    m_list->setModel(m_proxy);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setUniformItemSizes(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setAccessibleName(tr("Saved conversations"));
    m_list->setBackgroundRole(QPalette::Window);
    m_list->viewport()->setBackgroundRole(QPalette::Window);

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

    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(200);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        updateEmptyState();
        m_searchTimer->start();
    });
    connect(m_searchTimer, &QTimer::timeout, this,
            [this] { Q_EMIT searchChanged(m_search->text()); });
    connect(m_list, &QListView::activated, this, [this](const QModelIndex &index) {
        const QString path = index.data(m_pathRole).toString();
        if (!path.isEmpty())
            Q_EMIT openRequested(path);
    });
    updateEmptyState();
}

void LibraryPane::setModel(QAbstractItemModel *model)
{
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_proxy->setSourceModel(model);
    if (model) {
        const auto update = [this] { updateEmptyState(); };
        m_connections = {
            connect(model, &QAbstractItemModel::rowsInserted, this, update),
            connect(model, &QAbstractItemModel::rowsRemoved, this, update),
            connect(model, &QAbstractItemModel::modelReset, this, update),
        };
    }
    updateEmptyState();
}

QAbstractItemModel *LibraryPane::model() const
{
    return m_proxy->sourceModel();
}

void LibraryPane::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void LibraryPane::updateEmptyState()
{
    const QAbstractItemModel *source = m_proxy->sourceModel();
    if (!source || source->rowCount() == 0)
        m_stack->setCurrentIndex(1);
    else if (m_proxy->rowCount() == 0)
        m_stack->setCurrentIndex(2);
    else
        m_stack->setCurrentIndex(0);
}

} // namespace claudette
