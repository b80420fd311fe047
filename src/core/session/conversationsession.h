#pragma once

#include "core/api/apierror.h"
#include "core/api/messagerequest.h"
#include "core/api/sseparser.h"
#include "core/chat/structuredoutput.h"
#include "core/chat/toolloop.h"
#include "core/chat/tooloutput.h"
#include "core/chat/toolregistry.h"
#include "core/session/toolplan.h"
#include "core/session/toolsetup.h"
#include "core/store/conversationdata.h"
#include "core/store/conversationstore.h"
#include "core/store/turn.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>

namespace claudette {

class Chat;
class Client;
class Conversation;
class McpServers;
class ToolApprover;
class ToolLibrary;

/**
 * One conversation and everything that runs in it: the Conversation (in a file through a
 * ConversationStore, or in memory), its Chat, its journal and its tool runs. The window's
 * controller and claudette-cli's ChatCommand drive only this class and render its signals.
 *
 * A send is a plain reply (Chat) or, when the conversation uses tools or structured output, a
 * ToolLoop run whose steps this class binds to turns: each step's reply is an assistant turn
 * (streaming while it arrives, its content written at most once per frame from the stream's
 * accumulator, so a delta costs O(delta)), each round of tool results the user turn after it,
 * exactly as the loop sends them.
 *
 * Every reply, each tool-loop step included, is journaled the same way: its stream events go to
 * the store's journal from its first event to its end (the header carrying the turns it builds
 * on), and the journal goes once the finished turn is saved. After a crash, reopening restores
 * the step that was streaming (interrupted), and a tool_use whose tool was running gets a
 * "Not run (interrupted)." result (ConversationStore), so the next request is valid; the tool
 * runs again only if the model asks again and the ToolApprover allows it again.
 *
 * Signals are the same for both kinds of send: replyStarted() … replyFinished() for each reply
 * (one per tool-loop step), with the deltas between; finished() once per send.
 */
class ConversationSession : public QObject
{
    Q_OBJECT
public:
    enum class Outcome
    {
        Completed,
        Stopped,
        Failed,
        MaxSteps
    };
    Q_ENUM(Outcome)

    /// @p client must outlive the session.
    explicit ConversationSession(Client *client, QObject *parent = nullptr);
    ~ConversationSession() override;

    // --- where the conversation lives

    /// Opens @p path (journals in @p journalDirectory); read-only when another process holds it.
    ConversationStore::OpenResult open(const QString &path, const QString &journalDirectory);
    /// Starts a new conversation saved at @p path (which must not exist).
    ConversationStore::OpenResult create(const QString &path, const QString &journalDirectory,
                                         const QJsonObject &settings = {});
    /// A conversation in memory only (nothing is journaled).
    void openInMemory(ConversationData data = {});
    /// Stops what runs, saves what is pending, releases the file.
    void close();

    Conversation *conversation() const;
    /// The file's store; null in memory.
    ConversationStore *store() const { return m_store.get(); }
    /// Null when nothing is open or the file is read-only (nothing can be sent there).
    Chat *chat() const { return m_chat.get(); }
    bool isReadOnly() const { return m_store && m_store->isReadOnly(); }

    // --- tools

    /// Where the conversation's enabled tools (by name) and MCP servers are found. Not owned.
    void setToolLibrary(ToolLibrary *library) { m_library = library; }
    void setMcpServers(McpServers *servers);
    /// Asked before a tool runs; not owned. Without one, tools run unasked.
    void setApprover(ToolApprover *approver);
    /// Tools given by the caller (claudette-cli's options) instead of the conversation's
    /// settings; nullopt (default): the conversation's own. With a given setup every send runs
    /// the tool loop.
    void setToolSetup(const std::optional<ToolSetup> &setup) { m_givenSetup = setup; }
    /// True when a send runs the tool loop.
    bool usesTools() const;
    /// Names the user chose "Always allow" for (for the life of the session).
    QSet<QString> alwaysAllowed() const;

    /// Each user turn (prompt or tool results) is written to the file before its request leaves
    /// (claudette-cli); otherwise its save starts at once and the journal's header carries it.
    void setSaveBeforeSending(bool wait) { m_saveBeforeSending = wait; }
    /// Whether the deltas are written into the streaming turn as they arrive (default) or only
    /// when the reply ends (a caller that prints the deltas needs no live copy).
    void setLiveUpdates(bool live);

    // --- requests

