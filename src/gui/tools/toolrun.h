#pragma once

#include "core/api/messagerequest.h"
#include "core/chat/structuredoutput.h"
#include "core/chat/toolloop.h"
#include "core/chat/toolregistry.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <memory>

namespace claudette {

class Chat;
class Client;
class McpServers;
class ToolApprover;
class ToolLibrary;

/**
 * Sends a conversation's replies through a ToolLoop when it uses tools or structured output
 * (Chat::usesTools()), and keeps the Conversation in step with the loop: every request's reply
 * is an assistant turn (streaming while it arrives, then complete with its usage, cost and
 * request id), the tool results are the user turn that follows it, exactly as the loop sends
 * them (so the saved file is the history the model saw).
 *
 * The request is the Chat's (model, system, sampling, thinking, service tier...) plus the
 * conversation's local tools (from the ToolLibrary), its MCP servers' tools, its server tools,
 * tool_choice with parallel use, and the structured-output schema or forced tool. It is checked
 * with RequestValidator before anything is stored (refused() explains).
 *
 * "Always allow" answers are remembered for the life of this object (the session).
 */
class ToolRun : public QObject
{
    Q_OBJECT
public:
    /// None of the pointers is owned; all must outlive the run. @p mcp may be null.
    ToolRun(Client *client, Chat *chat, ToolLibrary *library, McpServers *mcp,
            ToolApprover *approver, QObject *parent = nullptr);
    ~ToolRun() override;

    /// The request a send of @p userContent would make (its messages: the history and it), and
    /// in @p problem what would refuse it (empty when it may be sent).
    MessageRequest buildRequest(const QJsonArray &userContent, QString *problem) const;
    /// Appends the user turn and runs the loop. False (refused() emitted, nothing changed) when
    /// a run is going on or the request would be refused.
    bool send(const QJsonArray &userContent);
    void stop();
    bool isRunning() const { return m_loop->isRunning(); }
    int step() const { return m_loop->step(); }
    int maxSteps() const { return m_loop->maxSteps(); }
    ToolLoop *loop() const { return m_loop; }
    /// The outcome of the last run that ended.
    ToolLoop::Outcome lastOutcome() const { return m_outcome; }
    /// The structured result of the last run, when structured output was asked for.
    StructuredOutput::Result structuredResult() const { return m_structured; }
    bool hasStructuredResult() const { return m_hasStructured; }

Q_SIGNALS:
    void refused(const QString &message);
    void started();
    void stepStarted(int step, int maxSteps);
    void toolCallStarted(const QString &name);
    void finished(claudette::ToolLoop::Outcome outcome);
    /// Structured output was asked for and the run completed: @p result says whether it fits.
    void structuredResultReady(const claudette::StructuredOutput::Result &result);

private:
    struct Plan
    {
        MessageRequest request;
        QString finalTool;
        QJsonObject resultSchema;
        StructuredOutput::Mode mode = StructuredOutput::Mode::Unsupported;
        bool structured = false;
    };
    Plan plan(const QJsonArray &userContent, QString *problem) const;
    void fillRegistry(ToolRegistry *registry, QString *problem) const;
    void syncHistory();
    void onStepStarted(int step, int maxSteps);
    void onStepFinished(int step, const QJsonObject &message, const QString &requestId);
    void onFinished(ToolLoop::Outcome outcome);
    void appendDelta(int index, const QString &type, const QString &field, const QString &delta);
    void flush();

    Client *m_client;
    Chat *m_chat;
    ToolLibrary *m_library;
    McpServers *m_mcp;
    ToolRegistry m_registry;
    ToolLoop *m_loop;
    Plan m_plan;
    qsizetype m_written = 0;
    QString m_turnId;
    QJsonArray m_blocks;
    QTimer m_flushTimer;
    ToolLoop::Outcome m_outcome = ToolLoop::Outcome::Completed;
    StructuredOutput::Result m_structured;
    bool m_hasStructured = false;
};

} // namespace claudette
