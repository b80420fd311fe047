#include "gui/windows/mainwindow.h"

#include "gui/composer/prompteditor.h"
#include "gui/icons/icons.h"
#include "gui/library/librarypane.h"
#include "gui/sidebar/modelpanel.h"
#include "gui/sidebar/sidebar.h"
#include "gui/transcript/messagewidget.h"
#include "gui/transcript/standardmessagefactory.h"
#include "gui/transcript/transcriptemptystate.h"
#include "gui/transcript/transcriptroles.h"
#include "gui/transcript/transcriptview.h"
#include "gui/windows/aboutdialog.h"
#include "gui/windows/statusindicators.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace claudette {

namespace {
constexpr int kMaxRecentFiles = 10;
const auto kWindowGroup = QStringLiteral("window");
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_library(new LibraryPane(this))
    , m_transcript(new TranscriptView(this))
    , m_emptyState(new TranscriptEmptyState(this))
    , m_centreStack(new QStackedWidget(this))
    , m_banner(new QLabel(this))
    , m_findBar(new QWidget(this))
    , m_findEdit(new QLineEdit(m_findBar))
    , m_composer(new PromptEditor(this))
    , m_sidebar(new Sidebar(this))
    , m_status(new StatusIndicators(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(Icons::icon(QStringLiteral("claudette")));
    setConversationTitle({});
    setAcceptDrops(true);

    m_transcript->setFactory(std::make_unique<StandardMessageFactory>());

    // Find bar above the transcript (Edit > Find).
    m_findBar->setObjectName(QStringLiteral("findBar"));
    m_findEdit->setObjectName(QStringLiteral("findEdit"));
    m_findEdit->setPlaceholderText(tr("Find in conversation"));
    m_findEdit->setClearButtonEnabled(true);
    m_findEdit->setAccessibleName(tr("Find in conversation"));
    m_findEdit->addAction(Icons::icon(QStringLiteral("search")), QLineEdit::LeadingPosition);
    auto *findStatus = new QLabel(m_findBar);
    findStatus->setObjectName(QStringLiteral("findStatus"));
    findStatus->setForegroundRole(QPalette::PlaceholderText);
    auto *closeFind = new QToolButton(m_findBar);
    closeFind->setIcon(Icons::icon(QStringLiteral("close")));
    closeFind->setAutoRaise(true);
    closeFind->setAccessibleName(tr("Close the find bar"));
    auto *findLayout = new QHBoxLayout(m_findBar);
    findLayout->setContentsMargins(16, 6, 16, 0);
    findLayout->addWidget(m_findEdit, 1);
    findLayout->addWidget(findStatus);
    findLayout->addWidget(closeFind);
    m_findBar->hide();
    connect(closeFind, &QToolButton::clicked, m_findBar, &QWidget::hide);
    connect(m_findEdit, &QLineEdit::returnPressed, this,
            [this] { findNext(QApplication::keyboardModifiers() & Qt::ShiftModifier); });

    m_centreStack->setObjectName(QStringLiteral("centreStack"));
    m_centreStack->addWidget(m_emptyState);
    m_centreStack->addWidget(m_transcript);

    auto *centre = new QWidget(this);
    centre->setObjectName(QStringLiteral("centrePane"));
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(0);
    m_banner->setObjectName(QStringLiteral("banner"));
    m_banner->setWordWrap(true);
    m_banner->setContentsMargins(16, 6, 16, 6);
    m_banner->setStyleSheet(QStringLiteral("background: #fff4ce; color: #3d3000;"));
    m_banner->hide();
    centreLayout->addWidget(m_banner);
    centreLayout->addWidget(m_findBar);
    centreLayout->addWidget(m_centreStack, 1);
    centreLayout->addWidget(m_composer);

    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_library);
    m_splitter->addWidget(centre);
    m_splitter->addWidget(m_sidebar);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    m_library->setMinimumWidth(180);
    // The sidebar's minimum width is its tab bar's (see Sidebar), so it is not set here.
    m_splitter->setSizes({260, 860, 340});
    setCentralWidget(m_splitter);

    statusBar()->setObjectName(QStringLiteral("statusBar"));
    statusBar()->addPermanentWidget(m_status);

    connect(m_library, &LibraryPane::openRequested, this, &MainWindow::openRequested);
    connect(m_library, &LibraryPane::messageRequested, this,
            [this](const QString &message) { statusBar()->showMessage(message, 10000); });
    connect(m_library, &LibraryPane::newConversationRequested, this,
            &MainWindow::newConversationRequested);
    connect(m_emptyState, &TranscriptEmptyState::openRequested, this,
            &MainWindow::chooseFileToOpen);
    connect(m_emptyState, &TranscriptEmptyState::demoRequested, this, &MainWindow::demoRequested);
    connect(m_composer, &PromptEditor::sendRequested, this, &MainWindow::sendRequested);
    connect(m_composer, &PromptEditor::stopRequested, this, &MainWindow::stopRequested);
    connect(m_sidebar->modelPanel(), &ModelPanel::modelChanged, m_status,
            &StatusIndicators::setModelName);

    createMenus();
    restoreWindowState();
    updateCentre();
    m_composer->focusEditor();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newAction =
        file->addAction(Icons::icon(QStringLiteral("document-new")), tr("&New Conversation"), this,
                        &MainWindow::newConversationRequested);
    newAction->setShortcut(QKeySequence::New);
    QAction *open = file->addAction(Icons::icon(QStringLiteral("document-open")), tr("&Open…"),
                                    this, &MainWindow::chooseFileToOpen);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    rebuildRecentMenu();
    file->addSeparator();
    QAction *saveAs = file->addAction(tr("Save &As…"), this, &MainWindow::chooseSaveAs);
    saveAs->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_S));
    file->addAction(tr("&Export…"), this, &MainWindow::chooseExport);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *copyReply = edit->addAction(Icons::icon(QStringLiteral("edit-copy")),
                                         tr("&Copy Last Reply"), this, &MainWindow::copyLastReply);
    copyReply->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    QAction *find = edit->addAction(Icons::icon(QStringLiteral("search")),
                                    tr("&Find in Conversation…"), this, &MainWindow::showFindBar);
    find->setShortcut(QKeySequence::Find);
    QAction *findNextAction = edit->addAction(tr("Find &Next"), this, [this] { findNext(false); });
    findNextAction->setShortcut(QKeySequence::FindNext);
    QAction *findPrevious = edit->addAction(tr("Find &Previous"), this, [this] { findNext(true); });
    findPrevious->setShortcut(QKeySequence::FindPrevious);
    edit->addSeparator();
    QAction *searchLibrary =
        edit->addAction(tr("&Search Conversations"), m_library, &LibraryPane::focusSearch);
    searchLibrary->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    edit->addSeparator();
    QAction *settings = edit->addAction(tr("Se&ttings…"), this, &MainWindow::settingsRequested);
    settings->setObjectName(QStringLiteral("actionSettings"));
    settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    settings->setMenuRole(QAction::PreferencesRole);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_showLibrary =
        view->addAction(Icons::icon(QStringLiteral("sidebar-left")), tr("Show &Library"));
    m_showLibrary->setObjectName(QStringLiteral("actionShowLibrary"));
    m_showLibrary->setCheckable(true);
    m_showLibrary->setChecked(true);
    m_showLibrary->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    connect(m_showLibrary, &QAction::toggled, m_library, &QWidget::setVisible);
    m_showSidebar =
        view->addAction(Icons::icon(QStringLiteral("sidebar-right")), tr("Show &Sidebar"));
    m_showSidebar->setObjectName(QStringLiteral("actionShowSidebar"));
    m_showSidebar->setCheckable(true);
    m_showSidebar->setChecked(true);
    m_showSidebar->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_B));
    connect(m_showSidebar, &QAction::toggled, m_sidebar, &QWidget::setVisible);
    view->addSeparator();
    QAction *focusComposer =
        view->addAction(tr("Focus &Composer"), m_composer, &PromptEditor::focusEditor);
    focusComposer->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    QAction *bottom =
        view->addAction(tr("Scroll to &Bottom"), m_transcript, &TranscriptView::scrollToBottom);
    bottom->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_End));
    QAction *fullScreen = view->addAction(tr("&Full Screen"));
    fullScreen->setCheckable(true);
    fullScreen->setShortcut(QKeySequence::FullScreen);
    connect(fullScreen, &QAction::toggled, this, [this](bool on) {
        setWindowState(on ? (windowState() | Qt::WindowFullScreen)
                          : (windowState() & ~Qt::WindowFullScreen));
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Claudette"), this, [this] {
        AboutDialog dialog(this);
        dialog.exec();
    });
    about->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::setTranscriptModel(QAbstractItemModel *model)
{
    for (const auto &connection : std::as_const(m_modelConnections))
        disconnect(connection);
    m_modelConnections.clear();
    m_model = model;
    m_transcript->setModel(model);
    if (model) {
        const auto update = [this] { updateCentre(); };
        m_modelConnections = {
            connect(model, &QAbstractItemModel::rowsInserted, this, update),
            connect(model, &QAbstractItemModel::rowsRemoved, this, update),
            connect(model, &QAbstractItemModel::modelReset, this, update),
        };
    }
    updateCentre();
}

