#include "cli/chatcommand.h"

#include "cli/cliapp.h"
#include "cli/console.h"
#include "cli/sigintwatcher.h"
#include "cli/terminalapprover.h"
#include "core/api/client.h"
#include "core/api/jsonwriter.h"
#include "core/chat/chat.h"
#include "core/chat/chatjournal.h"
#include "core/chat/fixedtoolapprover.h"
#include "core/chat/mcpclient.h"
#include "core/store/conversation.h"
#include "core/store/conversationstore.h"
#include "core/store/library.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace claudette::cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("claudette-cli", text);
}

QByteArray eventLine(const SseEvent &event)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(event.data, &error);
    if (error.error == QJsonParseError::NoError && doc.isObject())
        return doc.toJson(QJsonDocument::Compact) + '\n';
    // Not JSON: still one JSON line, naming the event.
    const QJsonObject wrapped{{"type"_L1, QString::fromUtf8(event.type)},
                              {"data"_L1, QString::fromUtf8(event.data)}};
    return QJsonDocument(wrapped).toJson(QJsonDocument::Compact) + '\n';
}

QString blockActivity(const QJsonObject &block)
{
    const QString type = block.value("type"_L1).toString();
    if (type == "tool_use"_L1 || type == "server_tool_use"_L1 || type == "mcp_tool_use"_L1)
        return tr("[%1: %2]\n").arg(type, block.value("name"_L1).toString());
    if (type.endsWith("_tool_result"_L1) || type == "mcp_tool_result"_L1)
        return tr("[%1]\n").arg(type);
    if (type == "thinking"_L1)
        return tr("[thinking]\n");
    if (type == "redacted_thinking"_L1)
        return tr("[redacted thinking]\n");
    return {};
}

QList<MessageParam> toParams(const QJsonArray &messages)
{
    QList<MessageParam> params;
    for (const QJsonValue &m : messages) {
        bool ok = false;
        const MessageParam p = MessageParam::fromJson(m.toObject(), &ok);
        if (ok)
            params.append(p);
    }
    return params;
}

QJsonArray contentJson(const MessageParam &message)
{
    return message.toJson().value("content"_L1).toArray();
}

QString compact(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    const QString wrapped =
        QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
    return wrapped.mid(1, wrapped.size() - 2);
}

/// A line of standard input without its line end; false at the end of input.
bool readLine(QString *line)
{
    QByteArray bytes;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, stdin)) {
        bytes += buffer;
        if (bytes.endsWith('\n'))
            break;
    }
    if (bytes.isEmpty())
        return false;
    while (bytes.endsWith('\n') || bytes.endsWith('\r'))
        bytes.chop(1);
    *line = QString::fromUtf8(bytes);
    return true;
}
} // namespace

