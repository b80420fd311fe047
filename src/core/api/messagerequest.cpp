#include "core/api/messagerequest.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {
void insertDisableParallel(QJsonObject &json, std::optional<bool> disable)
{
    if (disable)
        json.insert(u"disable_parallel_tool_use"_s, *disable);
}

QString displayName(ThinkingConfig::Display d)
{
    switch (d) {
    case ThinkingConfig::Display::Summarized:
        return u"summarized"_s;
    case ThinkingConfig::Display::Omitted:
        return u"omitted"_s;
    case ThinkingConfig::Display::Default:
        break;
    }
    return {};
}

// Removes @p keys from @p json and returns what is left (fields we do not model).
QJsonObject without(QJsonObject json, std::initializer_list<QLatin1StringView> keys)
{
    for (QLatin1StringView k : keys)
        json.remove(k);
    return json;
}

void mergeInto(QJsonObject &target, const QJsonObject &source)
{
    for (auto it = source.begin(); it != source.end(); ++it)
        target.insert(it.key(), it.value());
}

bool anySourceIsFile(const QList<ContentBlock> &blocks)
{
    for (const ContentBlock &b : blocks) {
        if (b.sourceType() == "file"_L1 || b.type() == ContentBlock::Type::ContainerUpload)
            return true;
        if (anySourceIsFile(b.resultBlocks()))
            return true;
    }
    return false;
}
} // namespace

// --- ToolChoice ---------------------------------------------------------------------------

ToolChoice ToolChoice::autoChoice(std::optional<bool> disableParallel)
{
    return ToolChoice{Kind::Auto, {}, disableParallel, {}};
}

ToolChoice ToolChoice::any(std::optional<bool> disableParallel)
{
    return ToolChoice{Kind::Any, {}, disableParallel, {}};
}

ToolChoice ToolChoice::tool(const QString &name, std::optional<bool> disableParallel)
{
    return ToolChoice{Kind::Tool, name, disableParallel, {}};
}

ToolChoice ToolChoice::none()
{
    return ToolChoice{Kind::None, {}, std::nullopt, {}};
}

QJsonObject ToolChoice::toJson() const
{
    QJsonObject json = other;
    switch (kind) {
    case Kind::Auto:
        json.insert(u"type"_s, u"auto"_s);
        break;
    case Kind::Any:
        json.insert(u"type"_s, u"any"_s);
        break;
    case Kind::Tool:
        json.insert(u"type"_s, u"tool"_s);
        json.insert(u"name"_s, name);
        break;
    case Kind::None:
        json.insert(u"type"_s, u"none"_s);
        break;
    }
    insertDisableParallel(json, disableParallelToolUse);
    return json;
}

std::optional<ToolChoice> ToolChoice::fromJson(const QJsonObject &json)
{
    ToolChoice c;
    const QString type = json.value(u"type").toString();
    if (type == "auto"_L1) {
        c.kind = Kind::Auto;
    } else if (type == "any"_L1) {
        c.kind = Kind::Any;
    } else if (type == "tool"_L1) {
        c.kind = Kind::Tool;
        c.name = json.value(u"name").toString();
        if (c.name.isEmpty())
            return std::nullopt;
    } else if (type == "none"_L1) {
        c.kind = Kind::None;
    } else {
        return std::nullopt;
    }
    const QJsonValue disable = json.value(u"disable_parallel_tool_use");
    if (disable.isBool())
        c.disableParallelToolUse = disable.toBool();
    c.other = without(json, {"type"_L1, "name"_L1, "disable_parallel_tool_use"_L1});
    return c;
}

// --- ThinkingConfig -----------------------------------------------------------------------

ThinkingConfig ThinkingConfig::enabled(int budgetTokens, Display display)
{
    return ThinkingConfig{Kind::Enabled, budgetTokens, display, {}};
}

ThinkingConfig ThinkingConfig::disabled()
{
    return ThinkingConfig{Kind::Disabled, 0, Display::Default, {}};
}

ThinkingConfig ThinkingConfig::adaptive(Display display)
{
    return ThinkingConfig{Kind::Adaptive, 0, display, {}};
}

ThinkingConfig ThinkingConfig::betweenTools()
{
    return ThinkingConfig{Kind::BetweenTools, 0, Display::Default, {}};
}

