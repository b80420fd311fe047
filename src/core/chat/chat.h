#pragma once

#include "core/api/apierror.h"
#include "core/api/messagerequest.h"
#include "core/api/messagestream.h"
#include "core/api/modelcatalog.h"
#include "core/api/sseparser.h"
#include "core/chat/cacheplanner.h"
#include "core/chat/toolregistry.h"
#include "core/store/turn.h"
#include "core/usage/pricing.h"
#include "core/usage/usage.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <optional>

namespace claudette {

class Client;
class Conversation;

/**
 * Drives a Conversation against the Messages API, as claudette's `Chat` does: the history is
 * the conversation's current branch; the system prompt, sampling, stop sequences, max tokens,
 * thinking and effort are this object's settings (kept in the conversation's `settings` object
 * so they are saved with it).
 *
 * Every request is built here (buildRequest()) and checked with RequestValidator before anything
 * is sent or stored: a request the model would refuse is refused with an explanation (refused()),
 * and the conversation is left unchanged.
 *
 * A send appends the user turn, begins a Streaming assistant turn, updates its content as deltas
 * arrive (coalesced: at most one Conversation::setTurnContent per interval, so the work per delta
 * stays O(delta)), and finishes it:
 * - Complete with the final Message;
 * - Stopped after stop(), keeping what arrived;
 * - Interrupted when the connection dropped or the stream ended early, keeping what arrived;
 * - Error for an HTTP error or a mid-stream `error` event (type, message, status, request id).
 * Usage and the cost in USD (Pricing) are recorded on the turn when they are known.
 *
 * Prefill: the request ends with an assistant turn holding the prefill; the stored and shown reply
 * is prefill + continuation. Models that reject prefill are refused before sending.
 * continueReply() continues a stopped reply with prefill where the model allows it and with a
 * "continue" user turn where it does not.
 */
class Chat : public QObject
{
    Q_OBJECT
public:
    enum class ThinkingMode
    {
        Off,
        Budget,
        Adaptive,
        BetweenTools ///< no thinking, but progress notes between tool calls (`between_tools`)
    };

    /// The model used when none is set.
    static constexpr QLatin1StringView DefaultModel{"claude-sonnet-4-5"};

    /// @p client and @p conversation must outlive the chat. The built-in model catalogue and
    /// price table are used unless others are set.
    Chat(Client *client, Conversation *conversation, QObject *parent = nullptr);
    ~Chat() override;

    Conversation *conversation() const { return m_conversation; }
    const ModelCatalog &modelCatalog() const { return m_catalog; }
    void setModelCatalog(const ModelCatalog &catalog) { m_catalog = catalog; }
    const Pricing &pricing() const { return m_pricing; }
    void setPricing(const Pricing &pricing) { m_pricing = pricing; }

    // --- settings (stored in the conversation's settings object)
    QString model() const;
    void setModel(const QString &model);
    QString systemPrompt() const;
    void setSystemPrompt(const QString &system);
    /// 0: the default (4096, or the model's maximum output if lower).
    int maxTokens() const;
    void setMaxTokens(int maxTokens);
    int effectiveMaxTokens() const;
    QStringList stopSequences() const;
    void setStopSequences(const QStringList &stops);
    std::optional<double> temperature() const;
    void setTemperature(std::optional<double> temperature);
    std::optional<double> topP() const;
    void setTopP(std::optional<double> topP);
    std::optional<int> topK() const;
    void setTopK(std::optional<int> topK);
    ThinkingMode thinkingMode() const;
    int thinkingBudget() const;
    /// Thinking off, with a budget of @p budget tokens, adaptive, or between tools only.
    void setThinking(ThinkingMode mode, int budget = 0);
    /// How thinking comes back (`display`, budget and adaptive modes): summarized text (the
    /// default here, since some models omit the text unless asked) or omitted (only the
    /// signature, for multi-turn continuity).
    ThinkingConfig::Display thinkingDisplay() const;
    void setThinkingDisplay(ThinkingConfig::Display display);
    /// The `thinking` parameter these settings send (std::nullopt: none).
    std::optional<ThinkingConfig> thinkingConfig() const;
    /// `low`, `medium`, `high`, `xhigh`, `max`; empty: not sent.
    QString effort() const;
    void setEffort(const QString &effort);
    /// The text every reply starts with ("start the reply with…"; `prefill`); empty: none.
    /// send() callers pass it as the prefill where the model allows it.
    QString defaultPrefill() const;
    void setDefaultPrefill(const QString &prefill);
    /// `auto`, `standard_only` or empty (not sent); `service_tier`.
    QString serviceTier() const;
    void setServiceTier(const QString &tier);

