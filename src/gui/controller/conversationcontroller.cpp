#include "gui/controller/conversationcontroller.h"

#include "gui/composer/attachmentcontent.h"
#include "gui/controller/composerdraft.h"

#include "core/api/client.h"
#include "core/api/modelcatalog.h"
#include "core/chat/chat.h"
#include "core/demo/demoplayer.h"
#include "core/session/conversationsession.h"
#include "core/session/mcpservers.h"
#include "core/session/toollibrary.h"
#include "core/store/conversation.h"
#include "core/store/conversationfile.h"
#include "core/store/conversationstore.h"
#include "core/store/library.h"
#include "core/usage/usage.h"
#include "gui/composer/prompteditor.h"
#include "gui/controller/librarylistmodel.h"
#include "gui/library/librarypane.h"
#include "gui/sidebar/modellistsource.h"
#include "gui/sidebar/modelpanel.h"
#include "gui/sidebar/settingsbinder.h"
#include "gui/sidebar/sidebar.h"
#include "gui/sidebar/systempromptpanel.h"
#include "gui/sidebar/toolspanel.h"
#include "gui/tools/dialogtoolapprover.h"
#include "gui/transcript/transcriptmessagefactory.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptview.h"
#include "gui/windows/mainwindow.h"
#include "gui/windows/statusindicators.h"
#include "render/conversationexporter.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QLabel>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QSaveFile>
#include <QStatusBar>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcController, "claudette.gui.controller")

namespace claudette {

namespace {
const QString kDemoKey = u"demo"_s;
}

struct ConversationController::Session
{
    QString key;
    std::unique_ptr<ConversationSession> engine;   // a file's (the demo has none)
    std::unique_ptr<Conversation> ownConversation; // the demo's
    std::unique_ptr<TranscriptModel> model;
    bool busy = false;