QJsonObject ThinkingConfig::toJson() const
{
    QJsonObject json = other;
    switch (kind) {
    case Kind::Enabled:
        json.insert(u"type"_s, u"enabled"_s);
        json.insert(u"budget_tokens"_s, budgetTokens);
        break;
    case Kind::Disabled:
        json.insert(u"type"_s, u"disabled"_s);
        break;
    case Kind::Adaptive:
        json.insert(u"type"_s, u"adaptive"_s);
        break;
    case Kind::BetweenTools:
        json.insert(u"type"_s, u"between_tools"_s);
        break;
    }
    if ((kind == Kind::Enabled || kind == Kind::Adaptive) && display != Display::Default)
        json.insert(u"display"_s, displayName(display));
    return json;
}

std::optional<ThinkingConfig> ThinkingConfig::fromJson(const QJsonObject &json)
{
    ThinkingConfig t;
    const QString type = json.value(u"type").toString();
    if (type == "enabled"_L1) {
        t.kind = Kind::Enabled;
        const QJsonValue budget = json.value(u"budget_tokens");
        if (!budget.isDouble())
            return std::nullopt;
        t.budgetTokens = budget.toInt();
    } else if (type == "disabled"_L1) {
        t.kind = Kind::Disabled;
    } else if (type == "adaptive"_L1) {
        t.kind = Kind::Adaptive;
    } else if (type == "between_tools"_L1) {
        t.kind = Kind::BetweenTools;
    } else {
        return std::nullopt;
    }
    const QJsonValue display = json.value(u"display");
    QJsonObject rest = without(json, {"type"_L1, "budget_tokens"_L1});
    if (display.isString() && (t.kind == Kind::Enabled || t.kind == Kind::Adaptive)) {
        const QString d = display.toString();
        if (d == "summarized"_L1)
            t.display = Display::Summarized;
        else if (d == "omitted"_L1)
            t.display = Display::Omitted;
        // other values (newer ones) stay in `other`
        if (t.display != Display::Default)
            rest.remove(u"display"_s);
    }
    t.other = rest;
    return t;
}

// --- MessageRequest -----------------------------------------------------------------------

MessageRequest::MessageRequest(QString model, int maxTokens)
    : m_model(std::move(model))
    , m_maxTokens(maxTokens)
{}

void MessageRequest::setMessages(QList<MessageParam> messages)
{
    m_messages = std::move(messages);
}

bool MessageRequest::endsWithAssistant() const
{
    return !m_messages.isEmpty() && m_messages.last().role() == MessageParam::Role::Assistant;
}

void MessageRequest::setSystem(const QString &system)
{
    m_system = {ContentBlock::makeText(system)};
    m_hasSystem = true;
    m_systemIsString = true;
}

void MessageRequest::setSystem(const QString &system, CacheTtl ttl)
{
    ContentBlock block = ContentBlock::makeText(system);
    block.setCacheControl(ttl);
    setSystemBlocks({block});
}

void MessageRequest::setSystemBlocks(QList<ContentBlock> blocks)
{
    m_system = std::move(blocks);
    m_hasSystem = true;
    m_systemIsString = false;
}

void MessageRequest::clearSystem()
{
    m_system.clear();
    m_hasSystem = false;
    m_systemIsString = false;
}

QString MessageRequest::systemText() const
{
    QStringList parts;
    for (const ContentBlock &b : m_system)
        parts.append(b.text());
    return parts.join(u"\n\n");
}

void MessageRequest::addClientTool(const QString &name, const QString &description,
                                   const QJsonObject &inputSchema)
{
    m_tools.append(clientTool(name, description, inputSchema));
}

QJsonObject MessageRequest::clientTool(const QString &name, const QString &description,
                                       const QJsonObject &inputSchema)
{
    QJsonObject tool{{u"name"_s, name}, {u"input_schema"_s, inputSchema}};
    if (!description.isEmpty())
        tool.insert(u"description"_s, description);
    return tool;
}

QJsonObject MessageRequest::webSearchTool(const QJsonObject &options)
{
    QJsonObject tool{{u"type"_s, u"web_search_20250305"_s}, {u"name"_s, u"web_search"_s}};
    mergeInto(tool, options);
    return tool;
}