ChatCommand::ChatCommand(const CliOptions &options, Client *client, const AppPaths &paths,
                         QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_client(client)
    , m_paths(paths)
    , m_ledger(paths.ledgerFile())
{}

ChatCommand::~ChatCommand()
{
    close();
}

void ChatCommand::close()
{
    m_chat.reset();
    for (const auto &mcp : m_mcp)
        mcp->stop();
    if (m_store) {
        m_store->close();
        m_store.reset();
    }
}

bool ChatCommand::usesToolLoop() const
{
    const CliOptions &o = m_options;
    return !o.toolFiles.isEmpty() || !o.mcpCommands.isEmpty() || o.webSearch ||
           !o.schemaFile.isEmpty() || o.cache || !o.toolChoice.isEmpty() || o.noParallelTools ||
           o.maxSteps.has_value();
}

int ChatCommand::openConversation()
{
    QString path = m_options.conversationFile;
    if (m_options.save) {
        QString error;
        if (!m_paths.ensureDirs(&error)) {
            Console::error(error);
            return ExitFileError;
        }
        path = Library(m_paths.libraryDir()).newConversationPath();
    }
    if (path.isEmpty()) {
        m_ownConversation = std::make_unique<Conversation>();
        m_conversation = m_ownConversation.get();
        return ExitSuccess;
    }
    QString error;
    if (!m_paths.ensureDirs(&error)) {
        Console::error(error);
        return ExitFileError;
    }
    m_store = std::make_unique<ConversationStore>(m_paths.journalsDir());
    const bool exists = QFileInfo::exists(path);
    const ConversationStore::OpenResult result =
        exists ? m_store->open(path) : m_store->create(path);
    if (!result.ok) {
        Console::error(result.errorString);
        m_store.reset();
        return ExitFileError;
    }
    if (result.readOnly) {
        Console::error(tr("%1 is in use: %2").arg(path, result.readOnlyReason));
        m_store->close();
        m_store.reset();
        return ExitFileError;
    }
    if (result.replayedJournal)
        Console::error(tr("restored a reply that was interrupted when it was last written"));
    m_conversation = m_store->conversation();
    if (m_options.save)
        Console::error(tr("saving to %1").arg(m_store->path()));
    connect(m_store.get(), &ConversationStore::saveFailed, this,
            [](const QString &message) { Console::error(tr("saving failed: %1").arg(message)); });
    return ExitSuccess;
}

bool ChatCommand::saveNow()
{
    if (!m_store)
        return true;
    m_store->autoSaver()->saveNow();
    return m_store->waitForSaved();
}

int ChatCommand::setUpTools()
{
    for (const QString &file : std::as_const(m_options.toolFiles)) {
        QString error;
        if (!m_registry.loadLocalTool(file, &error)) {
            Console::error(error.contains(file) ? error : tr("%1: %2").arg(file, error));
            return ExitFileError;
        }
    }
    for (const QString &command : std::as_const(m_options.mcpCommands)) {
        auto mcp = std::make_unique<McpClient>();
        QEventLoop loop;
        QString failure;
        connect(mcp.get(), &McpClient::ready, &loop, &QEventLoop::quit);
        connect(mcp.get(), &McpClient::failed, &loop, [&](const QString &message) {
            failure = message;
            loop.quit();
        });
        mcp->startCommand(command);
        if (!mcp->isReady() && failure.isEmpty())
            loop.exec();
        if (!mcp->isReady()) {
            Console::error(tr("MCP server '%1' did not start: %2")
                               .arg(command, failure.isEmpty() ? mcp->errorString() : failure));
            return ExitFileError;
        }
        m_registry.addMcpServer(mcp.get());
        m_mcp.push_back(std::move(mcp));
    }
    for (const QString &name : m_registry.conflicts())
        Console::error(tr("the MCP tool %1 is not offered: the name is taken").arg(name));
    if (m_options.webSearch) {
        ServerToolSettings server;
        server.webSearch = true;
        m_registry.setServerTools(server);
    }
    if (!m_options.schemaFile.isEmpty()) {
        m_schema = std::make_unique<StructuredOutput>();
        QString error;
        if (!m_schema->loadSchema(m_options.schemaFile, &error)) {
            Console::error(error.contains(m_options.schemaFile)
                               ? error
                               : tr("%1: %2").arg(m_options.schemaFile, error));
            return ExitFileError;
        }
    }
    const QString choice = m_options.toolChoice;
    if (!choice.isEmpty() && choice != "auto"_L1 && choice != "any"_L1 && choice != "none"_L1) {
        bool offered = m_registry.find(choice).kind != ToolRegistry::Kind::None;
        for (const QJsonObject &tool : m_registry.apiTools())
            offered = offered || tool.value("name"_L1).toString() == choice;
        if (!offered) {
            Console::error(tr("--tool-choice %1 names no tool that is offered").arg(choice));
            return ExitUsage;
        }
    }
    if (m_options.yes)
        m_approver = std::make_unique<FixedToolApprover>(ToolApprover::Decision::AllowOnce);
    else
        m_approver = std::make_unique<TerminalApprover>();
    return ExitSuccess;
}

int ChatCommand::run()
{
    if (usesToolLoop() && m_options.prefill) {
        Console::error(tr("--prefill cannot be used with tools, --schema or --cache"));
        return ExitUsage;
    }
    if (usesToolLoop() && m_options.events) {
        Console::error(tr("--events cannot be used with tools, --schema or --cache"));
        return ExitUsage;
    }
    QJsonArray content;
    if (!m_options.interactive || !m_options.words.isEmpty()) {
        CliApp::Failure failure;
        content = CliApp::userContent(m_options, &failure);
        if (failure.failed()) {
            Console::error(failure.message);
            return failure.exitCode;
        }
    }
    if (const int code = openConversation(); code != ExitSuccess)
        return code;
    m_chat = std::make_unique<Chat>(m_client, m_conversation);
    CliApp::configureChat(m_options, *m_chat);
    m_chat->setLiveUpdates(false); // the deltas are printed here; the turn is written at the end
    if (usesToolLoop()) {
        if (const int code = setUpTools(); code != ExitSuccess) {
            close();
            return code;
        }
    }
    int code = ExitSuccess;
    if (m_options.interactive)
        code = interactive(content);
    else
        code = sendPrompt(content);
    if (m_store) {
        const QString path = m_store->path();
        if (!saveNow())
            code = code == ExitSuccess ? ExitFileError : code;
        close();
        Library(m_paths.libraryDir()).touch(path);
    }
    close();
    return code;
}

int ChatCommand::interactive(const QJsonArray &firstContent)
{
    int code = ExitSuccess;
    if (!firstContent.isEmpty()) {
        code = sendPrompt(firstContent);
        if (code == ExitInterrupted || code == ExitFileError)
            return code;
    }
    const bool prompt = isatty(fileno(stdin));
    QString line;
    while (true) {
        if (prompt)
            Console::err(u"> "_s);
        if (!readLine(&line))
            break;
        if (line.trimmed().isEmpty())
            continue;
        code = sendPrompt(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, line}}});
        if (code == ExitInterrupted || code == ExitFileError)
            return code;
    }
    return code;
}

