#pragma once

#include "core/api/contentblock.h"
#include "core/api/messageparam.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace claudette {

/// `tool_choice`: how the model may use the tools.
struct ToolChoice
{
    enum class Kind
    {
        Auto,
        Any,
        Tool,
        None
    };
    Kind kind = Kind::Auto;
    QString name;                               ///< for Kind::Tool
    std::optional<bool> disableParallelToolUse; ///< omitted when unset
    QJsonObject other;                          ///< fields newer than this struct, kept

    static ToolChoice autoChoice(std::optional<bool> disableParallel = std::nullopt);
    static ToolChoice any(std::optional<bool> disableParallel = std::nullopt);
    static ToolChoice tool(const QString &name, std::optional<bool> disableParallel = std::nullopt);
    static ToolChoice none();

    QJsonObject toJson() const;
    /// std::nullopt for an unknown `type` or a `tool` without a name.
    static std::optional<ToolChoice> fromJson(const QJsonObject &json);
    bool forcesToolUse() const { return kind == Kind::Any || kind == Kind::Tool; }
    bool operator==(const ToolChoice &) const = default;
};

/// `thinking`: extended (with a budget), disabled, adaptive, or between tool calls only
/// (`between_tools`, which the SDK types without a `display`).
struct ThinkingConfig
{
    enum class Kind
    {
        Enabled,
        Disabled,
        Adaptive,
        BetweenTools
    };
    enum class Display
    {
        Default,
        Summarized,
        Omitted
    };
    Kind kind = Kind::Disabled;
    int budgetTokens = 0; ///< Kind::Enabled only
    Display display = Display::Default;
    QJsonObject other; ///< fields newer than this struct, kept

    static ThinkingConfig enabled(int budgetTokens, Display display = Display::Default);
    static ThinkingConfig disabled();
    static ThinkingConfig adaptive(Display display = Display::Default);
    static ThinkingConfig betweenTools();

    /// The model thinks before answering (between_tools is thinking turned off, with progress
    /// notes between tool calls coming back as thinking blocks).
    bool isOn() const { return kind == Kind::Enabled || kind == Kind::Adaptive; }
    QJsonObject toJson() const;
    /// std::nullopt for an unknown `type` or `display`, or `enabled` without budget_tokens.
    static std::optional<ThinkingConfig> fromJson(const QJsonObject &json);
    bool operator==(const ThinkingConfig &) const = default;
};

/**
 * Every parameter of `messages.create`, with `toJson()` building the exact request body and
 * `fromJson()` reading one back. Only what was set is written. `extra` is merged last, so
 * parameters newer than this class can be sent (and override ours); `fromJson` puts every key
 * it does not know there, so nothing is lost.
 *
 * The `anthropic-beta` values are not part of the body: `betas()` lists what the caller asked
 * for plus what the body needs (MCP servers, context management, Files API sources...).
 */
class MessageRequest
{
    Q_DECLARE_TR_FUNCTIONS(claudette::MessageRequest)

public:
    MessageRequest() = default;
    MessageRequest(QString model, int maxTokens);

    QString model() const { return m_model; }
    void setModel(const QString &model) { m_model = model; }
    int maxTokens() const { return m_maxTokens; }
    void setMaxTokens(int maxTokens) { m_maxTokens = maxTokens; }

    const QList<MessageParam> &messages() const { return m_messages; }
    QList<MessageParam> &messages() { return m_messages; }
    void setMessages(QList<MessageParam> messages);
    void addMessage(const MessageParam &message) { m_messages.append(message); }
    /// True when the last message is an assistant turn: the reply continues it (prefill).
    bool endsWithAssistant() const;

    // system: a string, or text blocks (with cache_control)
    bool hasSystem() const { return m_hasSystem; }
    void setSystem(const QString &system);
    /// One text block with a cache breakpoint.
    void setSystem(const QString &system, CacheTtl ttl);
    void setSystemBlocks(QList<ContentBlock> blocks);
    void clearSystem();
    QList<ContentBlock> systemBlocks() const { return m_system; }
    QString systemText() const;

    QStringList stopSequences() const { return m_stopSequences; }
    void setStopSequences(const QStringList &stops) { m_stopSequences = stops; }
    std::optional<bool> stream() const { return m_stream; }
    void setStream(std::optional<bool> stream) { m_stream = stream; }
    std::optional<double> temperature() const { return m_temperature; }
    void setTemperature(std::optional<double> t) { m_temperature = t; }
    std::optional<double> topP() const { return m_topP; }
    void setTopP(std::optional<double> p) { m_topP = p; }
    std::optional<int> topK() const { return m_topK; }
    void setTopK(std::optional<int> k) { m_topK = k; }
    std::optional<QString> metadataUserId() const { return m_userId; }
    void setMetadataUserId(std::optional<QString> id) { m_userId = std::move(id); }