QJsonObject MessageRequest::webFetchTool(const QJsonObject &options)
{
    QJsonObject tool{{u"type"_s, u"web_fetch_20250910"_s}, {u"name"_s, u"web_fetch"_s}};
    mergeInto(tool, options);
    return tool;
}

QJsonObject MessageRequest::codeExecutionTool()
{
    return QJsonObject{{u"type"_s, u"code_execution_20250825"_s}, {u"name"_s, u"code_execution"_s}};
}

QString MessageRequest::effort() const
{
    return m_outputConfig.value(u"effort").toString();
}

void MessageRequest::setEffort(const QString &effort)
{
    if (effort.isEmpty())
        m_outputConfig.remove(u"effort"_s);
    else
        m_outputConfig.insert(u"effort"_s, effort);
}

QJsonObject MessageRequest::outputSchema() const
{
    return m_outputConfig.value(u"format").toObject().value(u"schema").toObject();
}

void MessageRequest::setOutputSchema(const QJsonObject &schema)
{
    m_outputConfig.insert(u"format"_s,
                          QJsonObject{{u"type"_s, u"json_schema"_s}, {u"schema"_s, schema}});
}

void MessageRequest::clearOutputSchema()
{
    m_outputConfig.remove(u"format"_s);
}

void MessageRequest::setExtraValue(const QString &key, const QJsonValue &value)
{
    if (value.isUndefined())
        m_extra.remove(key);
    else
        m_extra.insert(key, value);
}

void MessageRequest::addBeta(const QString &beta)
{
    if (!beta.isEmpty() && !m_betas.contains(beta))
        m_betas.append(beta);
}

QStringList MessageRequest::requiredBetas() const
{
    QStringList out;
    auto need = [&out](const QString &beta) {
        if (!out.contains(beta))
            out.append(beta);
    };

    bool mcpToolset = false;
    for (const QJsonObject &tool : m_tools) {
        const QString type = tool.value(u"type").toString();
        if (type == "mcp_toolset"_L1) {
            mcpToolset = true;
        } else if (type == "computer_20241022"_L1 || type == "bash_20241022"_L1 ||
                   type == "text_editor_20241022"_L1) {
            need(u"computer-use-2024-10-22"_s);
        } else if (type == "computer_20250124"_L1) {
            need(u"computer-use-2025-01-24"_s);
        } else if (type == "computer_20251124"_L1) {
            need(u"computer-use-2025-11-24"_s);
        } else if (type.startsWith("advisor_"_L1)) {
            need(u"advisor-tool-2026-03-01"_s);
        }
    }
    if (mcpToolset)
        need(u"mcp-client-2025-11-20"_s);
    else if (!m_mcpServers.isEmpty())
        need(u"mcp-client-2025-04-04"_s);

    if (!m_contextManagement.isEmpty()) {
        bool compact = false;
        bool other = false;
        for (const QJsonValue &edit : m_contextManagement.value(u"edits").toArray()) {
            if (edit.toObject().value(u"type").toString().startsWith("compact_"_L1))
                compact = true;
            else
                other = true;
        }
        if (other || !compact)
            need(u"context-management-2025-06-27"_s);
        if (compact)
            need(u"compact-2026-01-12"_s);
    }

    if (m_container.isObject() && !m_container.toObject().value(u"skills").toArray().isEmpty())
        need(u"skills-2025-10-02"_s);

    bool files = false;
    for (const MessageParam &m : m_messages)
        files = files || anySourceIsFile(m.content());
    if (files)
        need(u"files-api-2025-04-14"_s);
    return out;
}

QStringList MessageRequest::betas() const
{
    QStringList out = m_betas;
    for (const QString &b : requiredBetas()) {
        if (!out.contains(b))
            out.append(b);
    }
    return out;
}

int MessageRequest::cacheBreakpointCount() const
{
    int n = m_cacheControl ? 1 : 0;
    for (const QJsonObject &tool : m_tools) {
        if (tool.value(u"cache_control").isObject())
            ++n;
    }
    for (const ContentBlock &b : m_system) {
        if (b.hasCacheControl())
            ++n;
    }
    for (const MessageParam &m : m_messages)
        n += m.cacheBreakpointCount();
    return n;
}

