#pragma once

#include "core/chat/tooloutput.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>
#include <functional>

class QProcess;

namespace claudette {

/**
 * A client for one MCP server over stdio (JSON-RPC 2.0, one JSON message per line, as the MCP
 * stdio transport specifies): start() launches the command, sends `initialize`, then the
 * `notifications/initialized` notification and `tools/list` (following `nextCursor` pages).
 * ready() follows with tools() filled in; failed() if any of that goes wrong (the server could
 * not start, answered with an error, wrote something that is not JSON-RPC, or did not answer
 * within the request timeout).
 *
 * callTool() sends `tools/call`; its callback gets the result as a ToolOutput (text and image
 * content; `isError` kept) or an error output when the call failed, timed out or the server
 * exited. Each callback is called exactly once, never from inside callTool(), and not after the
 * client is destroyed. Requests from the server (`ping`) are answered; others get a
 * method-not-found error; notifications are ignored.
 */
class McpClient : public QObject
{
    Q_OBJECT

public:
    struct Tool
    {
        QString name;
        QString description;
        QJsonObject inputSchema;
    };
    using ResultCallback = std::function<void(const ToolOutput &)>;

    static constexpr QLatin1StringView ProtocolVersion{"2025-06-18"};

    explicit McpClient(QObject *parent = nullptr);
    ~McpClient() override;

    /// A name for messages and approvals (default: the program's file name).
    QString name() const { return m_name; }
    void setName(const QString &name) { m_name = name; }
    /// How long one request may wait for its answer (default 60 s).
    void setRequestTimeoutMs(int ms) { m_requestTimeoutMs = ms; }

    /// Launches @p program with @p arguments; @p environment is added to the inherited one.
    void start(const QString &program, const QStringList &arguments,
               const QProcessEnvironment &environment = {});
    /// Splits @p commandLine like a shell and starts it. An empty one fails.
    void startCommand(const QString &commandLine, const QProcessEnvironment &environment = {});
    /// Closes the server's stdin and ends it (killed after a short grace period).
    void stop();

    bool isReady() const { return m_ready; }
    QList<Tool> tools() const { return m_tools; }
    bool hasTool(const QString &name) const;
    /// The server's `serverInfo` from the initialize answer.
    QJsonObject serverInfo() const { return m_serverInfo; }
    QString errorString() const { return m_errorString; }

    void callTool(const QString &name, const QJsonObject &arguments, const ResultCallback &done);

    /// Converts an MCP `tools/call` result to content blocks.
    static ToolOutput outputFromResult(const QJsonObject &result);

Q_SIGNALS:
    void ready();
    void failed(const QString &message);

private:
    struct Pending
    {
        std::function<void(const QJsonObject &result, const QString &error)> handler;
        qint64 deadline = 0;
    };
    void request(const QString &method, const QJsonObject &params,
                 std::function<void(const QJsonObject &, const QString &)> handler);
    void notify(const QString &method, const QJsonObject &params = {});
    void send(const QJsonObject &message);
    void onReadyRead();
    void handleMessage(const QJsonObject &message);
    void listTools(const QString &cursor);
    void fail(const QString &message);
    void failAllPending(const QString &message);
    void checkTimeouts();

    QPointer<QProcess> m_process;
    QString m_name;
    QByteArray m_buffer;
    QHash<qint64, Pending> m_pending;
    qint64 m_nextId = 1;
    int m_requestTimeoutMs = 60000;
    QTimer m_timeoutTimer;
    QList<Tool> m_tools;
    QJsonObject m_serverInfo;
    QString m_errorString;
    QByteArray m_stderr;
    bool m_ready = false;
    bool m_failed = false;
};

} // namespace claudette
