#include "core/chat/mcpclient.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcMcp, "claudette.mcp")

namespace claudette {

namespace {
constexpr qint64 MaxLineBytes = 64 * 1024 * 1024;

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

McpClient::McpClient(QObject *parent)
    : QObject(parent)
{
    m_timeoutTimer.setInterval(250);
    connect(&m_timeoutTimer, &QTimer::timeout, this, &McpClient::checkTimeouts);
}

McpClient::~McpClient()
{
    m_pending.clear(); // no callback after destruction
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
        delete m_process;
    }
}

void McpClient::startCommand(const QString &commandLine, const QProcessEnvironment &environment)
{
    QStringList parts = QProcess::splitCommand(commandLine);
    if (parts.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this] { fail(tr("the MCP server command is empty")); }, Qt::QueuedConnection);
        return;
    }
    const QString program = parts.takeFirst();
    start(program, parts, environment);
}

void McpClient::start(const QString &program, const QStringList &arguments,
                      const QProcessEnvironment &environment)
{
    if (m_process)
        return;
    if (m_name.isEmpty())
        m_name = QFileInfo(program).fileName();
    auto *process = new QProcess(this);
    m_process = process;
    if (!environment.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(environment);
        process->setProcessEnvironment(env);
    }
    connect(process, &QProcess::readyReadStandardOutput, this, &McpClient::onReadyRead);
    connect(process, &QProcess::readyReadStandardError, this, [this, process] {
        m_stderr += process->readAllStandardError();
        if (m_stderr.size() > 8000)
            m_stderr = m_stderr.right(8000);
    });
    connect(process, &QProcess::errorOccurred, this, [this, program](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            fail(tr("the MCP server %1 could not be started: %2")
                     .arg(program, m_process ? m_process->errorString() : QString()));
    });
    connect(process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus) {
        QString message = tr("the MCP server %1 exited (status %2)").arg(m_name).arg(code);
        const QString err = QString::fromUtf8(m_stderr).trimmed();
        if (!err.isEmpty())
            message += u": "_s + err.right(2000);
        fail(message);
    });
    m_timeoutTimer.start();
    process->start(program, arguments);

    QJsonObject params{
        {u"protocolVersion"_s, QString(ProtocolVersion)},
        {u"capabilities"_s, QJsonObject{}},
        {u"clientInfo"_s, QJsonObject{{u"name"_s, u"claudette-qt"_s}, {u"version"_s, u"0.1"_s}}},
    };
    request(u"initialize"_s, params, [this](const QJsonObject &result, const QString &error) {
        if (!error.isEmpty()) {
            fail(tr("the MCP server %1 did not initialize: %2").arg(m_name, error));
            return;
        }
        m_serverInfo = result.value(u"serverInfo").toObject();
        notify(u"notifications/initialized"_s);
        listTools({});
    });
}

void McpClient::listTools(const QString &cursor)
{
    QJsonObject params;
    if (!cursor.isEmpty())
        params.insert(u"cursor"_s, cursor);
    request(u"tools/list"_s, params, [this](const QJsonObject &result, const QString &error) {
        if (!error.isEmpty()) {
            fail(tr("the MCP server %1 did not list its tools: %2").arg(m_name, error));
            return;
        }
        for (const QJsonValue &v : result.value(u"tools").toArray()) {
            const QJsonObject t = v.toObject();
            Tool tool{t.value(u"name").toString(), t.value(u"description").toString(),
                      t.value(u"inputSchema").toObject()};
            if (tool.name.isEmpty())
                continue;
            if (tool.inputSchema.isEmpty())
                tool.inputSchema = QJsonObject{{u"type"_s, u"object"_s}};
            m_tools.append(tool);
        }
        const QString next = result.value(u"nextCursor").toString();
        if (!next.isEmpty()) {
            listTools(next);
            return;
        }
        m_ready = true;
        qCDebug(lcMcp) << "MCP server" << m_name << "ready with" << m_tools.size() << "tools";
        Q_EMIT ready();
    });
}

bool McpClient::hasTool(const QString &name) const
{
    return std::any_of(m_tools.cbegin(), m_tools.cend(),
                       [&name](const Tool &t) { return t.name == name; });
}

void McpClient::callTool(const QString &name, const QJsonObject &arguments,
                         const ResultCallback &done)
{
    if (m_failed || !m_process) {
        const QString why =
            m_errorString.isEmpty() ? tr("the MCP server is not running") : m_errorString;
        QMetaObject::invokeMethod(
            this, [done, why] { done(ToolOutput::error(why)); }, Qt::QueuedConnection);
        return;
    }
    QJsonObject params{{u"name"_s, name}, {u"arguments"_s, arguments}};
    request(u"tools/call"_s, params,
            [done, name, this](const QJsonObject &result, const QString &error) {
                if (!error.isEmpty()) {
                    done(ToolOutput::error(
                        tr("The MCP tool %1 (%2) failed: %3").arg(name, m_name, error)));
                    return;
                }
                done(outputFromResult(result));
            });
}