QJsonObject MessageRequest::toJson() const
{
    QJsonObject body;
    body.insert(u"model"_s, m_model);
    body.insert(u"max_tokens"_s, m_maxTokens);
    QJsonArray messages;
    for (const MessageParam &m : m_messages)
        messages.append(m.toJson());
    body.insert(u"messages"_s, messages);

    if (m_hasSystem) {
        if (m_systemIsString && m_system.size() == 1)
            body.insert(u"system"_s, m_system.front().text());
        else
            body.insert(u"system"_s, ContentBlock::listToJson(m_system));
    }
    if (!m_stopSequences.isEmpty())
        body.insert(u"stop_sequences"_s, QJsonArray::fromStringList(m_stopSequences));
    if (m_stream)
        body.insert(u"stream"_s, *m_stream);
    if (m_temperature)
        body.insert(u"temperature"_s, *m_temperature);
    if (m_topP)
        body.insert(u"top_p"_s, *m_topP);
    if (m_topK)
        body.insert(u"top_k"_s, *m_topK);
    if (m_userId || !m_metadataOther.isEmpty()) {
        QJsonObject metadata = m_metadataOther;
        if (m_userId)
            metadata.insert(u"user_id"_s, *m_userId);
        body.insert(u"metadata"_s, metadata);
    }
    if (!m_tools.isEmpty()) {
        QJsonArray tools;
        for (const QJsonObject &t : m_tools)
            tools.append(t);
        body.insert(u"tools"_s, tools);
    }
    if (m_toolChoice)
        body.insert(u"tool_choice"_s, m_toolChoice->toJson());
    if (m_thinking)
        body.insert(u"thinking"_s, m_thinking->toJson());
    if (!m_serviceTier.isEmpty())
        body.insert(u"service_tier"_s, m_serviceTier);
    if (!m_outputConfig.isEmpty())
        body.insert(u"output_config"_s, m_outputConfig);
    if (!m_container.isUndefined())
        body.insert(u"container"_s, m_container);
    if (!m_mcpServers.isEmpty())
        body.insert(u"mcp_servers"_s, m_mcpServers);
    if (!m_contextManagement.isEmpty())
        body.insert(u"context_management"_s, m_contextManagement);
    if (m_cacheControl)
        body.insert(u"cache_control"_s, ContentBlock::cacheControlJson(*m_cacheControl));
    mergeInto(body, m_extra);
    return body;
}

