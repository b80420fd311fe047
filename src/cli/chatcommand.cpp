#include "cli/chatcommand.h"

#include "cli/cliapp.h"
#include "cli/console.h"
#include "cli/sigintwatcher.h"
#include "cli/terminalapprover.h"
#include "core/api/client.h"
#include "core/api/jsonwriter.h"
#include "core/chat/chat.h"
#include "core/chat/fixedtoolapprover.h"
#include "core/chat/mcpclient.h"
#include "core/chat/structuredoutput.h"
#include "core/session/conversationsession.h"
#include "core/session/toolsetup.h"
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
    if (m_session)
        m_session->close();
    for (const auto &mcp : m_mcp)
        mcp->stop();
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
    m_session = std::make_unique<ConversationSession>(m_client);
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
        m_session->openInMemory();
        return ExitSuccess;
    }
    QString error;
    if (!m_paths.ensureDirs(&error)) {
        Console::error(error);
        return ExitFileError;
    }
    const bool exists = QFileInfo::exists(path);
    const ConversationStore::OpenResult result =
        exists ? m_session->open(path, m_paths.journalsDir())
               : m_session->create(path, m_paths.journalsDir());
    if (!result.ok) {
        Console::error(result.errorString);
        return ExitFileError;
    }
    if (result.readOnly) {
        Console::error(tr("%1 is in use: %2").arg(path, result.readOnlyReason));
        m_session->close();
        return ExitFileError;
    }
    if (result.replayedJournal)
        Console::error(tr("restored a reply that was interrupted when it was last written"));
    if (m_options.save)
        Console::error(tr("saving to %1").arg(m_session->store()->path()));
    connect(m_session->store(), &ConversationStore::saveFailed, this,
            [](const QString &message) { Console::error(tr("saving failed: %1").arg(message)); });
    return ExitSuccess;
}

bool ChatCommand::saveNow()
{
    ConversationStore *store = m_session ? m_session->store() : nullptr;
    if (!store)
        return true;
    store->autoSaver()->saveNow();
    return store->waitForSaved();
}