    Conversation *conversation() const
    {
        return engine ? engine->conversation() : ownConversation.get();
    }
    ConversationStore *store() const { return engine ? engine->store() : nullptr; }
    Chat *chat() const { return engine ? engine->chat() : nullptr; }
};

ConversationController::ConversationController(MainWindow *window, Client *client,
                                               const AppPaths &paths, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_client(client)
    , m_paths(paths)
    , m_factory(nullptr)
    , m_libraryStore(nullptr)
    , m_library(nullptr)
    , m_demo(new DemoPlayer(this))
    , m_draft(new ComposerDraft(window->promptEditor(), paths.draftFile(), this))
{
    QString error;
    if (!m_paths.ensureDirs(&error))
        qCWarning(lcController) << "cannot create the data folders:" << error;
    m_libraryStore = new Library(m_paths.libraryDir(), m_paths.indexFile(), this);
    m_libraryStore->refresh();
    m_library = new LibraryListModel(m_libraryStore, this);
    // An open conversation is renamed through its session (it holds the file's lock).
    m_library->setRenameHook([this](const QString &path, const QString &title) {
        Session *session = sessionFor(QFileInfo(path).absoluteFilePath());
        if (!session || !session->store() || session->store()->isReadOnly())
            return false;
        session->conversation()->setTitle(title);
        return true;
    });
    // A conversation going to the trash is closed first (the trash takes its lock).
    connect(m_library, &LibraryListModel::aboutToTrash, this,
            [this](const QString &path) { closeSession(QFileInfo(path).absoluteFilePath()); });

    auto factory = std::make_unique<TranscriptMessageFactory>();
    m_factory = factory.get();
    window->transcriptView()->setFactory(std::move(factory));
    window->libraryPane()->setModel(m_library);
    window->setDemoAvailable(!client->credentials().hasSecret());

    connect(m_factory, &TranscriptMessageFactory::regenerateRequested, this,
            &ConversationController::regenerate);
    connect(m_factory, &TranscriptMessageFactory::retryRequested, this,
            &ConversationController::retry);
    connect(m_factory, &TranscriptMessageFactory::editSubmitted, this,
            &ConversationController::editTurn);
    connect(m_factory, &TranscriptMessageFactory::siblingRequested, this,
            &ConversationController::selectSibling);
    connect(m_factory, &TranscriptMessageFactory::linkActivated, this,
            &ConversationController::openLink);

    connect(window, &MainWindow::sendRequested, this, &ConversationController::send);
    connect(m_draft, &ComposerDraft::problem, this, &ConversationController::showError);
    // Until a conversation is shown, the composer holds the new conversation's draft.
    m_draft->bind(nullptr);
    connect(window, &MainWindow::stopRequested, this, &ConversationController::stop);
    connect(window, &MainWindow::openRequested, this, &ConversationController::openFile);
    connect(window, &MainWindow::saveAsRequested, this, &ConversationController::saveAs);
    connect(window, &MainWindow::exportRequested, this, &ConversationController::exportTo);
    connect(window, &MainWindow::newConversationRequested, this,
            &ConversationController::newConversation);
    connect(window, &MainWindow::demoRequested, this, &ConversationController::startDemo);
    connect(window->sidebar()->modelPanel(), &ModelPanel::modelChanged, this,
            &ConversationController::setModelId);

    // Settings and tools: the sidebar edits the shown conversation's settings (a draft one until
    // the first message makes its file).
    m_toolLibrary = std::make_unique<ToolLibrary>(QDir(m_paths.dataDir()).filePath(u"tools"_s));
    m_mcp = new McpServers(QDir(m_paths.configDir()).filePath(u"mcp-servers.json"_s), this);
    m_approver = std::make_unique<DialogToolApprover>(window);
    m_draftSession = std::make_unique<ConversationSession>(client);
    m_draftSession->openInMemory();
    m_draftSession->setToolLibrary(m_toolLibrary.get());
    m_draftSession->setMcpServers(m_mcp);
    Sidebar *sidebar = window->sidebar();
    sidebar->systemPromptPanel()->setPresetsFile(
        QDir(m_paths.configDir()).filePath(u"system-prompts.json"_s));
    sidebar->toolsPanel()->setLibrary(m_toolLibrary.get());
    sidebar->toolsPanel()->setMcpServers(m_mcp);
    m_binder = new SettingsBinder(sidebar->modelPanel(), sidebar->systemPromptPanel(),
                                  sidebar->toolsPanel(), this);
    connect(m_binder, &SettingsBinder::problemChanged, this,
            [this](const QString &problem) { m_window->promptEditor()->setSendBlocked(problem); });
    connect(m_mcp, &McpServers::changed, m_binder, &SettingsBinder::recheck);
    connect(m_mcp, &McpServers::serverFailed, this,
            [this](const QString &name, const QString &message) {
                showError(tr("The MCP server %1 failed: %2").arg(name, message));
            });
    connect(sidebar->toolsPanel(), &ToolsPanel::errorShown, this,
            &ConversationController::showError);
    connect(sidebar->systemPromptPanel(), &SystemPromptPanel::errorShown, this,
            &ConversationController::showError);
    m_stepLabel = new QLabel(window);
    m_stepLabel->setObjectName(u"toolStepLabel"_s);
    m_stepLabel->setAccessibleName(tr("Tool loop progress"));
    window->statusBar()->addWidget(m_stepLabel);

    // The model picker: the models API's list (cached on disk), else the catalogue's models.
    m_modelList =
        new ModelListSource(client, m_paths.modelListCacheFile(), ModelCatalog::builtIn(), this);
    {
        ModelPanel *panel = sidebar->modelPanel();
        panel->setModels(m_modelList->models());
        panel->setCurrentModelId(QString(Chat::DefaultModel));
        connect(m_modelList, &ModelListSource::modelsChanged, panel, [this, panel] {
            panel->setModels(m_modelList->models());
            panel->setModelListNote({});
        });
        connect(m_modelList, &ModelListSource::fetchFailed, panel,
                [panel](const QString &message) { panel->setModelListNote(message); });
        connect(panel, &ModelPanel::refreshModelsRequested, m_modelList, [this, panel] {
            if (!m_client->credentials().hasSecret()) {
                panel->setModelListNote(tr("Set an API key to fetch the model list."));
                return;
            }
            panel->setModelListNote(tr("Fetching the model list…"));
            m_modelList->refresh();
        });
        if (!m_modelList->fromApi() && client->credentials().hasSecret())
            m_modelList->refresh();
    }
    bindSettings();
    updateFigures();

    connect(m_demo, &DemoPlayer::progressed, this, &ConversationController::onDemoProgress);
    connect(m_demo, &DemoPlayer::finished, this, &ConversationController::onDemoFinished);
    connect(m_demo, &DemoPlayer::failed, this, [this](const QString &message) {
        showError(tr("The demo recording could not be played: %1").arg(message));
        m_demoStep = -1;
        m_demoTurn.clear();
    });

    m_linkHandler = [this](const QUrl &url) {
        const QString scheme = url.scheme().toLower();
        if (scheme == "http"_L1 || scheme == "https"_L1) {
            QDesktopServices::openUrl(url);
            return;
        }
        const auto answer =
            QMessageBox::question(m_window, tr("Open Link"),
                                  tr("This link is not a web address:\n%1\n\nOpen it anyway?")
                                      .arg(url.toDisplayString()));
        if (answer == QMessageBox::Yes)
            QDesktopServices::openUrl(url);
    };
}

ConversationController::~ConversationController()
{
    m_draft->flush();
    // A delete from the library still waiting for its undo window happens now.
    m_library->commitTrash();
    m_window->setTranscriptModel(nullptr);
    m_binder->setTarget(nullptr, nullptr);
    for (const auto &session : m_sessions) {
        if (session->engine)
            session->engine->close();
    }
}

ConversationController::Session *ConversationController::current() const
{
    return sessionFor(m_currentKey);
}

ConversationController::Session *ConversationController::sessionFor(const QString &key) const
{
    if (key.isEmpty())
        return nullptr;
    for (const auto &session : m_sessions) {
        if (session->key == key)
            return session.get();
    }
    return nullptr;
}

Conversation *ConversationController::conversation() const
{
    Session *session = current();
    return session ? session->conversation() : nullptr;
}

TranscriptModel *ConversationController::model() const
{
    Session *session = current();
    return session ? session->model.get() : nullptr;
}

Chat *ConversationController::chat() const
{
    Session *session = current();
    return session ? session->chat() : nullptr;
}

QString ConversationController::currentPath() const
{
    Session *session = current();
    return session && session->store() ? session->store()->path() : QString();
}

bool ConversationController::isDemoShown() const
{
    return m_currentKey == kDemoKey;
}

bool ConversationController::isDemoRunning() const
{
    return m_demoStep >= 0;
}

void ConversationController::setDemoPace(int chunkBytes, int intervalMs)
{
    m_demo->setChunkSize(chunkBytes);
    m_demo->setInterval(intervalMs);
}

void ConversationController::showError(const QString &message)
{
    m_lastError = message;
    qCWarning(lcController).noquote() << message;
    m_window->statusBar()->showMessage(message, 15000);
    Q_EMIT errorShown(message);
}

QString ConversationController::newConversationPath() const
{
    const QString stamp = QDateTime::currentDateTime().toString(u"yyyy-MM-dd-hhmmss"_s);
    const QString id = QUuid::createUuid().toString(QUuid::Id128).left(8);
    return QDir(m_paths.libraryDir())
        .filePath(stamp + u'-' + id + u'.' + ConversationFile::kSuffix);
}

ConversationController::Session *ConversationController::createFileSession(const QString &path,
                                                                           bool create)
{
    auto session = std::make_unique<Session>();
    session->key = path;
    session->engine = std::make_unique<ConversationSession>(m_client);
    ConversationSession *engine = session->engine.get();
    const ConversationStore::OpenResult result = create
                                                     ? engine->create(path, m_paths.journalsDir())
                                                     : engine->open(path, m_paths.journalsDir());
    if (!result.ok) {
        showError(result.errorString);
        return nullptr;
    }
    if (result.readOnly)
        m_window->statusBar()->showMessage(tr("Opened read-only: %1").arg(result.readOnlyReason),
                                           10000);
    else if (result.replayedJournal)
        m_window->statusBar()->showMessage(
            tr("A reply that was interrupted when the app stopped was restored."), 10000);
    connect(engine->store(), &ConversationStore::saveFailed, this,
            [this](const QString &message) { showError(tr("Saving failed: %1").arg(message)); });
    // A new conversation joins the library when its first prompt is on disk. Later saves do not
    // re-read the file here (that would block on a large conversation).
    connect(engine->store(), &ConversationStore::saved, this, [this, path] {
        if (!m_libraryStore->contains(path))
            m_libraryStore->noteSaved(path);
    });
    session->model = std::make_unique<TranscriptModel>();
    session->model->setConversation(engine->conversation());
    if (!result.readOnly)
        attachChat(session.get());
    m_sessions.push_back(std::move(session));
    return m_sessions.back().get();
}

void ConversationController::attachChat(Session *session)
{
    ConversationSession *engine = session->engine.get();
    engine->setToolLibrary(m_toolLibrary.get());
    engine->setMcpServers(m_mcp);
    engine->setApprover(m_approver.get());
    if (session->conversation()->turnCount() == 0 && session->conversation()->settings().isEmpty())
        session->conversation()->setSettings(m_draftSession->conversation()->settings());
    const QString key = session->key;
    connect(engine, &ConversationSession::refused, this,
            [this](const QString &message) { showError(message); });
    connect(engine, &ConversationSession::started, this,
            [this, key] { setBusy(sessionFor(key), true); });
    // Connected first, so it is emitted before the figures and replyFinished() below.
    connect(engine, &ConversationSession::replyFinished, this,
            [this, engine](const QString &turnId, TurnStatus status) {
                Q_EMIT turnFinished(engine->chat(), turnId, status);
            });
    connect(engine, &ConversationSession::stepStarted, this, [this, key](int step, int maxSteps) {
        if (key == m_currentKey)
            m_stepLabel->setText(tr("Step %1 of %2").arg(step).arg(maxSteps));
    });
    connect(engine, &ConversationSession::toolCallStarted, this,
            [this, key](const QString &, const QString &name) {
                if (key == m_currentKey)
                    m_window->statusBar()->showMessage(tr("Running the tool %1…").arg(name), 5000);
            });
    connect(engine, &ConversationSession::structuredResultReady, this,
            [this, key](const StructuredOutput::Result &result) {
                if (key != m_currentKey)
                    return;
                m_window->sidebar()->toolsPanel()->showStructuredResult(result);
                if (!result.ok)
                    showError(tr("The structured reply does not fit: %1").arg(result.error));
            });
    connect(engine, &ConversationSession::finished, this,
            [this, key, engine](ConversationSession::Outcome outcome) {
                setBusy(sessionFor(key), false);
                if (key == m_currentKey) {
                    const bool tools = engine->lastSendUsedTools();
                    switch (outcome) {
                    case ConversationSession::Outcome::Completed:
                        m_stepLabel->clear();
                        break;
                    case ConversationSession::Outcome::MaxSteps:
                        m_stepLabel->setText(
                            tr("Stopped after %1 steps (the limit)").arg(engine->maxSteps()));
                        break;
                    case ConversationSession::Outcome::Stopped:
                        if (tools)
                            m_stepLabel->setText(tr("Tool loop stopped"));
                        break;
                    case ConversationSession::Outcome::Failed:
                        m_stepLabel->clear();
                        if (engine->lastError().isError())
                            m_window->statusBar()->showMessage(engine->lastError().toString(),
                                                               15000);
                        break;
                    }
                    updateFigures();
                }
                Q_EMIT replyFinished(key);
            });
    connect(session->conversation(), &Conversation::titleChanged, this, [this, key] {
        Session *session = sessionFor(key);
        if (!session)
            return;
        m_library->setTitle(key, session->conversation()->title());
        if (key == m_currentKey)
            m_window->setConversationTitle(session->conversation()->title());
    });
}

Chat *ConversationController::settingsChat() const
{
    Session *session = current();
    return session && session->chat() ? session->chat() : m_draftSession->chat();
}

ConversationSession *ConversationController::session() const
{
    Session *session = current();
    return session && session->chat() ? session->engine.get() : nullptr;
}

ConversationSession *ConversationController::settingsSession() const
{
    ConversationSession *engine = session();
    return engine ? engine : m_draftSession.get();
}

QString ConversationController::stepText() const
{
    return m_stepLabel->text();
}

void ConversationController::bindSettings()
{
    Session *session = current();
    if (session && session->chat())
        m_binder->setTarget(session->chat(), session->engine.get());
    else
        m_binder->setTarget(m_draftSession->chat(), m_draftSession.get());
}

void ConversationController::setBusy(Session *session, bool busy)
{
    if (!session || session->busy == busy)
        return;
    session->busy = busy;
    m_library->setBusy(session->key, busy);
    if (session->key == m_currentKey)
        updateComposer();
    Q_EMIT busyChanged(session->key, busy);
}

void ConversationController::show(Session *session)
{
    m_currentKey = session ? session->key : QString();
    m_window->setTranscriptModel(session ? session->model.get() : nullptr);
    m_draft->bind(session ? session->conversation() : nullptr);
    m_window->setConversationTitle(session ? session->conversation()->title() : QString());
    m_window->setBanner(session && session->key == kDemoKey
                            ? tr("Offline demo: these replies are recordings replayed on this "
                                 "computer. Nothing is sent to the API.")
                            : QString());
    if (session && session->store())
        m_window->addRecentFile(session->store()->path());
    m_stepLabel->clear();
    bindSettings();
    updateComposer();
    updateFigures();
    if (session && session->model->rowCount() > 0)
        m_window->transcriptView()->scrollToBottom();
    Q_EMIT currentChanged();
}

void ConversationController::updateComposer()
{
    Session *session = current();
    m_window->promptEditor()->setStreaming(session && session->busy);
}

void ConversationController::updateFigures()
{
    StatusIndicators *status = m_window->statusIndicators();
    Session *session = current();
    Chat *chat = session ? session->chat() : nullptr;
    if (!chat) {
        // A new conversation is sent with the model the sidebar shows.
        status->setModelName(m_window->sidebar()->modelPanel()->currentModelId());
        status->setTokens(0, 0);
        status->setCost(0);
        status->setContextUsage(0, 0);
        return;
    }
    const Usage usage = chat->totalUsage();
    status->setTokens(usage.totalInputTokens(), usage.outputTokens);
    status->setCost(chat->totalCost().value_or(0.0));
    status->setModelName(chat->model());
    // The next request sends what the last reply read and wrote.
    qint64 used = 0;
    const Conversation *conversation = session->conversation();
    const QStringList branch = conversation->currentBranch();
    for (auto it = branch.crbegin(); it != branch.crend(); ++it) {
        const Turn turn = conversation->turn(*it);
        if (turn.isAssistant() && !turn.usage.isEmpty()) {
            const Usage last = Usage::fromJson(turn.usage);
            used = last.totalInputTokens() + last.outputTokens;
            break;
        }
    }
    status->setContextUsage(used,
                            ModelCatalog::builtIn().capabilities(chat->model()).contextWindow);
}

bool ConversationController::openFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    Session *session = sessionFor(absolute);
    if (!session) {
        session = createFileSession(absolute, false);
        if (!session)
            return false;
        if (!m_libraryStore->contains(absolute) || QFileInfo(absolute).size() < (1 << 20))
            m_libraryStore->touch(absolute);
    }
    show(session);
    return true;
}

void ConversationController::newConversation()
{
    // The file is made when the first message is sent, so an abandoned "new" leaves nothing.
    show(nullptr);
    m_window->promptEditor()->focusEditor();
}

bool ConversationController::saveAs(const QString &path)
{
    Session *session = current();
    if (!session) {
        showError(tr("There is no conversation to save."));
        return false;
    }
    const QString to = QFileInfo(path).absoluteFilePath();
    if (session->store() && !session->store()->isReadOnly()) {
        // "Save As" moves the conversation: the library follows it to its new place.
        if (session->busy) {
            showError(tr("A reply is still arriving; stop it before saving elsewhere."));
            return false;
        }
        const QString from = session->store()->path();
        if (from == to)
            return true;
        if (QFileInfo::exists(to) && !QFile::remove(to)) {
            showError(tr("Cannot replace %1.").arg(to));
            return false;
        }
        session->store()->waitForSaved();
        closeSession(from);
        QString error;
        if (!m_libraryStore->move(from, to, &error)) {
            showError(error);
            openFile(from);
            return false;
        }
        return openFile(to);
    }
    // The demo or a read-only conversation: save a copy of its own.
    ConversationData data = session->conversation()->data();
    data.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const ConversationFile::SaveResult result = ConversationFile::save(to, data);
    if (!result.ok) {
        showError(result.errorString);
        return false;
    }
    m_libraryStore->noteSaved(to);
    return openFile(to);
}

bool ConversationController::closeSession(const QString &path)
{
    const auto it = std::find_if(m_sessions.begin(), m_sessions.end(),
                                 [&path](const auto &session) { return session->key == path; });
    if (it == m_sessions.end())
        return true;
    Session *session = it->get();
    if (session->key == m_currentKey)
        show(nullptr);
    if (session->engine)
        session->engine->close(); // stops what runs, saves, releases the file
    m_library->setBusy(path, false);
    m_sessions.erase(it);
    return true;
}

bool ConversationController::exportTo(const QString &path)
{
    const Conversation *conversation = this->conversation();
    if (!conversation || conversation->turnCount() == 0) {
        showError(tr("There is no conversation to export."));
        return false;
    }
    const std::optional<ConversationExporter::Format> format =
        ConversationExporter::formatForPath(path);
    if (!format) {
        showError(tr("Export as Markdown (.md), a web page (.html) or API JSON (.json)."));
        return false;
    }
    const QByteArray bytes = ConversationExporter(*conversation).exportAs(*format);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        showError(tr("The conversation could not be exported to %1: %2")
                      .arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    m_window->statusBar()->showMessage(tr("Exported to %1").arg(QDir::toNativeSeparators(path)),
                                       5000);
    return true;
}

bool ConversationController::send(const QString &text, const QList<Attachment> &attachments)
{
    const QJsonArray content = AttachmentContent::toContent(text, attachments);
    if (content.isEmpty())
        return false;
    if (!m_client->credentials().hasSecret()) {
        showError(tr("No API key is set: enter one in Edit › Settings, start Claudette with "
                     "ANTHROPIC_API_KEY in the environment, or try the offline demo."));
        return false;
    }
    // A refusal the sidebar explains stands: nothing is created or sent.
    if (const QString problem = m_binder->problem(); !problem.isEmpty()) {
        showError(problem);
        return false;
    }
    Session *session = current();
    if (m_sendGuard && !(session && session->busy) &&
        !m_sendGuard(session ? session->chat() : nullptr, content, attachments))
        return false;
    if (!session || !session->chat()) {
        // A new conversation (or the demo, or a read-only one): the message starts a new file.
        session = createFileSession(newConversationPath(), true);
        if (!session)
            return false;
        m_draft->adopt(session->conversation());
        show(session);
    }
    if (session->busy) {
        showError(tr("A reply is still arriving; stop it first."));
        return false;
    }
    if (!session->engine->send(content, session->chat()->defaultPrefill()))
        return false;
    m_window->promptEditor()->clear();
    return true;
}

void ConversationController::stop()
{
    if (isDemoShown() && isDemoRunning()) {
        m_demo->stop();
        if (Session *demo = sessionFor(kDemoKey); demo && !m_demoTurn.isEmpty())
            demo->conversation()->finishAssistantTurn(m_demoTurn, TurnStatus::Stopped,
                                                      m_demo->message());
        m_demoStep = -1;
        m_demoTurn.clear();
        setBusy(sessionFor(kDemoKey), false);
        return;
    }
    if (ConversationSession *engine = session(); engine && engine->isBusy()) {
        const bool tools = engine->isRunningTools();
        engine->stop();
        if (tools)
            m_approver->cancel(); // after the stop: the loop ignores that answer
    }
}

bool ConversationController::regenerate(const QString &turnId)
{
    ConversationSession *engine = session();
    if (!engine) {
        showError(tr("This conversation cannot be changed here."));
        return false;
    }
    return engine->regenerate(turnId);
}

bool ConversationController::retry(const QString &turnId)
{
    return regenerate(turnId);
}

bool ConversationController::editTurn(const QString &turnId, const QString &text)
{
    ConversationSession *engine = session();
    Conversation *conversation = this->conversation();
    if (!engine || !conversation) {
        showError(tr("This conversation cannot be changed here."));
        return false;
    }
    // Keep the original attachments; the text is what was edited.
    QJsonArray content;
    for (const QJsonValue &block : conversation->turn(turnId).content) {
        if (block.toObject().value("type"_L1).toString() != "text"_L1)
            content.append(block);
    }
    content.append(QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, text}});
    return engine->editUserTurn(turnId, conversation->expandAttachments(content));
}