std::optional<MessageRequest> MessageRequest::fromJson(const QJsonObject &json, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<MessageRequest> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    auto badType = [&fail](const QString &key) {
        return fail(tr("The request field \"%1\" has the wrong type.").arg(key));
    };

    MessageRequest r;
    QJsonObject rest = json;
    auto take = [&rest](const QString &key) { return rest.take(key); };

    const QJsonValue model = take(u"model"_s);
    if (!model.isString())
        return fail(tr("The request has no model."));
    r.m_model = model.toString();
    const QJsonValue maxTokens = take(u"max_tokens"_s);
    if (!maxTokens.isDouble())
        return fail(tr("The request has no max_tokens."));
    r.m_maxTokens = maxTokens.toInt();

    const QJsonValue messages = take(u"messages"_s);
    if (!messages.isArray())
        return fail(tr("The request has no messages."));
    for (const QJsonValue &m : messages.toArray()) {
        bool ok = false;
        MessageParam param = MessageParam::fromJson(m.toObject(), &ok);
        if (!ok)
            return fail(tr("Message %1 of the request is malformed.").arg(r.m_messages.size() + 1));
        r.m_messages.append(param);
    }

    if (const QJsonValue system = take(u"system"_s); !system.isUndefined()) {
        if (system.isString())
            r.setSystem(system.toString());
        else if (system.isArray())
            r.setSystemBlocks(ContentBlock::listFromJson(system.toArray()));
        else
            return badType(u"system"_s);
    }
    if (const QJsonValue v = take(u"stop_sequences"_s); !v.isUndefined()) {
        if (!v.isArray())
            return badType(u"stop_sequences"_s);
        for (const QJsonValue &s : v.toArray())
            r.m_stopSequences.append(s.toString());
    }
    if (const QJsonValue v = take(u"stream"_s); !v.isUndefined()) {
        if (!v.isBool())
            return badType(u"stream"_s);
        r.m_stream = v.toBool();
    }
    if (const QJsonValue v = take(u"temperature"_s); !v.isUndefined()) {
        if (!v.isDouble())
            return badType(u"temperature"_s);
        r.m_temperature = v.toDouble();
    }
    if (const QJsonValue v = take(u"top_p"_s); !v.isUndefined()) {
        if (!v.isDouble())
            return badType(u"top_p"_s);
        r.m_topP = v.toDouble();
    }
    if (const QJsonValue v = take(u"top_k"_s); !v.isUndefined()) {
        if (!v.isDouble())
            return badType(u"top_k"_s);
        r.m_topK = v.toInt();
    }
    if (const QJsonValue v = take(u"metadata"_s); !v.isUndefined()) {
        if (!v.isObject())
            return badType(u"metadata"_s);
        QJsonObject metadata = v.toObject();
        const QJsonValue userId = metadata.take(u"user_id"_s);
        if (userId.isString())
            r.m_userId = userId.toString();
        else if (!userId.isUndefined())
            metadata.insert(u"user_id"_s, userId); // e.g. null: keep as sent
        r.m_metadataOther = metadata;
    }
    if (const QJsonValue v = take(u"tools"_s); !v.isUndefined()) {
        if (!v.isArray())
            return badType(u"tools"_s);
        for (const QJsonValue &t : v.toArray()) {
            if (!t.isObject())
                return badType(u"tools"_s);
            r.m_tools.append(t.toObject());
        }
    }
    if (const QJsonValue v = take(u"tool_choice"_s); !v.isUndefined()) {
        r.m_toolChoice = ToolChoice::fromJson(v.toObject());
        if (!r.m_toolChoice)
            return fail(tr("The request's tool_choice is not auto, any, tool (with a name) or "
                           "none."));
    }
    if (const QJsonValue v = take(u"thinking"_s); !v.isUndefined()) {
        r.m_thinking = ThinkingConfig::fromJson(v.toObject());
        if (!r.m_thinking)
            return fail(tr("The request's thinking setting is not enabled (with budget_tokens), "
                           "disabled or adaptive."));
    }
    if (const QJsonValue v = take(u"service_tier"_s); !v.isUndefined()) {
        if (!v.isString())
            return badType(u"service_tier"_s);
        r.m_serviceTier = v.toString();
    }
    if (const QJsonValue v = take(u"output_config"_s); !v.isUndefined()) {
        if (!v.isObject())
            return badType(u"output_config"_s);
        r.m_outputConfig = v.toObject();
    }
    if (const QJsonValue v = take(u"container"_s); !v.isUndefined())
        r.m_container = v;
    if (const QJsonValue v = take(u"mcp_servers"_s); !v.isUndefined()) {
        if (!v.isArray())
            return badType(u"mcp_servers"_s);
        r.m_mcpServers = v.toArray();
    }
    if (const QJsonValue v = take(u"context_management"_s); !v.isUndefined()) {
        if (!v.isObject())
            return badType(u"context_management"_s);
        r.m_contextManagement = v.toObject();
    }
    if (const QJsonValue v = rest.value(u"cache_control"); v.isObject()) {
        const QJsonObject cc = v.toObject();
        // Only the shapes we write ourselves are modelled; anything else stays in extra.
        if (cc == ContentBlock::cacheControlJson(CacheTtl::FiveMinutes)) {
            r.m_cacheControl = CacheTtl::FiveMinutes;
            rest.remove(u"cache_control"_s);
        } else if (cc == ContentBlock::cacheControlJson(CacheTtl::OneHour)) {
            r.m_cacheControl = CacheTtl::OneHour;
            rest.remove(u"cache_control"_s);
        }
    }
    r.m_extra = rest;
    return r;
}

QJsonObject MessageRequest::countTokensBody() const
{
    static const QLatin1StringView keys[] = {
        "model"_L1,       "messages"_L1,           "system"_L1,        "tools"_L1,
        "tool_choice"_L1, "thinking"_L1,           "output_config"_L1, "cache_control"_L1,
        "mcp_servers"_L1, "context_management"_L1,
    };
    const QJsonObject full = toJson();
    QJsonObject body;
    for (const QLatin1StringView key : keys)
        if (full.contains(key))
            body.insert(key, full.value(key));
    return body;
}

} // namespace claudette