    // --- tool settings (used by the callers that run a tool loop; buildRequest() ignores them)

    /// Names of the local tools (tool files) offered in this conversation (`tools`).
    QStringList enabledTools() const;
    void setEnabledTools(const QStringList &names);
    /// Names of the MCP servers whose tools are offered (`mcp_servers`).
    QStringList enabledMcpServers() const;
    void setEnabledMcpServers(const QStringList &names);
    /// Server tools switched on (`server_tools`, ServerToolSettings' JSON).
    ServerToolSettings serverTools() const;
    void setServerTools(const ServerToolSettings &settings);
    /// `tool_choice` as the API's object (parallel use off is its `disable_parallel_tool_use`);
    /// nullopt: not sent (auto).
    std::optional<ToolChoice> toolChoice() const;
    void setToolChoice(const std::optional<ToolChoice> &choice);
    /// The most requests one tool-loop run may make (`max_tool_steps`; default 10).
    int maxToolSteps() const;
    void setMaxToolSteps(int steps);
    /// A JSON schema the reply must follow (`output_schema`); empty: none.
    QJsonObject outputSchema() const;
    void setOutputSchema(const QJsonObject &schema);
    /// A tool forced as the structured output (`output_tool`): its input is the result.
    QString outputTool() const;
    void setOutputTool(const QString &name);
    /// True when a reply needs the tool loop: tools, server tools or structured output.
    bool usesTools() const;

    /// Streaming (default) or one non-streaming request per reply.
    bool streaming() const { return m_streaming; }
    void setStreaming(bool streaming) { m_streaming = streaming; }
    /// How often the streaming turn's content is written to the conversation (default 16 ms).
    void setFlushInterval(int ms) { m_flushTimer.setInterval(ms); }
    /// Whether the streaming turn's content follows the deltas (default) or is only written when
    /// the reply ends (a headless caller that prints the deltas itself needs no live copy).
    void setLiveUpdates(bool live) { m_liveUpdates = live; }

    /// Prompt caching for this conversation (setting "cache"): when on, every request gets
    /// breakpoints from CachePlanner (tools, system, the latest turns) with the chosen TTL.
    CacheSettings cacheSettings() const;
    void setCacheSettings(const CacheSettings &settings);
    /// The plan CachePlanner made for the last request built (placed 0 when caching is off).
    CachePlanner::Plan lastCachePlan() const { return m_lastCachePlan; }

    /// How many of the oldest messages of the branch are left out of every request (setting
    /// "leave_out_messages"), so a conversation that outgrew the context window can go on. The
    /// history sent always starts with a user message: a cut that would start with a reply
    /// leaves that reply out too. 0: everything is sent.
    int leftOutMessages() const;
    void setLeftOutMessages(int count);
    /// The messages actually left out of a request with @p historySize messages (0 when the
    /// setting is 0; never all of them).
    int effectiveLeftOut(const QJsonArray &history) const;

    // --- requests

    /// The request that sending @p userContent (may be empty: history only) with @p prefill would
    /// make, on the current branch. Used by send() and by count-tokens.
    MessageRequest buildRequest(const QJsonArray &userContent, const QString &prefill = {}) const;
    /// The request parameters an assistant turn keeps (its `params`): @p request's body without
    /// the messages, tools, model and stream. The one builder for plain replies and tool steps.
    static QJsonObject turnParams(const MessageRequest &request);
    /// What the validator says against @p request; empty when it may be sent.
    QString checkRequest(const MessageRequest &request) const;