bool ConversationController::selectSibling(const QString &turnId, int index)
{
    Conversation *conversation = this->conversation();
    if (!conversation)
        return false;
    const bool ok = conversation->selectSibling(turnId, index);
    if (ok)
        updateFigures();
    return ok;
}

void ConversationController::openLink(const QUrl &url)
{
    if (m_linkHandler && url.isValid())
        m_linkHandler(url);
}

void ConversationController::setModelId(const QString &model)
{
    m_modelId = model;
    if (Chat *chat = settingsChat(); chat && !chat->isBusy())
        chat->setModel(model);
    updateFigures();
    m_binder->recheck();
}

bool ConversationController::startDemo()
{
    Session *session = sessionFor(kDemoKey);
    if (!session) {
        auto created = std::make_unique<Session>();
        created->key = kDemoKey;
        created->ownConversation = std::make_unique<Conversation>();
        created->ownConversation->setTitle(tr("Offline demo"));
        created->model = std::make_unique<TranscriptModel>();
        created->model->setConversation(created->ownConversation.get());
        m_sessions.push_back(std::move(created));
        session = m_sessions.back().get();
    }
    show(session);
    if (isDemoRunning())
        return true;
    m_demoStep = 0;
    playDemoStep();
    return isDemoRunning();
}

void ConversationController::playDemoStep()
{
    QString error;
    const auto steps = DemoPlayer::loadScript(DemoPlayer::defaultScript(), &error);
    Session *session = sessionFor(kDemoKey);
    if (!steps || !session) {
        showError(error);
        m_demoStep = -1;
        return;
    }
    if (m_demoStep >= steps->size()) {
        m_demoStep = -1;
        setBusy(session, false);
        Q_EMIT demoFinished();
        return;
    }
    const DemoPlayer::Step &step = steps->at(m_demoStep);
    Conversation *conversation = session->conversation();
    conversation->appendUserTurn(
        QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, step.prompt}}});
    m_demoTurn = conversation->beginAssistantTurn(tr("recording"), {});
    setBusy(session, true);
    m_demoPrefill = step.prefill;
    m_demo->play(step.recording);
}

