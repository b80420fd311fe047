#include "gui/tools/toolrun.h"

#include "core/chat/chat.h"
#include "core/chat/mcpclient.h"
#include "core/session/mcpservers.h"
#include "core/session/toollibrary.h"
#include "core/store/conversation.h"
#include "core/usage/cost.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcToolRun, "claudette.gui.toolrun")

namespace claudette {

ToolRun::ToolRun(Client *client, Chat *chat, ToolLibrary *library, McpServers *mcp,
                 ToolApprover *approver, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_chat(chat)
    , m_library(library)
    , m_mcp(mcp)
    , m_loop(new ToolLoop(client, &m_registry, approver, this))
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(16);
    connect(&m_flushTimer, &QTimer::timeout, this, &ToolRun::flush);
    connect(m_loop, &ToolLoop::stepStarted, this, &ToolRun::onStepStarted);
    connect(m_loop, &ToolLoop::stepFinished, this, &ToolRun::onStepFinished);
    connect(m_loop, &ToolLoop::finished, this, &ToolRun::onFinished);
    connect(m_loop, &ToolLoop::textAppended, this, [this](int index, const QString &delta) {
        appendDelta(index, u"text"_s, u"text"_s, delta);
    });
    connect(m_loop, &ToolLoop::thinkingAppended, this, [this](int index, const QString &delta) {
        appendDelta(index, u"thinking"_s, u"thinking"_s, delta);
    });
    connect(m_loop, &ToolLoop::toolCallStarted, this,
            [this](const QString &, const QString &name, const QJsonObject &) {
                Q_EMIT toolCallStarted(name);
            });
}

ToolRun::~ToolRun()
{
    if (m_loop->isRunning())
        m_loop->stop();
}

void ToolRun::fillRegistry(ToolRegistry *registry, QString *problem) const
{
    for (const QString &name : m_chat->enabledTools()) {
        const ToolDefinition *tool = m_library ? m_library->find(name) : nullptr;
        if (!tool) {
            *problem = tr("The tool %1 is switched on but its file is missing.").arg(name);
            return;
        }
        QString error;
        if (!registry->addLocalTool(*tool, &error)) {
            *problem = error;
            return;
        }
    }
    for (const QString &name : m_chat->enabledMcpServers()) {
        McpClient *client = m_mcp ? m_mcp->client(name) : nullptr;
        if (!client || !client->isReady()) {
            *problem =
                tr("The MCP server %1 is not running: start it in the Tools panel.").arg(name);
            return;
        }
        registry->addMcpServer(client);
    }
    QString error;
    if (!registry->setServerTools(m_chat->serverTools(), &error))
        *problem = error;
}

ToolRun::Plan ToolRun::plan(const QJsonArray &userContent, QString *problem) const
{
    Plan p;
    p.request = m_chat->buildRequest(userContent);
    if (!m_chat->defaultPrefill().isEmpty()) {
        *problem = tr("“Start the reply with…” is not used with tools or structured output: "
                      "clear it, or switch the tools off.");
        return p;
    }
    ToolRegistry registry;
    fillRegistry(&registry, problem);
    if (!problem->isEmpty())
        return p;
    const ModelCapabilities model = m_chat->modelCatalog().capabilities(m_chat->model());
    if (const std::optional<ToolChoice> choice = m_chat->toolChoice())
        p.request.setToolChoice(choice);

    if (const QString tool = m_chat->outputTool(); !tool.isEmpty()) {
        const ToolRegistry::Entry entry = registry.find(tool);
        if (entry.kind == ToolRegistry::Kind::None) {
            *problem =
                tr("The structured output tool %1 is not among the tools switched on.").arg(tool);
            return p;
        }
        p.structured = true;
        p.finalTool = tool;
        p.resultSchema = entry.apiTool.value("input_schema"_L1).toObject();
        p.mode = StructuredOutput::Mode::ForcedTool;
        const auto current = p.request.toolChoice();
        p.request.setToolChoice(ToolChoice::tool(tool, current ? current->disableParallelToolUse
                                                               : std::optional<bool>()));
    } else if (const QJsonObject schema = m_chat->outputSchema(); !schema.isEmpty()) {
        StructuredOutput output;
        QString error;
        if (!output.setSchema(schema, &error)) {
            *problem = tr("The structured output schema is not usable: %1").arg(error);
            return p;
        }
        p.structured = true;
        p.resultSchema = schema;
        p.mode = output.apply(p.request, model);
        if (p.mode == StructuredOutput::Mode::Unsupported) {
            *problem = tr("%1 has no structured outputs, and forcing a tool is not allowed with "
                          "extended thinking: turn thinking off for structured output.")
                           .arg(model.displayName);
            return p;
        }
        if (p.mode == StructuredOutput::Mode::ForcedTool)
            p.finalTool = QString(StructuredOutput::ToolName);
    }

    MessageRequest check = p.request;
    QList<QJsonObject> tools = registry.apiTools();
    tools.append(p.request.tools());
    check.setTools(tools);
    if (tools.isEmpty())
        check.setToolChoice(std::nullopt);
    *problem = m_chat->checkRequest(check);
    return p;
}

MessageRequest ToolRun::buildRequest(const QJsonArray &userContent, QString *problem) const
{
    QString local;
    Plan p = plan(userContent, problem ? problem : &local);
    MessageRequest request = p.request;
    ToolRegistry registry;
    QString ignored;
    fillRegistry(&registry, &ignored);
    QList<QJsonObject> tools = registry.apiTools();
    tools.append(request.tools());
    request.setTools(tools);
    return request;
}

bool ToolRun::send(const QJsonArray &userContent)
{
    if (m_loop->isRunning() || m_chat->isBusy()) {
        Q_EMIT refused(tr("A reply is still arriving; stop it or wait before sending."));
        return false;
    }
    if (userContent.isEmpty()) {
        Q_EMIT refused(tr("The message is empty."));
        return false;
    }
    QString problem;
    Plan p = plan(userContent, &problem);
    if (!problem.isEmpty()) {
        qCInfo(lcToolRun) << "request refused before sending:" << problem;
        Q_EMIT refused(problem);
        return false;
    }
    m_registry = ToolRegistry();
    fillRegistry(&m_registry, &problem);
    m_plan = p;
    m_hasStructured = false;
    m_structured = {};
    m_chat->conversation()->appendUserTurn(userContent);
    m_loop->setBaseRequest(p.request);
    m_loop->setHistory(p.request.messages());
    m_loop->setMaxSteps(m_chat->maxToolSteps());
    // Breakpoints on the tools too, placed again for each step's history.
    m_loop->setCache(m_chat->cacheSettings(), m_chat->modelCatalog().capabilities(m_chat->model()));
    m_loop->setFinalToolName(p.finalTool);
    m_written = p.request.messages().size();
    Q_EMIT started();
    return m_loop->run({});
}

void ToolRun::stop()
{
    m_loop->stop();
}

void ToolRun::syncHistory()
{
    // The loop's history beyond what the conversation holds: tool results (user turns), and the
    // content of a paused turn that was already stored.
    Conversation *conversation = m_chat->conversation();
    const QList<MessageParam> history = m_loop->history();
    for (qsizetype i = m_written; i < history.size(); ++i) {
        const MessageParam &message = history.at(i);
        if (message.role() == MessageParam::Role::User)
            conversation->appendUserTurn(message.toJson().value("content"_L1).toArray());
    }
    m_written = history.size();
}

void ToolRun::onStepStarted(int step, int maxSteps)
{
    syncHistory();
    Conversation *conversation = m_chat->conversation();
    QJsonObject params = m_plan.request.toJson();
    for (const char *key : {"messages", "tools", "model", "stream"})
        params.remove(QLatin1StringView(key));
    m_turnId = conversation->beginAssistantTurn(m_plan.request.model(), params);
    m_blocks = {};
    Q_EMIT stepStarted(step, maxSteps);
}

void ToolRun::appendDelta(int index, const QString &type, const QString &field,
                          const QString &delta)
{
    if (m_turnId.isEmpty() || index < 0 || index > 10000)
        return;
    while (m_blocks.size() <= index)
        m_blocks.append(QJsonObject{{u"type"_s, type}, {field, QString()}});
    QJsonObject block = m_blocks.at(index).toObject();
    if (block.value("type"_L1).toString() != type)
        block = QJsonObject{{u"type"_s, type}, {field, QString()}};
    block.insert(field, QString(block.value(field).toString() + delta));
    m_blocks.replace(index, block);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void ToolRun::flush()
{
    if (m_turnId.isEmpty())
        return;
    QJsonArray shown;
    for (const QJsonValue &block : std::as_const(m_blocks))
        if (!block.toObject().isEmpty())
            shown.append(block);
    m_chat->conversation()->setTurnContent(m_turnId, shown);
}

void ToolRun::onStepFinished(int, const QJsonObject &message, const QString &requestId)
{
    m_flushTimer.stop();
    Conversation *conversation = m_chat->conversation();
    const QString turnId = m_turnId;
    m_turnId.clear();
    conversation->finishAssistantTurn(turnId, TurnStatus::Complete, message);
    if (!requestId.isEmpty())
        conversation->setTurnRequestId(turnId, requestId);
    const QJsonObject usage = message.value("usage"_L1).toObject();
    if (!usage.isEmpty()) {
        const Cost cost = Cost::compute(Usage::fromJson(usage),
                                        message.value("model"_L1).toString(m_plan.request.model()),
                                        m_chat->pricing());
        if (cost.known)
            conversation->setTurnCost(turnId, cost.total());
    }
    m_written = m_loop->history().size();
}

void ToolRun::onFinished(ToolLoop::Outcome outcome)
{
    m_flushTimer.stop();
    Conversation *conversation = m_chat->conversation();
    if (!m_turnId.isEmpty()) {
        // The request of this step did not complete: keep what arrived.
        QJsonArray shown;
        for (const QJsonValue &block : std::as_const(m_blocks))
            if (!block.toObject().isEmpty())
                shown.append(block);
        const ApiError error = m_loop->lastError();
        TurnError te;
        TurnStatus status = TurnStatus::Stopped;
        if (outcome == ToolLoop::Outcome::Failed) {
            status = TurnStatus::Error;
            te.kind = ApiError::kindName(error.kind);
            te.type = error.type;
            te.message = error.message;
            te.httpStatus = error.httpStatus;
            te.requestId = error.requestId;
        }
        conversation->finishAssistantTurn(m_turnId, status, QJsonObject{{u"content"_s, shown}}, te);
        m_turnId.clear();
    }
    syncHistory();
    if (outcome == ToolLoop::Outcome::Completed && !m_plan.finalTool.isEmpty()) {
        // The forced answer tool is not run; answering its call keeps the history valid.
        QJsonArray results;
        for (const QJsonValue &v : m_loop->lastMessage().value("content"_L1).toArray()) {
            const QJsonObject block = v.toObject();
            if (block.value("type"_L1).toString() == "tool_use"_L1)
                results.append(ContentBlock::makeToolResult(
                                   block.value("id"_L1).toString(),
                                   {ContentBlock::makeText(u"Answer received."_s)}, false)
                                   .toJson());
        }
        if (!results.isEmpty())
            conversation->appendUserTurn(results);
    }
    m_outcome = outcome;
    if (outcome == ToolLoop::Outcome::Completed && m_plan.structured) {
        StructuredOutput output;
        QString error;
        if (!output.setSchema(m_plan.resultSchema, &error)) {
            m_structured = {};
            m_structured.error = error;
        } else if (!m_plan.finalTool.isEmpty() && m_plan.finalTool != StructuredOutput::ToolName) {
            // A user tool forced as the answer: its input is the result.
            m_structured = {};
            m_structured.error = tr("the reply did not use the %1 tool").arg(m_plan.finalTool);
            for (const QJsonValue &v : m_loop->lastMessage().value("content"_L1).toArray()) {
                const QJsonObject block = v.toObject();
                if (block.value("type"_L1).toString() == "tool_use"_L1 &&
                    block.value("name"_L1).toString() == m_plan.finalTool) {
                    m_structured = output.validate(block.value("input"_L1));
                    break;
                }
            }
        } else {
            m_structured = output.extract(m_loop->lastMessage(), m_plan.mode);
        }
        m_hasStructured = true;
        Q_EMIT structuredResultReady(m_structured);
    }
    Q_EMIT finished(outcome);
}

} // namespace claudette