    /// Sends a user turn (content blocks as JSON) and streams the reply. Returns false, emitting
    /// refused() and changing nothing, when a reply is already arriving or the request would be
    /// refused. @p prefill starts the reply (without trailing whitespace, which the API refuses).
    bool send(const QJsonArray &userContent, const QString &prefill = {});
    bool send(const QString &text, const QString &prefill = {});
    /// A new reply to the user turn that @p assistantTurnId answers (default: the last assistant
    /// turn of the current branch), as a sibling of it.
    bool regenerate(const QString &assistantTurnId = {});
    /// A new user turn with @p content as a sibling of @p userTurnId (a new branch), then a reply.
    bool editUserTurn(const QString &userTurnId, const QJsonArray &content);
    /// Continues the last reply of the current branch (stopped, interrupted or cut by
    /// max_tokens): with prefill (a sibling reply holding old + new text) where the model allows
    /// it, else by a "continue" user turn and a new reply.
    bool continueReply();
    /// Stops the reply that is arriving; it keeps what arrived (status Stopped).
    void stop();

    bool isBusy() const { return m_stream != nullptr; }
    /// The assistant turn being streamed, or empty.
    QString streamingTurnId() const { return m_turnId; }
    /// The API's Message of the last reply that ended (final or partial), without prefill merged.
    QJsonObject lastMessage() const { return m_lastMessage; }
    /// The error of the last reply, when it failed.
    ApiError lastError() const { return m_lastError; }
    /// The prefill of the reply arriving (or of the last one).
    QString currentPrefill() const { return m_prefillText; }

    /// Usage summed over the assistant turns of the current branch.
    Usage totalUsage() const;
    /// Cost summed over the current branch's turns with a known cost; nullopt when none is known.
    std::optional<double> totalCost() const;
    /// True when some assistant turn of the branch has usage but no known price.
    bool hasUnknownCost() const;

    /// The setting keys used in the conversation's settings object.
    static QString settingKey(const char *name);

Q_SIGNALS:
    /// A request was refused before sending; @p message explains why (translated).
    void refused(const QString &message);
    /// An assistant turn began streaming. @p prefill is the text the reply starts with.
    void replyStarted(const QString &turnId, const QString &prefill);
    /// Every raw SSE event of the reply (the CLI's --events). Connect before send(): a reply
    /// started while nothing is connected does not relay its events.
    void eventReceived(const claudette::SseEvent &event);
    void textAppended(const QString &turnId, int index, const QString &delta);
    void thinkingAppended(const QString &turnId, int index, const QString &delta);
    void toolInputAppended(const QString &turnId, int index, const QString &partialJson);
    void blockStarted(const QString &turnId, int index, const QJsonObject &block);
    void retrying(int attempt, qint64 delayMs, const claudette::ApiError &error);
    /// The reply ended with @p status (Complete, Stopped, Interrupted or Error).
    void replyFinished(const QString &turnId, claudette::TurnStatus status);

private:
    struct Pending
    {
        MessageRequest request;
        QJsonArray prefix; // content the reply continues (prefill or a stopped reply)
        QString prefillText;
        QString parentId; // parent of the new assistant turn
    };

    bool startReply(const Pending &pending);
    QJsonArray historyUpTo(const QString &turnId) const;
    MessageRequest requestFor(const QJsonArray &history, const QJsonArray &prefix) const;
    QJsonArray mergedContent(const QJsonArray &content) const;
    void flushContent();
    void scheduleFlush();
    void onFinished(const QJsonObject &message);
    void onFailed(const ApiError &error, const QJsonObject &partial);
    void finishTurn(TurnStatus status, const QJsonObject &message, const ApiError &error);
    bool refuse(const QString &message);
    QJsonValue setting(const char *name) const;
    void putSetting(const char *name, const QJsonValue &value);

    Client *m_client;
    Conversation *m_conversation;
    ModelCatalog m_catalog;
    Pricing m_pricing;
    QPointer<MessageStream> m_stream;
    QString m_turnId;
    QJsonArray m_prefix;
    QString m_prefillText;
    QJsonObject m_lastMessage;
    ApiError m_lastError;
    QTimer m_flushTimer;
    bool m_streaming = true;
    bool m_liveUpdates = true;
    mutable CachePlanner::Plan m_lastCachePlan;
};

} // namespace claudette