namespace {
QJsonArray withPrefill(QJsonArray content, const QString &prefill)
{
    if (prefill.isEmpty())
        return content;
    if (!content.isEmpty() && content.at(0).toObject().value("type"_L1).toString() == "text"_L1) {
        QJsonObject first = content.at(0).toObject();
        first.insert(u"text"_s, QString(prefill + first.value("text"_L1).toString()));
        content.replace(0, first);
    } else {
        content.prepend(QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, prefill}});
    }
    return content;
}
} // namespace

void ConversationController::onDemoProgress()
{
    Session *session = sessionFor(kDemoKey);
    if (!session || m_demoTurn.isEmpty() || !m_demo->accumulator()->isStarted())
        return;
    session->conversation()->setTurnContent(
        m_demoTurn, withPrefill(m_demo->message().value("content"_L1).toArray(), m_demoPrefill));
}

void ConversationController::onDemoFinished(const QJsonObject &message)
{
    Session *session = sessionFor(kDemoKey);
    if (!session || m_demoTurn.isEmpty())
        return;
    QJsonObject final = message;
    final.insert(u"content"_s, withPrefill(message.value("content"_L1).toArray(), m_demoPrefill));
    session->conversation()->finishAssistantTurn(m_demoTurn, TurnStatus::Complete, final);
    m_demoTurn.clear();
    ++m_demoStep;
    playDemoStep();
}

} // namespace claudette
