#include "core/session/conversationsession.h"

#include "core/api/client.h"
#include "core/chat/chat.h"
#include "core/chat/mcpclient.h"
#include "core/chat/replyfailure.h"
#include "core/session/mcpservers.h"
#include "core/session/toollibrary.h"
#include "core/store/conversation.h"
#include "core/usage/cost.h"
#include "core/util/frameinterval.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSession, "claudette.session")

namespace claudette {

namespace {
ConversationSession::Outcome outcomeOf(TurnStatus status)
{
    switch (status) {
    case TurnStatus::Complete:
        return ConversationSession::Outcome::Completed;
    case TurnStatus::Stopped:
        return ConversationSession::Outcome::Stopped;
    default:
        return ConversationSession::Outcome::Failed;
    }
}

ConversationSession::Outcome outcomeOf(ToolLoop::Outcome outcome)
{
    switch (outcome) {
    case ToolLoop::Outcome::Completed:
        return ConversationSession::Outcome::Completed;
    case ToolLoop::Outcome::MaxSteps:
        return ConversationSession::Outcome::MaxSteps;
    case ToolLoop::Outcome::Stopped:
        return ConversationSession::Outcome::Stopped;
    case ToolLoop::Outcome::Failed:
        break;
    }
    return ConversationSession::Outcome::Failed;
}
} // namespace

ConversationSession::ConversationSession(Client *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_loop(new ToolLoop(client, &m_registry, nullptr, this))
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFrameIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &ConversationSession::flushStep);

    connect(m_loop, &ToolLoop::stepStarted, this, &ConversationSession::onStepStarted);
    connect(m_loop, &ToolLoop::stepFinished, this, &ConversationSession::onStepFinished);
    connect(m_loop, &ToolLoop::finished, this, &ConversationSession::onLoopFinished);
    connect(m_loop, &ToolLoop::eventReceived, this, &ConversationSession::onStepEvent);
    connect(m_loop, &ToolLoop::retrying, this, &ConversationSession::retrying);
    connect(m_loop, &ToolLoop::blockStarted, this, [this](int index, const QJsonObject &block) {
        Q_EMIT blockStarted(m_stepTurn, index, block);
        scheduleFlush();
    });
    connect(m_loop, &ToolLoop::textAppended, this, [this](int index, const QString &delta) {
        Q_EMIT textAppended(m_stepTurn, index, delta);
        scheduleFlush();
    });
    connect(m_loop, &ToolLoop::thinkingAppended, this, [this](int index, const QString &delta) {
        Q_EMIT thinkingAppended(m_stepTurn, index, delta);
        scheduleFlush();
    });
    connect(m_loop, &ToolLoop::toolInputAppended, this, [this](int index, const QString &json) {
        Q_EMIT toolInputAppended(m_stepTurn, index, json);
        scheduleFlush();
    });
    connect(m_loop, &ToolLoop::toolCallStarted, this, &ConversationSession::toolCallStarted);
    connect(m_loop, &ToolLoop::toolCallFinished, this, &ConversationSession::toolCallFinished);
}

ConversationSession::~ConversationSession()
{
    close();
}

// --- where the conversation lives

ConversationStore::OpenResult ConversationSession::open(const QString &path,
                                                        const QString &journalDirectory)
{
    close();
    m_store = std::make_unique<ConversationStore>(journalDirectory);
    const ConversationStore::OpenResult result = m_store->open(path);
    if (!result.ok)
        m_store.reset();
    else if (!result.readOnly)
        attachChat();
    return result;
}

ConversationStore::OpenResult ConversationSession::create(const QString &path,
                                                          const QString &journalDirectory,
                                                          const QJsonObject &settings)
{
    close();
    m_store = std::make_unique<ConversationStore>(journalDirectory);
    const ConversationStore::OpenResult result = m_store->create(path, settings);
    if (!result.ok)
        m_store.reset();
    else if (!result.readOnly)
        attachChat();
    return result;
}

void ConversationSession::openInMemory(ConversationData data)
{
    close();
    m_ownConversation = data.id.isEmpty() ? std::make_unique<Conversation>()
                                          : std::make_unique<Conversation>(std::move(data));
    attachChat();
}

void ConversationSession::close()
{
    if (m_loop->isRunning())
        m_loop->stop();
    if (m_chat && m_chat->isBusy())
        m_chat->stop();
    m_chat.reset();
    m_journaling = false;
    m_stepTurn.clear();
    m_flushTimer.stop();
    if (m_store) {
        m_store->close();
        m_store.reset();
    }
    m_ownConversation.reset();
}