void MainWindow::updateCentre()
{
    const bool empty = !m_model || m_model->rowCount() == 0;
    m_centreStack->setCurrentWidget(empty ? static_cast<QWidget *>(m_emptyState) : m_transcript);
}

void MainWindow::setBanner(const QString &text)
{
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

QString MainWindow::bannerText() const
{
    return m_banner->text();
}

void MainWindow::insertAboveComposer(QWidget *widget)
{
    auto *layout = qobject_cast<QVBoxLayout *>(m_composer->parentWidget()->layout());
    Q_ASSERT(layout);
    layout->insertWidget(layout->indexOf(m_composer), widget);
}

void MainWindow::setDemoAvailable(bool available)
{
    m_emptyState->setDemoAvailable(available);
}

void MainWindow::setConversationTitle(const QString &title)
{
    setWindowTitle(title.isEmpty() ? tr("Claudette") : tr("%1 — Claudette").arg(title));
}

QStringList MainWindow::recentFiles() const
{
    QSettings settings;
    return settings.value(QStringLiteral("recent/files")).toStringList();
}

void MainWindow::addRecentFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    QSettings settings;
    settings.setValue(QStringLiteral("recent/files"), files);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (const QString &path : files) {
        QAction *action = m_recentMenu->addAction(QFileInfo(path).fileName(), this,
                                                  [this, path] { Q_EMIT openRequested(path); });
        action->setToolTip(path);
        action->setStatusTip(path);
    }
    if (!files.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("&Clear List"), this, [this] {
            QSettings settings;
            settings.remove(QStringLiteral("recent/files"));
            rebuildRecentMenu();
        });
    }
    // An empty submenu would be a dead entry: hide it until there is something to open.
    m_recentMenu->menuAction()->setVisible(!files.isEmpty());
}