ToolOutput McpClient::outputFromResult(const QJsonObject &result)
{
    ToolOutput out;
    out.isError = result.value(u"isError").toBool();
    for (const QJsonValue &v : result.value(u"content").toArray()) {
        const QJsonObject item = v.toObject();
        const QString type = item.value(u"type").toString();
        if (type == "text"_L1) {
            out.content.append(ContentBlock::makeText(item.value(u"text").toString()));
        } else if (type == "image"_L1) {
            out.content.append(ContentBlock(QJsonObject{
                {u"type"_s, u"image"_s},
                {u"source"_s, QJsonObject{{u"type"_s, u"base64"_s},
                                          {u"media_type"_s, item.value(u"mimeType").toString()},
                                          {u"data"_s, item.value(u"data").toString()}}}}));
        } else if (type == "resource"_L1 &&
                   item.value(u"resource").toObject().contains(u"text"_s)) {
            out.content.append(ContentBlock::makeText(
                item.value(u"resource").toObject().value(u"text").toString()));
        } else {
            // Audio, links and blobs have no tool_result form: say what came, as text.
            out.content.append(ContentBlock::makeText(
                QString::fromUtf8(QJsonDocument(item).toJson(QJsonDocument::Compact))));
        }
    }
    if (out.content.isEmpty() && result.contains(u"structuredContent"_s))
        out.content.append(ContentBlock::makeText(
            QString::fromUtf8(QJsonDocument(result.value(u"structuredContent").toObject())
                                  .toJson(QJsonDocument::Compact))));
    return out;
}

void McpClient::stop()
{
    if (!m_process)
        return;
    QProcess *process = m_process;
    m_process = nullptr;
    process->disconnect(this);
    failAllPending(tr("the MCP server %1 was stopped").arg(m_name));
    process->closeWriteChannel();
    if (!process->waitForFinished(500)) {
        process->kill();
        process->waitForFinished(1000);
    }
    process->deleteLater();
    m_ready = false;
}

void McpClient::request(const QString &method, const QJsonObject &params,
                        std::function<void(const QJsonObject &, const QString &)> handler)
{
    const qint64 id = m_nextId++;
    m_pending.insert(id, Pending{std::move(handler), now() + m_requestTimeoutMs});
    send(QJsonObject{
        {u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, id}, {u"method"_s, method}, {u"params"_s, params}});
}

void McpClient::notify(const QString &method, const QJsonObject &params)
{
    QJsonObject message{{u"jsonrpc"_s, u"2.0"_s}, {u"method"_s, method}};
    if (!params.isEmpty())
        message.insert(u"params"_s, params);
    send(message);
}

void McpClient::send(const QJsonObject &message)
{
    if (!m_process)
        return;
    m_process->write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
}

void McpClient::onReadyRead()
{
    if (!m_process)
        return;
    m_buffer += m_process->readAllStandardOutput();
    qsizetype newline = 0;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(newline).trimmed();
        m_buffer.remove(0, newline + 1);
        if (line.isEmpty())
            continue;
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            fail(tr("the MCP server %1 wrote something that is not JSON-RPC: %2")
                     .arg(m_name, QString::fromUtf8(line.left(200))));
            return;
        }
        handleMessage(doc.object());
        if (!m_process)
            return;
    }
    if (m_buffer.size() > MaxLineBytes)
        fail(tr("the MCP server %1 wrote a message larger than %2 bytes")
                 .arg(m_name)
                 .arg(MaxLineBytes));
}

void McpClient::handleMessage(const QJsonObject &message)
{
    const QJsonValue id = message.value(u"id");
    const QString method = message.value(u"method").toString();
    if (!method.isEmpty()) {
        if (id.isUndefined() || id.isNull())
            return; // a notification
        QJsonObject answer{{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, id}};
        if (method == "ping"_L1)
            answer.insert(u"result"_s, QJsonObject{});
        else
            answer.insert(u"error"_s,
                          QJsonObject{{u"code"_s, -32601}, {u"message"_s, u"Method not found"_s}});
        send(answer);
        return;
    }
    const auto it = m_pending.find(id.toInteger(-1));
    if (it == m_pending.end())
        return; // an answer nobody waits for (timed out): ignored
    Pending pending = std::move(it.value());
    m_pending.erase(it);
    if (message.contains(u"error"_s)) {
        const QJsonObject error = message.value(u"error").toObject();
        pending.handler({}, tr("%1 (code %2)")
                                .arg(error.value(u"message").toString())
                                .arg(error.value(u"code").toInteger()));
    } else {
        pending.handler(message.value(u"result").toObject(), {});
    }
}

void McpClient::checkTimeouts()
{
    const qint64 t = now();
    QList<qint64> expired;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
        if (it.value().deadline <= t)
            expired.append(it.key());
    for (qint64 id : expired) {
        const auto it = m_pending.find(id);
        if (it == m_pending.end())
            continue;
        Pending pending = std::move(it.value());
        m_pending.erase(it);
        pending.handler({}, tr("no answer within %1 s").arg(m_requestTimeoutMs / 1000.0));
    }
}

void McpClient::failAllPending(const QString &message)
{
    const QHash<qint64, Pending> pending = std::exchange(m_pending, {});
    for (const Pending &p : pending)
        p.handler({}, message);
}

void McpClient::fail(const QString &message)
{
    m_ready = false;
    if (m_errorString.isEmpty())
        m_errorString = message;
    qCWarning(lcMcp) << message;
    if (QProcess *process = m_process) {
        m_process = nullptr;
        process->disconnect(this);
        if (process->state() != QProcess::NotRunning)
            process->kill();
        process->waitForFinished(1000);
        process->deleteLater();
    }
    m_timeoutTimer.stop();
    failAllPending(message);
    if (!m_failed) {
        m_failed = true;
        Q_EMIT failed(message);
    }
}

} // namespace claudette
