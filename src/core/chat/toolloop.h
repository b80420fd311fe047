#pragma once

#include "core/api/apierror.h"
#include "core/api/messageparam.h"
#include "core/api/messagerequest.h"
#include "core/api/modelcapabilities.h"
#include "core/api/sseparser.h"
#include "core/chat/cacheplanner.h"
#include "core/chat/toolapprover.h"
#include "core/chat/tooloutput.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <memory>
#include <vector>

namespace claudette {

class Client;
class LocalToolRunner;
class MessageStream;
class ToolRegistry;

/**
 * Runs a conversation with tools until the model stops asking for them, as claudette's
 * `toolloop` does, without its faults:
 * - Each step is one Messages request: the base request (model, system, parameters, tool_choice,
 *   output_config...) with the history as `messages` and the registry's tools (plus any tools of
 *   the base request) as `tools`, with cache breakpoints when caching is on (CachePlanner).
 * - A reply that stops with `tool_use`: each `tool_use` block is looked up in the ToolRegistry;
 *   the ToolApprover is asked (unless the tool was always allowed); a denial, an unknown tool or
 *   a failing tool becomes an error `tool_result`. Allowed calls run concurrently (local
 *   commands and MCP calls); their results go back in one user turn, in the order of the calls,
 *   with any image blocks a tool returned.
 * - `pause_turn`: the conversation is sent back as it is (ending with the paused assistant
 *   content) so the model continues.
 * - The assistant content (thinking blocks with their signatures included) goes back unchanged.
 * - At most maxSteps() requests per run() (default 10): a model still asking after that ends the
 *   run with Outcome::MaxSteps (its calls answered with "not run" errors so the history stays
 *   valid for the next run()).
 * - stop() ends the run at once (Outcome::Stopped): the request is cancelled, running tools are
 *   killed and calls not answered get "stopped" error results.
 * - A tool_use of finalToolName() (structured output forced through a tool) ends the run with
 *   Outcome::Completed instead of running anything.
 *
 * finished() is emitted once per run() that returned true.
 */
class ToolLoop : public QObject
{
    Q_OBJECT

public:
    enum class Outcome
    {
        Completed,
        MaxSteps,
        Stopped,
        Failed
    };
    Q_ENUM(Outcome)

    static constexpr int DefaultMaxSteps = 10;

    /// @p client, @p registry and @p approver must outlive the loop.
    ToolLoop(Client *client, ToolRegistry *registry, ToolApprover *approver,
             QObject *parent = nullptr);
    ~ToolLoop() override;

    void setApprover(ToolApprover *approver) { m_approver = approver; }

    /// The request every step starts from; its `messages` are ignored (history() is used).
    void setBaseRequest(const MessageRequest &request) { m_base = request; }
    const MessageRequest &baseRequest() const { return m_base; }

    int maxSteps() const { return m_maxSteps; }
    void setMaxSteps(int steps) { m_maxSteps = qMax(1, steps); }
    void setStreaming(bool streaming) { m_streaming = streaming; }
    void setCache(const CacheSettings &settings, const ModelCapabilities &model);
    void setFinalToolName(const QString &name) { m_finalTool = name; }
    QString finalToolName() const { return m_finalTool; }

    QList<MessageParam> history() const { return m_history; }
    void setHistory(const QList<MessageParam> &history) { m_history = history; }

    /// Tool names the user chose "Always allow" for.
    QSet<QString> alwaysAllowed() const { return m_alwaysAllowed; }
    void setAlwaysAllowed(const QSet<QString> &names) { m_alwaysAllowed = names; }

    /// Adds @p userContent as a user turn (joined to a trailing user turn, e.g. tool results
    /// left by a stopped run) and runs. False when a run is in progress or nothing is to be sent.
    bool run(const QList<ContentBlock> &userContent);
    void stop();
    bool isRunning() const { return m_running; }
    /// Requests sent in the current (or last) run.
    int step() const { return m_step; }

    /// The last assistant Message received (the API's JSON).
    QJsonObject lastMessage() const { return m_lastMessage; }
    ApiError lastError() const { return m_lastError; }
    /// What the step streaming now has given so far (the API's Message, O(reply): read it once
    /// per frame, not per delta); empty between steps.
    QJsonObject currentMessage() const;
    /// What the last step that did not finish (stopped or failed) had given.
    QJsonObject partialMessage() const { return m_partial; }
    /// The request of the last step, as sent.
    MessageRequest lastRequest() const { return m_lastRequest; }
    CachePlanner::Plan lastCachePlan() const { return m_lastPlan; }

Q_SIGNALS:
    /// A request is being sent: step @p step of at most @p maxSteps.
    void stepStarted(int step, int maxSteps);
    /// Every raw SSE event of a step (its journal). Connect before run(): a step started while
    /// nothing is connected does not relay its events.
    void eventReceived(const claudette::SseEvent &event);
    void blockStarted(int index, const QJsonObject &block);
    void textAppended(int index, const QString &delta);
    void thinkingAppended(int index, const QString &delta);
    void toolInputAppended(int index, const QString &partialJson);
    void retrying(int attempt, qint64 delayMs, const claudette::ApiError &error);
    /// A reply arrived (@p message is the API's Message; @p requestId its request-id).
    void stepFinished(int step, const QJsonObject &message, const QString &requestId);
    void toolCallStarted(const QString &toolUseId, const QString &name, const QJsonObject &input);
    void toolCallFinished(const QString &toolUseId, const QString &name,
                          const claudette::ToolOutput &output);
    void finished(claudette::ToolLoop::Outcome outcome);

private:
    struct Call
    {
        QString id;
        QString name;
        QJsonObject input;
        bool done = false;
        ToolOutput output;
    };
    void sendStep();
    void onStreamFinished(const QJsonObject &message, const QString &requestId);
    void onStreamFailed(const ApiError &error);
    void startCalls(const QList<ContentBlock> &uses);
    void approveNext();
    void execute(qsizetype index);
    void complete(qsizetype index, const ToolOutput &output);
    void answerOpenCalls(const QString &message);
    void end(Outcome outcome);
    void clearStream();

    Client *m_client;
    ToolRegistry *m_registry;
    ToolApprover *m_approver;
    MessageRequest m_base;
    MessageRequest m_lastRequest;
    CachePlanner::Plan m_lastPlan;
    CacheSettings m_cache;
    ModelCapabilities m_model;
    QList<MessageParam> m_history;
    QSet<QString> m_alwaysAllowed;
    QString m_finalTool;
    QPointer<MessageStream> m_stream;
    std::vector<std::unique_ptr<LocalToolRunner>> m_runners;
    QList<Call> m_calls;
    qsizetype m_nextApproval = 0;
    QJsonObject m_lastMessage;
    QJsonObject m_partial;
    ApiError m_lastError;
    quint64 m_generation = 0;
    int m_maxSteps = DefaultMaxSteps;
    int m_step = 0;
    bool m_running = false;
    bool m_streaming = true;
};

} // namespace claudette