void MainWindow::chooseFileToOpen()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Conversation"), QString(),
                                     tr("Claudette conversations (*.claudette);;All files (*)"));
    if (!path.isEmpty())
        Q_EMIT openRequested(path);
}

void MainWindow::chooseSaveAs()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save Conversation As"), QString(),
                                                tr("Claudette conversations (*.claudette)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".claudette");
    Q_EMIT saveAsRequested(path);
}

void MainWindow::chooseExport()
{
    QString selected;
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export Conversation"), QString(),
        tr("Web page (*.html);;Markdown (*.md);;API JSON (*.json)"), &selected);
    if (path.isEmpty())
        return;
    // The suffix chooses the format: add the selected filter's when the name has none.
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1StringView("html") && suffix != QLatin1StringView("htm") &&
        suffix != QLatin1StringView("md") && suffix != QLatin1StringView("json")) {
        if (selected.contains(QLatin1StringView("*.md")))
            path += QStringLiteral(".md");
        else if (selected.contains(QLatin1StringView("*.json")))
            path += QStringLiteral(".json");
        else
            path += QStringLiteral(".html");
    }
    Q_EMIT exportRequested(path);
}

void MainWindow::copyLastReply()
{
    using namespace TranscriptRoles;
    if (m_model) {
        for (int row = m_model->rowCount() - 1; row >= 0; --row) {
            const QModelIndex index = m_model->index(row, 0);
            if (index.data(AuthorRole).toInt() != int(MessageWidget::Author::Assistant))
                continue;
            QString text = index.data(MarkdownRole).toString();
            if (text.isEmpty())
                text = index.data(SearchTextRole).toString();
            QApplication::clipboard()->setText(text);
            statusBar()->showMessage(tr("Copied the last reply"), 3000);
            return;
        }
    }
    statusBar()->showMessage(tr("There is no reply to copy yet"), 3000);
}