Conversation *ConversationSession::conversation() const
{
    return m_store ? m_store->conversation() : m_ownConversation.get();
}

void ConversationSession::attachChat()
{
    m_chat = std::make_unique<Chat>(m_client, conversation());
    Chat *chat = m_chat.get();
    chat->setLiveUpdates(m_liveUpdates);
    connect(chat, &Chat::refused, this, &ConversationSession::refused);
    connect(chat, &Chat::replyStarted, this, &ConversationSession::onChatReplyStarted);
    connect(chat, &Chat::eventReceived, this, &ConversationSession::onChatEvent);
    connect(chat, &Chat::blockStarted, this, &ConversationSession::blockStarted);
    connect(chat, &Chat::textAppended, this, &ConversationSession::textAppended);
    connect(chat, &Chat::thinkingAppended, this, &ConversationSession::thinkingAppended);
    connect(chat, &Chat::toolInputAppended, this, &ConversationSession::toolInputAppended);
    connect(chat, &Chat::retrying, this, &ConversationSession::retrying);
    connect(chat, &Chat::replyFinished, this, &ConversationSession::onChatReplyFinished);
    connect(conversation(), &Conversation::turnAppended, this, &ConversationSession::onUserTurn);
}

// --- tools

void ConversationSession::setMcpServers(McpServers *servers)
{
    m_mcp = servers;
}

void ConversationSession::setApprover(ToolApprover *approver)
{
    m_approver = approver;
    m_loop->setApprover(approver);
}

void ConversationSession::setLiveUpdates(bool live)
{
    m_liveUpdates = live;
    if (m_chat)
        m_chat->setLiveUpdates(live);
}

bool ConversationSession::usesTools() const
{
    return m_givenSetup.has_value() || (m_chat && m_chat->usesTools());
}

QSet<QString> ConversationSession::alwaysAllowed() const
{
    return m_loop->alwaysAllowed();
}

ToolSetup ConversationSession::conversationSetup(QString *problem) const
{
    ToolSetup setup;
    const Chat &chat = *m_chat;
    for (const QString &name : chat.enabledTools()) {
        const ToolDefinition *tool = m_library ? m_library->find(name) : nullptr;
        if (!tool) {
            *problem = tr("The tool %1 is switched on but its file is missing.").arg(name);
            return setup;
        }
        setup.localTools.append(*tool);
    }
    for (const QString &name : chat.enabledMcpServers()) {
        McpClient *client = m_mcp ? m_mcp->client(name) : nullptr;
        if (!client || !client->isReady()) {
            *problem =
                tr("The MCP server %1 is not running: start it in the Tools panel.").arg(name);
            return setup;
        }
        setup.mcpServers.append(client);
    }
    setup.serverTools = chat.serverTools();
    setup.toolChoice = chat.toolChoice();
    setup.outputSchema = chat.outputSchema();
    setup.outputTool = chat.outputTool();
    setup.cache = chat.cacheSettings();
    setup.maxSteps = chat.maxToolSteps();
    return setup;
}

// --- requests

bool ConversationSession::refuse(const QString &message)
{
    qCInfo(lcSession) << "request refused before sending:" << message;
    Q_EMIT refused(message);
    return false;
}

MessageRequest ConversationSession::buildRequest(const QJsonArray &userContent,
                                                 QString *problem) const
{
    QString local;
    QString &why = problem ? *problem : local;
    why.clear();
    if (!m_chat) {
        why = tr("This conversation cannot be changed here.");
        return {};
    }
    if (!usesTools()) {
        MessageRequest request = m_chat->buildRequest(userContent, m_chat->defaultPrefill());
        why = m_chat->checkRequest(request);
        return request;
    }
    const ToolSetup setup = m_givenSetup ? *m_givenSetup : conversationSetup(&why);
    if (!why.isEmpty())
        return m_chat->buildRequest(userContent);
    return ToolPlan::make(*m_chat, setup, userContent, &why).fullRequest();
}

bool ConversationSession::isBusy() const
{
    return m_loop->isRunning() || (m_chat && m_chat->isBusy());
}

bool ConversationSession::send(const QJsonArray &userContent, const QString &prefill)
{
    if (isBusy())
        return refuse(tr("A reply is still arriving; stop it or wait before sending."));
    if (!m_chat)
        return refuse(tr("This conversation cannot be changed here."));
    if (userContent.isEmpty())
        return refuse(tr("The message is empty."));
    m_saveFailed = false;
    if (usesTools())
        return sendWithTools(userContent);
    m_lastWasTool = false;
    if (!m_chat->send(userContent, prefill))
        return false;
    if (m_saveFailed)
        m_chat->stop(); // the prompt is not on disk: nothing goes out
    return true;
}