    /// The first request sending @p userContent would make, exactly (tools included), and in
    /// @p problem what would refuse it. Used for the token estimate and the sidebar's check.
    MessageRequest buildRequest(const QJsonArray &userContent, QString *problem) const;
    /// Sends a user turn and its reply (or tool run). False, refused() emitted and nothing
    /// changed, when busy or the request would be refused.
    bool send(const QJsonArray &userContent, const QString &prefill = {});
    bool regenerate(const QString &assistantTurnId = {});
    bool editUserTurn(const QString &userTurnId, const QJsonArray &content);
    bool continueReply();
    void stop();
    bool isBusy() const;
    /// A tool run is going on (its approvals may be waiting).
    bool isRunningTools() const { return m_loop->isRunning(); }
    /// Whether the last send ran the tool loop.
    bool lastSendUsedTools() const { return m_lastWasTool; }

    /// The last reply's API Message (final or partial).
    QJsonObject lastMessage() const;
    ApiError lastError() const;
    Outcome lastOutcome() const { return m_outcome; }
    /// Requests of the current or last tool run, and its limit.
    int step() const { return m_loop->step(); }
    int maxSteps() const { return m_loop->maxSteps(); }
    /// A save of the file failed during the last send.
    bool saveFailed() const { return m_saveFailed; }
    StructuredOutput::Result structuredResult() const { return m_structured; }
    bool hasStructuredResult() const { return m_hasStructured; }

Q_SIGNALS:
    void refused(const QString &message);
    /// A send began (before its first reply).
    void started();
    void replyStarted(const QString &turnId, const QString &prefill);
    /// Every raw SSE event (claudette-cli's --events). Connect before send().
    void eventReceived(const claudette::SseEvent &event);
    void blockStarted(const QString &turnId, int index, const QJsonObject &block);
    void textAppended(const QString &turnId, int index, const QString &delta);
    void thinkingAppended(const QString &turnId, int index, const QString &delta);
    void toolInputAppended(const QString &turnId, int index, const QString &partialJson);
    void retrying(int attempt, qint64 delayMs, const claudette::ApiError &error);
    void replyFinished(const QString &turnId, claudette::TurnStatus status);
    /// Tool loop: step @p step of at most @p maxSteps is being sent.
    void stepStarted(int step, int maxSteps);
    void toolCallStarted(const QString &toolUseId, const QString &name, const QJsonObject &input);
    void toolCallFinished(const QString &toolUseId, const QString &name,
                          const claudette::ToolOutput &output);
    /// Structured output was asked for and the run completed: @p result says whether it fits.
    void structuredResultReady(const claudette::StructuredOutput::Result &result);
    /// The send ended.
    void finished(claudette::ConversationSession::Outcome outcome);

private:
    void attachChat();
    void connectEvents();
    bool refuse(const QString &message);
    ToolSetup conversationSetup(QString *problem) const;
    bool sendWithTools(const QJsonArray &userContent);
    void onUserTurn(const QString &turnId);
    void onChatReplyStarted(const QString &turnId, const QString &prefill);
    void onChatEvent(const SseEvent &event);
    void onChatReplyFinished(const QString &turnId, TurnStatus status);
    void onStepStarted(int step, int maxSteps);
    void onStepEvent(const SseEvent &event);
    void onStepFinished(int step, const QJsonObject &message, const QString &requestId);
    void onLoopFinished(ToolLoop::Outcome outcome);
    void endStep(TurnStatus status, const QJsonObject &message, const QString &requestId,
                 const ApiError &error);
    void syncHistory();
    void scheduleFlush();
    void flushStep();
    void beginJournal(const QString &turnId);
    void endJournal();

    Client *m_client;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<Conversation> m_ownConversation;
    std::unique_ptr<Chat> m_chat;
    ToolLibrary *m_library = nullptr;
    QPointer<McpServers> m_mcp;
    ToolApprover *m_approver = nullptr;
    std::optional<ToolSetup> m_givenSetup;
    ToolRegistry m_registry;
    ToolLoop *m_loop;
    ToolPlan m_plan;
    qsizetype m_written = 0; // loop history messages already in the conversation
    QString m_stepTurn;      // the tool-loop step streaming now
    QTimer m_flushTimer;
    bool m_toolRun = false;
    bool m_liveUpdates = true;
    bool m_saveBeforeSending = false;
    bool m_saveFailed = false;
    bool m_journaling = false;
    bool m_lastWasTool = false;
    Outcome m_outcome = Outcome::Completed;
    StructuredOutput::Result m_structured;
    bool m_hasStructured = false;
};

} // namespace claudette