int ChatCommand::sendPrompt(const QJsonArray &content)
{
    m_promptUsage = {};
    m_promptCost = {};
    m_promptModel.clear();
    m_lastChar = QChar();
    const int code = usesToolLoop() ? sendWithTools(content) : sendWithChat(content);
    if (m_options.usage)
        printUsage();
    return code;
}

void ChatCommand::finishLine()
{
    if (!m_lastChar.isNull() && m_lastChar != u'\n') {
        Console::out(u"\n"_s);
        m_lastChar = u'\n';
    }
}

void ChatCommand::printUsage()
{
    if (m_promptCost.requests == 0)
        return;
    Console::err(m_promptUsage.toString() % u'\n' %
                 (m_promptCost.known ? tr("Cost: %1").arg(Cost::formatUsd(m_promptCost.total()))
                                     : tr("Cost: price unknown (%1)").arg(m_promptModel)) %
                 u'\n');
}

void ChatCommand::recordSpending(const QString &model, const QJsonObject &usageJson,
                                 const QString &requestId)
{
    if (usageJson.isEmpty())
        return;
    const Usage usage = Usage::fromJson(usageJson);
    const Cost cost = Cost::compute(usage, model, m_chat->pricing());
    m_promptUsage += usage;
    m_promptCost += cost;
    m_promptModel = model;
    LedgerEntry entry;
    entry.time = QDateTime::currentDateTimeUtc();
    entry.model = model;
    entry.usage = usage;
    if (cost.known)
        entry.costUsd = cost.total();
    entry.conversationId = m_store ? m_conversation->id() : QString();
    entry.source = u"cli"_s;
    entry.requestId = requestId;
    QString error;
    if (!m_paths.ensureDirs(&error) || !m_ledger.append(entry, &error)) {
        if (!m_ledgerWarned)
            Console::error(tr("the cost could not be added to the ledger: %1").arg(error));
        m_ledgerWarned = true;
    }
}