bool ConversationSession::regenerate(const QString &assistantTurnId)
{
    if (!m_chat || m_loop->isRunning())
        return refuse(tr("A reply is still arriving; stop it or wait before regenerating."));
    m_lastWasTool = false;
    m_saveFailed = false;
    return m_chat->regenerate(assistantTurnId);
}

bool ConversationSession::editUserTurn(const QString &userTurnId, const QJsonArray &content)
{
    if (!m_chat || m_loop->isRunning())
        return refuse(tr("A reply is still arriving; stop it or wait before editing."));
    m_lastWasTool = false;
    m_saveFailed = false;
    return m_chat->editUserTurn(userTurnId, content);
}

bool ConversationSession::continueReply()
{
    if (!m_chat || m_loop->isRunning())
        return refuse(tr("A reply is still arriving."));
    m_lastWasTool = false;
    m_saveFailed = false;
    return m_chat->continueReply();
}

void ConversationSession::stop()
{
    if (m_loop->isRunning())
        m_loop->stop();
    if (m_chat && m_chat->isBusy())
        m_chat->stop();
}

QJsonObject ConversationSession::lastMessage() const
{
    if (m_lastWasTool)
        return m_loop->lastMessage();
    return m_chat ? m_chat->lastMessage() : QJsonObject();
}

ApiError ConversationSession::lastError() const
{
    if (m_lastWasTool)
        return m_loop->lastError();
    return m_chat ? m_chat->lastError() : ApiError();
}

bool ConversationSession::sendWithTools(const QJsonArray &userContent)
{
    QString problem;
    const ToolSetup setup = m_givenSetup ? *m_givenSetup : conversationSetup(&problem);
    if (!problem.isEmpty())
        return refuse(problem);
    ToolPlan plan = ToolPlan::make(*m_chat, setup, userContent, &problem);
    if (!problem.isEmpty())
        return refuse(problem);
    m_plan = std::move(plan);
    m_registry = m_plan.registry;
    m_structured = {};
    m_hasStructured = false;
    m_lastWasTool = true;
    conversation()->appendUserTurn(userContent);
    if (m_saveFailed)
        return refuse(tr("The conversation could not be saved, so nothing was sent."));
    m_loop->setBaseRequest(m_plan.request);
    m_loop->setHistory(m_plan.request.messages());
    m_loop->setMaxSteps(setup.maxSteps);
    m_loop->setStreaming(m_chat->streaming());
    // Breakpoints on the tools too, placed again for each step's history.
    m_loop->setCache(setup.cache, m_chat->modelCatalog().capabilities(m_chat->model()));
    m_loop->setFinalToolName(m_plan.finalTool);
    m_written = m_plan.request.messages().size();
    m_toolRun = true;
    Q_EMIT started();
    if (!m_loop->run({})) {
        m_toolRun = false;
        return false;
    }
    return true;
}

// --- saving and the journal

void ConversationSession::onUserTurn(const QString &turnId)
{
    Conversation *c = conversation();
    if (!m_store || !c || !c->turn(turnId).isUser())
        return;
    if (!m_saveBeforeSending) {
        m_store->saveSoon();
        return;
    }
    m_store->saveSoon();
    if (!m_store->waitForSaved())
        m_saveFailed = true;
}

void ConversationSession::beginJournal(const QString &turnId)
{
    m_journaling = m_store && !m_store->isReadOnly() && m_store->journalReply(turnId);
}

void ConversationSession::endJournal()
{
    if (m_journaling && m_store)
        m_store->endJournal();
    m_journaling = false;
}

void ConversationSession::onChatReplyStarted(const QString &turnId, const QString &prefill)
{
    if (!m_toolRun)
        Q_EMIT started();
    beginJournal(turnId);
    Q_EMIT replyStarted(turnId, prefill);
}

void ConversationSession::onChatEvent(const SseEvent &event)
{
    if (m_journaling && !event.data.isEmpty())
        m_store->journalEvent(event.data);
    Q_EMIT eventReceived(event);
}

void ConversationSession::onChatReplyFinished(const QString &turnId, TurnStatus status)
{
    endJournal();
    Q_EMIT replyFinished(turnId, status);
    m_outcome = outcomeOf(status);
    Q_EMIT finished(m_outcome);
}

// --- tool-loop steps as turns