void MainWindow::showFindBar()
{
    m_findBar->show();
    m_findEdit->setFocus(Qt::ShortcutFocusReason);
    m_findEdit->selectAll();
}

void MainWindow::findNext(bool backward)
{
    const QString text = m_findEdit->text();
    if (text.isEmpty()) {
        showFindBar();
        return;
    }
    auto *status = m_findBar->findChild<QLabel *>(QStringLiteral("findStatus"));
    const int row = m_transcript->find(text, backward);
    status->setText(row < 0 ? tr("Not found") : QString());
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.beginGroup(kWindowGroup);
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("libraryVisible"), m_showLibrary->isChecked());
    settings.setValue(QStringLiteral("sidebarVisible"), m_showSidebar->isChecked());
    settings.endGroup();
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    settings.beginGroup(kWindowGroup);
    m_splitter->restoreState(settings.value(QStringLiteral("splitter")).toByteArray());
    m_showLibrary->setChecked(settings.value(QStringLiteral("libraryVisible"), true).toBool());
    m_showSidebar->setChecked(settings.value(QStringLiteral("sidebarVisible"), true).toBool());
    // Last: hiding a pane must not change the restored size.
    if (!restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray()))
        resize(1280, 820);
    settings.endGroup();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() || event->mimeData()->hasImage())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    // A conversation file dropped anywhere on the window opens; other files go to the composer
    // (which says why when one cannot be attached).
    const QMimeData *mime = event->mimeData();
    if (mime->hasUrls()) {
        QList<QUrl> attachments;
        QStringList remote;
        QString conversation;
        const QList<QUrl> urls = mime->urls();
        for (const QUrl &url : urls) {
            if (!url.isLocalFile()) {
                remote << url.toDisplayString();
                continue;
            }
            if (QFileInfo(url.toLocalFile())
                    .suffix()
                    .compare(QLatin1StringView("claudette"), Qt::CaseInsensitive) == 0) {
                if (conversation.isEmpty())
                    conversation = QFileInfo(url.toLocalFile()).absoluteFilePath();
                continue;
            }
            attachments << url;
        }
        event->acceptProposedAction();
        if (!conversation.isEmpty()) {
            Q_EMIT openRequested(conversation);
            if (attachments.isEmpty())
                return;
        }
        if (!attachments.isEmpty())
            m_composer->addFiles(attachments);
        if (!remote.isEmpty())
            statusBar()->showMessage(tr("Only files on this computer can be dropped, not %1.")
                                         .arg(remote.join(QStringLiteral(", "))),
                                     10000);
    } else if (mime->hasImage()) {
        m_composer->addImage(qvariant_cast<QImage>(mime->imageData()));
        event->acceptProposedAction();
    }
    m_composer->focusEditor();
}

} // namespace claudette