int ChatCommand::sendWithChat(const QJsonArray &content)
{
    Chat &chat = *m_chat;
    const bool textMode = !m_options.json && !m_options.events;
    const bool verbose = m_options.verbose;
    bool interrupted = false;
    QEventLoop loop;
    TurnStatus status = TurnStatus::Complete;
    QList<QMetaObject::Connection> connections;
    const auto on = [&](auto... args) { connections.append(connect(args...)); };

    on(&chat, &Chat::refused, &loop, [](const QString &message) { Console::error(message); });
    if (textMode) {
        on(&chat, &Chat::replyStarted, &loop, [&](const QString &, const QString &prefill) {
            if (!prefill.isEmpty() && chat.streaming()) {
                Console::out(prefill);
                m_lastChar = prefill.back();
            }
        });
        on(&chat, &Chat::textAppended, &loop, [&](const QString &, int, const QString &delta) {
            if (delta.isEmpty())
                return;
            Console::out(delta);
            m_lastChar = delta.back();
        });
    }
    if (m_options.events) {
        on(&chat, &Chat::eventReceived, &loop,
           [](const SseEvent &event) { Console::outBytes(eventLine(event)); });
    }
    if (verbose) {
        on(&chat, &Chat::thinkingAppended, &loop,
           [](const QString &, int, const QString &delta) { Console::err(delta); });
        on(&chat, &Chat::blockStarted, &loop, [](const QString &, int, const QJsonObject &block) {
            Console::err(blockActivity(block));
        });
        on(&chat, &Chat::toolInputAppended, &loop,
           [](const QString &, int, const QString &json) { Console::err(json); });
        on(&chat, &Chat::retrying, &loop, [](int attempt, qint64 delayMs, const ApiError &error) {
            Console::error(
                tr("retry %1 in %2 ms after: %3").arg(attempt).arg(delayMs).arg(error.toString()));
        });
    }
    bool saveFailed = false;
    std::unique_ptr<ChatJournal> journal;
    if (m_store) {
        // The user turn is on disk before the request goes out: Chat appends it and then
        // starts the request, which is only sent once the event loop runs.
        on(m_conversation, &Conversation::turnAppended, &loop, [&](const QString &id) {
            if (m_conversation->turn(id).isUser() && !saveNow())
                saveFailed = true;
        });
        // The reply's events go to the conversation's journal while it streams.
        journal = std::make_unique<ChatJournal>(&chat, m_store.get());
    }
    on(&chat, &Chat::replyFinished, &loop, [&](const QString &, TurnStatus s) {
        status = s;
        loop.quit();
    });

    SigintWatcher sigint;
    on(&sigint, &SigintWatcher::interrupted, &loop, [&] {
        interrupted = true;
        if (chat.isBusy())
            chat.stop();
        else
            loop.quit();
    });

    const auto disconnectAll = [&] {
        for (const QMetaObject::Connection &c : std::as_const(connections))
            disconnect(c);
    };
    if (!chat.send(content, m_options.prefill.value_or(QString()))) {
        disconnectAll();
        return ExitUsage;
    }
    if (saveFailed) {
        chat.stop();
        disconnectAll();
        return ExitFileError;
    }
    if (chat.isBusy())
        loop.exec();
    disconnectAll();

    const Turn turn = m_conversation->turn(m_conversation->currentLeaf());
    // The finished reply on disk; the journal goes with that save.
    saveNow();
    const QJsonObject message = chat.lastMessage();
    if (textMode) {
        if (!chat.streaming()) {
            // One answer at the end: the stored reply is prefill + continuation.
            const QString text = turn.plainText();
            Console::out(text);
            if (!text.isEmpty())
                m_lastChar = text.back();
        }
        finishLine();
    } else if (m_options.json && !message.isEmpty()) {
        Console::outBytes(JsonWriter::compact(message) + '\n');
    }
    recordSpending(turn.model, turn.usage, turn.requestId);

    if (interrupted || status == TurnStatus::Stopped)
        return ExitInterrupted;
    if (status == TurnStatus::Error || status == TurnStatus::Interrupted) {
        Console::error(chat.lastError().toString());
        return ExitApiError;
    }
    return ExitSuccess;
}

void ChatCommand::addAssistantTurn(const QJsonObject &message, const QString &requestId)
{
    const QString model = message.value("model"_L1).toString(m_chat->model());
    const QString id = m_conversation->beginAssistantTurn(
        model, QJsonObject{{"max_tokens"_L1, m_chat->effectiveMaxTokens()}});
    m_conversation->finishAssistantTurn(id, TurnStatus::Complete, message);
    if (!requestId.isEmpty())
        m_conversation->setTurnRequestId(id, requestId);
    const QJsonObject usage = message.value("usage"_L1).toObject();
    if (!usage.isEmpty()) {
        const Cost cost = Cost::compute(Usage::fromJson(usage), model, m_chat->pricing());
        if (cost.known)
            m_conversation->setTurnCost(id, cost.total());
    }
}