void ConversationSession::syncHistory()
{
    // The loop's history beyond what the conversation holds: tool results (user turns).
    Conversation *c = conversation();
    const QList<MessageParam> history = m_loop->history();
    for (qsizetype i = m_written; i < history.size(); ++i) {
        const MessageParam &message = history.at(i);
        if (message.role() == MessageParam::Role::User)
            c->appendUserTurn(message.toJson().value("content"_L1).toArray());
    }
    m_written = history.size();
}

void ConversationSession::onStepStarted(int step, int maxSteps)
{
    // The tool results go in first (and, for claudette-cli, onto disk) before the request.
    syncHistory();
    m_stepTurn = conversation()->beginAssistantTurn(m_plan.request.model(),
                                                    Chat::turnParams(m_plan.request));
    beginJournal(m_stepTurn);
    Q_EMIT replyStarted(m_stepTurn, {});
    Q_EMIT stepStarted(step, maxSteps);
}

void ConversationSession::onStepEvent(const SseEvent &event)
{
    if (m_journaling && !event.data.isEmpty())
        m_store->journalEvent(event.data);
    Q_EMIT eventReceived(event);
}

void ConversationSession::scheduleFlush()
{
    if (m_liveUpdates && !m_stepTurn.isEmpty() && !m_flushTimer.isActive())
        m_flushTimer.start();
}

void ConversationSession::flushStep()
{
    // Once per frame: the accumulator's content as it stands (never a copy per delta).
    if (!m_stepTurn.isEmpty())
        conversation()->setTurnContent(m_stepTurn,
                                       m_loop->currentMessage().value("content"_L1).toArray());
}

void ConversationSession::endStep(TurnStatus status, const QJsonObject &message,
                                  const QString &requestId, const ApiError &error)
{
    m_flushTimer.stop();
    const QString turnId = m_stepTurn;
    m_stepTurn.clear();
    Conversation *c = conversation();
    c->finishAssistantTurn(turnId, status, message, ReplyFailure::turnError(error));
    const QString rid = !error.requestId.isEmpty() ? error.requestId : requestId;
    if (!rid.isEmpty())
        c->setTurnRequestId(turnId, rid);
    const QJsonObject usage = message.value("usage"_L1).toObject();
    if (!usage.isEmpty()) {
        const Cost cost = Cost::compute(Usage::fromJson(usage),
                                        message.value("model"_L1).toString(m_plan.request.model()),
                                        m_chat->pricing());
        if (cost.known)
            c->setTurnCost(turnId, cost.total());
    }
    endJournal();
    Q_EMIT replyFinished(turnId, status);
}

void ConversationSession::onStepFinished(int, const QJsonObject &message, const QString &requestId)
{
    endStep(TurnStatus::Complete, message, requestId, {});
    m_written = m_loop->history().size();
}

void ConversationSession::onLoopFinished(ToolLoop::Outcome outcome)
{
    if (!m_stepTurn.isEmpty()) {
        // The request of this step did not complete: keep what arrived.
        const QJsonObject partial = m_loop->partialMessage();
        const ApiError error = m_loop->lastError();
        const bool hasContent = !partial.value("content"_L1).toArray().isEmpty();
        const TurnStatus status = outcome == ToolLoop::Outcome::Stopped
                                      ? TurnStatus::Stopped
                                      : ReplyFailure::status(error, hasContent);
        endStep(status, partial, {}, error);
    }
    syncHistory();
    const QJsonObject last = m_loop->lastMessage();
    if (outcome == ToolLoop::Outcome::Completed && !m_plan.finalTool.isEmpty()) {
        // The forced answer tool is not run; answering its call keeps the history valid.
        QJsonArray results;
        for (const QJsonValue &v : last.value("content"_L1).toArray()) {
            const QJsonObject block = v.toObject();
            if (block.value("type"_L1).toString() == "tool_use"_L1)
                results.append(ContentBlock::makeToolResult(
                                   block.value("id"_L1).toString(),
                                   {ContentBlock::makeText(u"Answer received."_s)}, false)
                                   .toJson());
        }
        if (!results.isEmpty())
            conversation()->appendUserTurn(results);
    }
    m_toolRun = false;
    m_outcome = outcomeOf(outcome);
    if (outcome == ToolLoop::Outcome::Completed && m_plan.structured) {
        m_structured = m_plan.structuredResult(last);
        m_hasStructured = true;
        Q_EMIT structuredResultReady(m_structured);
    }
    Q_EMIT finished(m_outcome);
}

} // namespace claudette