    // tools: client tools (name, description, input_schema) and server tools as raw JSON
    const QList<QJsonObject> &tools() const { return m_tools; }
    void setTools(QList<QJsonObject> tools) { m_tools = std::move(tools); }
    void addTool(const QJsonObject &tool) { m_tools.append(tool); }
    void addClientTool(const QString &name, const QString &description,
                       const QJsonObject &inputSchema);
    static QJsonObject clientTool(const QString &name, const QString &description,
                                  const QJsonObject &inputSchema);
    /// `{"type":"web_search_20250305","name":"web_search"}` plus @p options (max_uses,
    /// allowed_domains, blocked_domains, user_location...).
    static QJsonObject webSearchTool(const QJsonObject &options = {});
    static QJsonObject webFetchTool(const QJsonObject &options = {});
    static QJsonObject codeExecutionTool();

    std::optional<ToolChoice> toolChoice() const { return m_toolChoice; }
    void setToolChoice(std::optional<ToolChoice> choice) { m_toolChoice = std::move(choice); }
    std::optional<ThinkingConfig> thinking() const { return m_thinking; }
    void setThinking(std::optional<ThinkingConfig> t) { m_thinking = std::move(t); }
    /// `auto` or `standard_only`; empty = not sent.
    QString serviceTier() const { return m_serviceTier; }
    void setServiceTier(const QString &tier) { m_serviceTier = tier; }

    // output_config
    /// `low`, `medium`, `high`, `xhigh`, `max`; empty = not sent.
    QString effort() const;
    void setEffort(const QString &effort);
    /// The JSON schema of `output_config.format` (structured outputs), empty when none.
    QJsonObject outputSchema() const;
    void setOutputSchema(const QJsonObject &schema);
    void clearOutputSchema();
    QJsonObject outputConfig() const { return m_outputConfig; }
    void setOutputConfig(const QJsonObject &config) { m_outputConfig = config; }

    /// `container`: an id string or a `{id, skills}` object; undefined = not sent.
    QJsonValue container() const { return m_container; }
    void setContainer(const QJsonValue &container) { m_container = container; }
    QJsonArray mcpServers() const { return m_mcpServers; }
    void setMcpServers(const QJsonArray &servers) { m_mcpServers = servers; }
    QJsonObject contextManagement() const { return m_contextManagement; }
    void setContextManagement(const QJsonObject &cm) { m_contextManagement = cm; }
    /// Top-level `cache_control` (automatic breakpoint on the last cacheable block).
    std::optional<CacheTtl> cacheControl() const { return m_cacheControl; }
    void setCacheControl(std::optional<CacheTtl> ttl) { m_cacheControl = ttl; }

    /// Body keys merged last (they override ours).
    QJsonObject extra() const { return m_extra; }
    void setExtra(const QJsonObject &extra) { m_extra = extra; }
    void setExtraValue(const QString &key, const QJsonValue &value);

    /// `anthropic-beta` values asked for explicitly.
    QStringList explicitBetas() const { return m_betas; }
    void setBetas(const QStringList &betas) { m_betas = betas; }
    void addBeta(const QString &beta);
    /// Explicit betas plus those the body needs, without duplicates (explicit first).
    QStringList betas() const;
    /// Only the betas the body needs.
    QStringList requiredBetas() const;

    /// Cache breakpoints in tools, system and messages, plus the top-level one.
    int cacheBreakpointCount() const;

    /// The request body.
    QJsonObject toJson() const;
    /// The body of POST /v1/messages/count_tokens for this exact request: toJson() projected
    /// onto the parameters count_tokens takes (the SDK's MessageCountTokensParams: model,
    /// messages, system, tools, tool_choice, thinking, output_config, cache_control, mcp_servers,
    /// context_management); sampling, max_tokens and stream are refused there. The betas go
    /// with it as for the request itself (Client::countTokens(const MessageRequest &)).
    QJsonObject countTokensBody() const;
    /// Reads a request body. On a malformed field returns std::nullopt and says which in
    /// @p error (a translated, user-facing message).
    static std::optional<MessageRequest> fromJson(const QJsonObject &json,
                                                  QString *error = nullptr);

private:
    QString m_model;
    int m_maxTokens = 0;
    QList<MessageParam> m_messages;
    QList<ContentBlock> m_system;
    bool m_hasSystem = false;
    bool m_systemIsString = false;
    QStringList m_stopSequences;
    std::optional<bool> m_stream;
    std::optional<double> m_temperature;
    std::optional<double> m_topP;
    std::optional<int> m_topK;
    std::optional<QString> m_userId;
    QJsonObject m_metadataOther; // metadata fields besides user_id
    QList<QJsonObject> m_tools;
    std::optional<ToolChoice> m_toolChoice;
    std::optional<ThinkingConfig> m_thinking;
    QString m_serviceTier;
    QJsonObject m_outputConfig;
    QJsonValue m_container = QJsonValue(QJsonValue::Undefined);
    QJsonArray m_mcpServers;
    QJsonObject m_contextManagement;
    std::optional<CacheTtl> m_cacheControl;
    QJsonObject m_extra;
    QStringList m_betas;
};

} // namespace claudette