void ChatCommand::mirrorHistory(const QJsonObject &message, const QString &requestId)
{
    for (; m_mirrored < m_history.size(); ++m_mirrored) {
        const MessageParam &param = m_history.at(m_mirrored);
        if (param.role() == MessageParam::Role::User)
            m_conversation->appendUserTurn(contentJson(param));
        else if (!message.isEmpty())
            addAssistantTurn(message, requestId);
        else
            addAssistantTurn(QJsonObject{{"content"_L1, contentJson(param)}}, requestId);
    }
}

int ChatCommand::sendWithTools(const QJsonArray &content)
{
    // The user turn goes into the conversation (and onto disk) first; the loop then runs on the
    // conversation's messages.
    m_conversation->appendUserTurn(content);
    if (!saveNow())
        return ExitFileError;

    MessageRequest base = m_chat->buildRequest({});
    const ModelCapabilities capabilities = m_chat->modelCatalog().capabilities(m_chat->model());
    const QString choice = m_options.toolChoice;
    const std::optional<bool> noParallel =
        m_options.noParallelTools ? std::optional<bool>(true) : std::nullopt;
    if (choice == "any"_L1)
        base.setToolChoice(ToolChoice::any(noParallel));
    else if (choice == "none"_L1)
        base.setToolChoice(ToolChoice::none());
    else if (!choice.isEmpty() && choice != "auto"_L1)
        base.setToolChoice(ToolChoice::tool(choice, noParallel));
    else if (!choice.isEmpty() || noParallel)
        base.setToolChoice(ToolChoice::autoChoice(noParallel));

    ToolLoop loop(m_client, &m_registry, m_approver.get());
    if (m_schema) {
        m_schemaMode = m_schema->apply(base, capabilities);
        if (m_schemaMode == StructuredOutput::Mode::Unsupported) {
            Console::error(tr("--schema cannot be used with extended thinking on %1, which has no "
                              "structured outputs")
                               .arg(m_chat->model()));
            return ExitUsage;
        }
        if (m_schemaMode == StructuredOutput::Mode::ForcedTool)
            loop.setFinalToolName(StructuredOutput::ToolName.toString());
    }
    {
        MessageRequest check = base;
        check.setMessages(toParams(m_conversation->messagesForApi()));
        QList<QJsonObject> tools = m_registry.apiTools();
        tools.append(base.tools());
        check.setTools(tools);
        if (const QString problem = m_chat->checkRequest(check); !problem.isEmpty()) {
            Console::error(problem);
            return ExitUsage;
        }
    }
    loop.setBaseRequest(base);
    loop.setStreaming(!m_options.noStream);
    loop.setMaxSteps(m_options.maxSteps.value_or(ToolLoop::DefaultMaxSteps));
    if (m_options.cache) {
        CacheSettings cache;
        cache.enabled = true;
        cache.ttl = m_options.cacheTtl == "1h"_L1 ? CacheTtl::OneHour : CacheTtl::FiveMinutes;
        loop.setCache(cache, capabilities);
    }
    loop.setAlwaysAllowed(m_alwaysAllowed);
    m_history = toParams(m_conversation->messagesForApi());
    m_mirrored = m_history.size();
    loop.setHistory(m_history);

    const bool textMode = !m_options.json && !m_schema;
    const bool verbose = m_options.verbose;
    QEventLoop events;
    ToolLoop::Outcome outcome = ToolLoop::Outcome::Completed;
    bool interrupted = false;
    bool saveFailed = false;

    connect(&loop, &ToolLoop::stepStarted, &events, [&](int step, int maxSteps) {
        if (step > 1) { // the tool results of the previous step, on disk before the request
            m_history = loop.history();
            mirrorHistory({}, {});
            if (!saveNow())
                saveFailed = true;
        }
        if (verbose && step > 1)
            Console::error(tr("step %1 of at most %2").arg(step).arg(maxSteps));
    });
    if (textMode && !m_options.noStream) {
        connect(&loop, &ToolLoop::textAppended, &events, [&](int, const QString &delta) {
            if (delta.isEmpty())
                return;
            Console::out(delta);
            m_lastChar = delta.back();
        });
    }
    connect(&loop, &ToolLoop::stepFinished, &events,
            [&](int, const QJsonObject &message, const QString &requestId) {
                if (textMode && m_options.noStream) {
                    for (const QJsonValue &block : message.value("content"_L1).toArray()) {
                        if (block["type"_L1].toString() == "text"_L1) {
                            const QString text = block["text"_L1].toString();
                            Console::out(text);
                            if (!text.isEmpty())
                                m_lastChar = text.back();
                        }
                    }
                }
                if (textMode)
                    finishLine();
                m_history = loop.history();
                mirrorHistory(message, requestId);
                if (m_store)
                    m_store->autoSaver()->saveNow();
                recordSpending(message.value("model"_L1).toString(m_chat->model()),
                               message.value("usage"_L1).toObject(), requestId);
            });
    if (verbose) {
        connect(&loop, &ToolLoop::thinkingAppended, &events,
                [](int, const QString &delta) { Console::err(delta); });
        connect(&loop, &ToolLoop::retrying, &events,
                [](int attempt, qint64 delayMs, const ApiError &error) {
                    Console::error(tr("retry %1 in %2 ms after: %3")
                                       .arg(attempt)
                                       .arg(delayMs)
                                       .arg(error.toString()));
                });
        connect(&loop, &ToolLoop::toolCallStarted, &events,
                [](const QString &, const QString &name, const QJsonObject &input) {
                    Console::err(tr("[tool %1 %2]\n").arg(name, compact(input)));
                });
    }
    connect(&loop, &ToolLoop::toolCallFinished, &events,
            [verbose](const QString &, const QString &name, const ToolOutput &output) {
                if (output.isError)
                    Console::error(tr("tool %1 failed: %2").arg(name, output.plainText()));
                else if (verbose)
                    Console::err(tr("[tool %1 done]\n").arg(name));
            });
    connect(&loop, &ToolLoop::finished, &events, [&](ToolLoop::Outcome o) {
        outcome = o;
        events.quit();
    });
    SigintWatcher sigint;
    connect(&sigint, &SigintWatcher::interrupted, &events, [&] {
        interrupted = true;
        loop.stop();
    });

    if (!loop.run({}))
        return ExitUsage;
    if (loop.isRunning())
        events.exec();
    m_alwaysAllowed = loop.alwaysAllowed();
    m_history = loop.history();
    mirrorHistory({}, {});
    if (outcome == ToolLoop::Outcome::Failed) {
        const ApiError error = loop.lastError();
        const QString id = m_conversation->beginAssistantTurn(m_chat->model(), {});
        TurnError te;
        te.kind = ApiError::kindName(error.kind);
        te.type = error.type;
        te.message = error.message;
        te.httpStatus = error.httpStatus;
        te.requestId = error.requestId;
        m_conversation->finishAssistantTurn(id, TurnStatus::Error, {}, te);
    }
    if (!saveNow() || saveFailed)
        return ExitFileError;
    finishLine();

    const QJsonObject message = loop.lastMessage();
    if (m_options.json && !message.isEmpty())
        Console::outBytes(JsonWriter::compact(message) + '\n');

    if (interrupted || outcome == ToolLoop::Outcome::Stopped)
        return ExitInterrupted;
    if (outcome == ToolLoop::Outcome::Failed) {
        Console::error(loop.lastError().toString());
        return ExitApiError;
    }
    if (outcome == ToolLoop::Outcome::MaxSteps) {
        Console::error(tr("the tool loop stopped after %1 requests (--max-steps); the model "
                          "still asked for tools")
                           .arg(loop.step()));
        return ExitMaxSteps;
    }
    if (m_schema) {
        const StructuredOutput::Result result = m_schema->extract(message, m_schemaMode);
        if (!m_options.json && !result.value.isUndefined())
            Console::out(compact(result.value) % u'\n');
        if (!result.ok) {
            Console::error(result.error);
            return ExitApiError;
        }
    }
    return ExitSuccess;
}

} // namespace claudette::cli