int ChatCommand::setUpTools()
{
    // The tools come from the options, not the conversation's settings; a registry built here
    // checks them as the session will use them.
    ToolSetup setup;
    ToolRegistry offered;
    for (const QString &file : std::as_const(m_options.toolFiles)) {
        QString error;
        const std::optional<ToolDefinition> tool = ToolDefinition::load(file, &error);
        if (!tool || !offered.addLocalTool(*tool, &error)) {
            Console::error(error.contains(file) ? error : tr("%1: %2").arg(file, error));
            return ExitFileError;
        }
        setup.localTools.append(*tool);
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
        offered.addMcpServer(mcp.get());
        setup.mcpServers.append(mcp.get());
        m_mcp.push_back(std::move(mcp));
    }
    for (const QString &name : offered.conflicts())
        Console::error(tr("the MCP tool %1 is not offered: the name is taken").arg(name));
    if (m_options.webSearch) {
        setup.serverTools.webSearch = true;
        offered.setServerTools(setup.serverTools);
    }
    if (!m_options.schemaFile.isEmpty()) {
        StructuredOutput schema;
        QString error;
        if (!schema.loadSchema(m_options.schemaFile, &error)) {
            Console::error(error.contains(m_options.schemaFile)
                               ? error
                               : tr("%1: %2").arg(m_options.schemaFile, error));
            return ExitFileError;
        }
        setup.outputSchema = schema.schema();
    }
    const QString choice = m_options.toolChoice;
    if (!choice.isEmpty() && choice != "auto"_L1 && choice != "any"_L1 && choice != "none"_L1) {
        bool found = offered.find(choice).kind != ToolRegistry::Kind::None;
        for (const QJsonObject &tool : offered.apiTools())
            found = found || tool.value("name"_L1).toString() == choice;
        if (!found) {
            Console::error(tr("--tool-choice %1 names no tool that is offered").arg(choice));
            return ExitUsage;
        }
    }
    const std::optional<bool> noParallel =
        m_options.noParallelTools ? std::optional<bool>(true) : std::nullopt;
    if (choice == "any"_L1)
        setup.toolChoice = ToolChoice::any(noParallel);
    else if (choice == "none"_L1)
        setup.toolChoice = ToolChoice::none();
    else if (!choice.isEmpty() && choice != "auto"_L1)
        setup.toolChoice = ToolChoice::tool(choice, noParallel);
    else if (!choice.isEmpty() || noParallel)
        setup.toolChoice = ToolChoice::autoChoice(noParallel);
    if (m_options.cache) {
        setup.cache.enabled = true;
        setup.cache.ttl = m_options.cacheTtl == "1h"_L1 ? CacheTtl::OneHour : CacheTtl::FiveMinutes;
    }
    setup.maxSteps = m_options.maxSteps.value_or(ToolLoop::DefaultMaxSteps);
    if (m_options.yes)
        m_approver = std::make_unique<FixedToolApprover>(ToolApprover::Decision::AllowOnce);
    else
        m_approver = std::make_unique<TerminalApprover>();
    m_session->setApprover(m_approver.get());
    m_session->setToolSetup(setup);
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
    CliApp::configureChat(m_options, *m_session->chat());
    m_session->setLiveUpdates(false); // the deltas are printed here; the turn is written at the end
    // Each user turn (the prompt, tool results) is on disk before its request goes out.
    m_session->setSaveBeforeSending(true);
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
    if (ConversationStore *store = m_session->store()) {
        const QString path = store->path();
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
    const int code = send(content);
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
    const Cost cost = Cost::compute(usage, model, m_session->chat()->pricing());
    m_promptUsage += usage;
    m_promptCost += cost;
    m_promptModel = model;
    LedgerEntry entry;
    entry.time = QDateTime::currentDateTimeUtc();
    entry.model = model;
    entry.usage = usage;
    if (cost.known)
        entry.costUsd = cost.total();
    entry.conversationId = m_session->store() ? m_session->conversation()->id() : QString();
    entry.source = u"cli"_s;
    entry.requestId = requestId;
    QString error;
    if (!m_paths.ensureDirs(&error) || !m_ledger.append(entry, &error)) {
        if (!m_ledgerWarned)
            Console::error(tr("the cost could not be added to the ledger: %1").arg(error));
        m_ledgerWarned = true;
    }
}

int ChatCommand::send(const QJsonArray &content)
{
    ConversationSession &session = *m_session;
    const bool streaming = session.chat()->streaming();
    const bool tools = session.usesTools();
    const bool textMode = !m_options.json && !m_options.events && m_options.schemaFile.isEmpty();
    const bool verbose = m_options.verbose;
    bool interrupted = false;
    QEventLoop loop;
    ConversationSession::Outcome outcome = ConversationSession::Outcome::Completed;
    QList<QMetaObject::Connection> connections;
    const auto on = [&](auto... args) { connections.append(connect(args...)); };

    on(&session, &ConversationSession::refused, &loop,
       [](const QString &message) { Console::error(message); });
    if (textMode && streaming) {
        on(&session, &ConversationSession::replyStarted, &loop,
           [&](const QString &, const QString &prefill) {
               if (!prefill.isEmpty()) {
                   Console::out(prefill);
                   m_lastChar = prefill.back();
               }
           });
        on(&session, &ConversationSession::textAppended, &loop,
           [&](const QString &, int, const QString &delta) {
               if (delta.isEmpty())
                   return;
               Console::out(delta);
               m_lastChar = delta.back();
           });
    }
    if (m_options.events) {
        on(&session, &ConversationSession::eventReceived, &loop,
           [](const SseEvent &event) { Console::outBytes(eventLine(event)); });
    }
    if (verbose) {
        on(&session, &ConversationSession::thinkingAppended, &loop,
           [](const QString &, int, const QString &delta) { Console::err(delta); });
        if (!tools) {
            on(&session, &ConversationSession::blockStarted, &loop,
               [](const QString &, int, const QJsonObject &block) {
                   Console::err(blockActivity(block));
               });
            on(&session, &ConversationSession::toolInputAppended, &loop,
               [](const QString &, int, const QString &json) { Console::err(json); });
        }
        on(&session, &ConversationSession::retrying, &loop,
           [](int attempt, qint64 delayMs, const ApiError &error) {
               Console::error(tr("retry %1 in %2 ms after: %3")
                                  .arg(attempt)
                                  .arg(delayMs)
                                  .arg(error.toString()));
           });
        on(&session, &ConversationSession::stepStarted, &loop, [](int step, int maxSteps) {
            if (step > 1)
                Console::error(tr("step %1 of at most %2").arg(step).arg(maxSteps));
        });
        on(&session, &ConversationSession::toolCallStarted, &loop,
           [](const QString &, const QString &name, const QJsonObject &input) {
               Console::err(tr("[tool %1 %2]\n").arg(name, compact(input)));
           });
    }
    on(&session, &ConversationSession::toolCallFinished, &loop,
       [verbose](const QString &, const QString &name, const ToolOutput &output) {
           if (output.isError)
               Console::error(tr("tool %1 failed: %2").arg(name, output.plainText()));
           else if (verbose)
               Console::err(tr("[tool %1 done]\n").arg(name));
       });
    on(&session, &ConversationSession::replyFinished, &loop,
       [&](const QString &turnId, TurnStatus) {
           const Turn turn = session.conversation()->turn(turnId);
           if (textMode && !streaming) {
               // One answer at the end: the stored reply is prefill + continuation.
               const QString text = turn.plainText();
               Console::out(text);
               if (!text.isEmpty())
                   m_lastChar = text.back();
           }
           if (textMode)
               finishLine();
           recordSpending(turn.model, turn.usage, turn.requestId);
       });
    on(&session, &ConversationSession::finished, &loop, [&](ConversationSession::Outcome o) {
        outcome = o;
        loop.quit();
    });

    SigintWatcher sigint;
    on(&sigint, &SigintWatcher::interrupted, &loop, [&] {
        interrupted = true;
        if (session.isBusy())
            session.stop();
        else
            loop.quit();
    });

    const auto disconnectAll = [&] {
        for (const QMetaObject::Connection &c : std::as_const(connections))
            disconnect(c);
    };
    const bool sent = session.send(content, m_options.prefill.value_or(QString()));
    if (sent && session.isBusy())
        loop.exec();
    disconnectAll();
    if (!sent)
        return session.saveFailed() ? ExitFileError : ExitUsage;

    // The finished reply on disk; the journal goes with that save.
    const bool saved = saveNow();
    if (textMode)
        finishLine();
    const QJsonObject message = session.lastMessage();
    if (m_options.json && !message.isEmpty())
        Console::outBytes(JsonWriter::compact(message) + '\n');
    if (session.saveFailed() || (tools && !saved))
        return ExitFileError;

    if (interrupted || outcome == ConversationSession::Outcome::Stopped)
        return ExitInterrupted;
    if (outcome == ConversationSession::Outcome::Failed) {
        Console::error(session.lastError().toString());
        return ExitApiError;
    }
    if (outcome == ConversationSession::Outcome::MaxSteps) {
        Console::error(tr("the tool loop stopped after %1 requests (--max-steps); the model "
                          "still asked for tools")
                           .arg(session.step()));
        return ExitMaxSteps;
    }
    if (session.hasStructuredResult()) {
        const StructuredOutput::Result result = session.structuredResult();
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
