#include "core/chat/chat.h"

#include "core/chat/replyfailure.h"
#include "core/util/frameinterval.h"

#include "core/api/messagestream.h"
#include "core/api/requestvalidator.h"
#include "core/store/conversation.h"
#include "core/usage/cost.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMetaMethod>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {
Q_LOGGING_CATEGORY(lcChat, "claudette.chat")

constexpr int kDefaultMaxTokens = 4096;

QJsonObject textBlock(const QString &text)
{
    return QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, text}};
}

// The API refuses a final assistant turn that ends in whitespace.
QJsonArray trimmedPrefix(QJsonArray prefix)
{
    while (!prefix.isEmpty()) {
        QJsonObject last = prefix.last().toObject();
        if (last.value("type"_L1).toString() != "text"_L1)
            break;
        const QString text = last.value("text"_L1).toString();
        qsizetype end = text.size();
        while (end > 0 && text.at(end - 1).isSpace())
            --end;
        if (end == 0) {
            prefix.removeLast();
            continue;
        }
        last.insert("text"_L1, text.left(end));
        prefix.replace(prefix.size() - 1, last);
        break;
    }
    return prefix;
}

// Loading the resources once: every Chat starts from a copy.
const ModelCatalog &builtInCatalog()
{
    static const ModelCatalog catalog = ModelCatalog::builtIn();
    return catalog;
}

const Pricing &builtInPricing()
{
    static const Pricing pricing = Pricing::builtIn();
    return pricing;
}

} // namespace

Chat::Chat(Client *client, Conversation *conversation, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_conversation(conversation)
    , m_catalog(builtInCatalog())
    , m_pricing(builtInPricing())
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFrameIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &Chat::flushContent);
}

Chat::~Chat()
{
    if (m_stream)
        stop();
}

QString Chat::settingKey(const char *name)
{
    return QString::fromLatin1(name);
}

QJsonValue Chat::setting(const char *name) const
{
    return m_conversation->settings().value(settingKey(name));
}

void Chat::putSetting(const char *name, const QJsonValue &value)
{
    m_conversation->setSetting(settingKey(name), value);
}

QString Chat::model() const
{
    const QString m = setting("model").toString();
    return m.isEmpty() ? QString(DefaultModel) : m;
}

void Chat::setModel(const QString &model)
{
    putSetting("model", model.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(model));
}

QString Chat::systemPrompt() const
{
    return setting("system").toString();
}

void Chat::setSystemPrompt(const QString &system)
{
    putSetting("system", system.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(system));
}

int Chat::maxTokens() const
{
    return setting("max_tokens").toInt();
}

void Chat::setMaxTokens(int maxTokens)
{
    putSetting("max_tokens",
               maxTokens > 0 ? QJsonValue(maxTokens) : QJsonValue(QJsonValue::Undefined));
}

int Chat::effectiveMaxTokens() const
{
    if (maxTokens() > 0)
        return maxTokens();
    const int modelMax = m_catalog.capabilities(model()).maxOutput;
    return modelMax > 0 ? qMin(kDefaultMaxTokens, modelMax) : kDefaultMaxTokens;
}

QStringList Chat::stopSequences() const
{
    QStringList stops;
    for (const QJsonValue &v : setting("stop_sequences").toArray())
        stops.append(v.toString());
    return stops;
}

void Chat::setStopSequences(const QStringList &stops)
{
    putSetting("stop_sequences", stops.isEmpty() ? QJsonValue(QJsonValue::Undefined)
                                                 : QJsonValue(QJsonArray::fromStringList(stops)));
}

std::optional<double> Chat::temperature() const
{
    const QJsonValue v = setting("temperature");
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

void Chat::setTemperature(std::optional<double> temperature)
{
    putSetting("temperature", temperature ? QJsonValue(*temperature) : QJsonValue::Undefined);
}

std::optional<double> Chat::topP() const
{
    const QJsonValue v = setting("top_p");
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

void Chat::setTopP(std::optional<double> topP)
{
    putSetting("top_p", topP ? QJsonValue(*topP) : QJsonValue::Undefined);
}

std::optional<int> Chat::topK() const
{
    const QJsonValue v = setting("top_k");
    return v.isDouble() ? std::optional<int>(v.toInt()) : std::nullopt;
}

void Chat::setTopK(std::optional<int> topK)
{
    putSetting("top_k", topK ? QJsonValue(*topK) : QJsonValue::Undefined);
}

Chat::ThinkingMode Chat::thinkingMode() const
{
    const QString mode = setting("thinking").toString();
    if (mode == "adaptive"_L1)
        return ThinkingMode::Adaptive;
    if (mode == "budget"_L1)
        return ThinkingMode::Budget;
    if (mode == "between_tools"_L1)
        return ThinkingMode::BetweenTools;
    return ThinkingMode::Off;
}

int Chat::thinkingBudget() const
{
    return setting("thinking_budget").toInt();
}

void Chat::setThinking(ThinkingMode mode, int budget)
{
    switch (mode) {
    case ThinkingMode::Off:
        putSetting("thinking", QJsonValue::Undefined);
        putSetting("thinking_budget", QJsonValue::Undefined);
        break;
    case ThinkingMode::Budget:
        putSetting("thinking", u"budget"_s);
        putSetting("thinking_budget", budget);
        break;
    case ThinkingMode::Adaptive:
        putSetting("thinking", u"adaptive"_s);
        putSetting("thinking_budget", QJsonValue::Undefined);
        break;
    case ThinkingMode::BetweenTools:
        putSetting("thinking", u"between_tools"_s);
        putSetting("thinking_budget", QJsonValue::Undefined);
        break;
    }
}

ThinkingConfig::Display Chat::thinkingDisplay() const
{
    return setting("thinking_display").toString() == "omitted"_L1
               ? ThinkingConfig::Display::Omitted
               : ThinkingConfig::Display::Summarized;
}

void Chat::setThinkingDisplay(ThinkingConfig::Display display)
{
    putSetting("thinking_display", display == ThinkingConfig::Display::Omitted
                                       ? QJsonValue(u"omitted"_s)
                                       : QJsonValue(QJsonValue::Undefined));
}

std::optional<ThinkingConfig> Chat::thinkingConfig() const
{
    switch (thinkingMode()) {
    case ThinkingMode::Off:
        return std::nullopt;
    case ThinkingMode::Budget:
        return ThinkingConfig::enabled(thinkingBudget(), thinkingDisplay());
    case ThinkingMode::Adaptive:
        return ThinkingConfig::adaptive(thinkingDisplay());
    case ThinkingMode::BetweenTools:
        return ThinkingConfig::betweenTools();
    }
    return std::nullopt;
}

QString Chat::effort() const
{
    return setting("effort").toString();
}

void Chat::setEffort(const QString &effort)
{
    putSetting("effort", effort.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(effort));
}

QString Chat::defaultPrefill() const
{
    return setting("prefill").toString();
}

void Chat::setDefaultPrefill(const QString &prefill)
{
    putSetting("prefill",
               prefill.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(prefill));
}

QString Chat::serviceTier() const
{
    return setting("service_tier").toString();
}

void Chat::setServiceTier(const QString &tier)
{
    putSetting("service_tier",
               tier.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(tier));
}

namespace {
QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &v : value.toArray())
        if (v.isString())
            list.append(v.toString());
    return list;
}
QJsonValue listValue(const QStringList &list)
{
    return list.isEmpty() ? QJsonValue(QJsonValue::Undefined)
                          : QJsonValue(QJsonArray::fromStringList(list));
}
} // namespace

QStringList Chat::enabledTools() const
{
    return stringList(setting("tools"));
}

void Chat::setEnabledTools(const QStringList &names)
{
    putSetting("tools", listValue(names));
}

QStringList Chat::enabledMcpServers() const
{
    return stringList(setting("mcp_servers"));
}

void Chat::setEnabledMcpServers(const QStringList &names)
{
    putSetting("mcp_servers", listValue(names));
}

ServerToolSettings Chat::serverTools() const
{
    return ServerToolSettings::fromJson(setting("server_tools").toObject());
}

void Chat::setServerTools(const ServerToolSettings &settings)
{
    putSetting("server_tools", settings == ServerToolSettings{} ? QJsonValue(QJsonValue::Undefined)
                                                                : QJsonValue(settings.toJson()));
}

std::optional<ToolChoice> Chat::toolChoice() const
{
    const QJsonValue v = setting("tool_choice");
    return v.isObject() ? ToolChoice::fromJson(v.toObject()) : std::nullopt;
}

void Chat::setToolChoice(const std::optional<ToolChoice> &choice)
{
    putSetting("tool_choice", choice ? QJsonValue(choice->toJson()) : QJsonValue::Undefined);
}

int Chat::maxToolSteps() const
{
    const int steps = setting("max_tool_steps").toInt();
    return steps > 0 ? steps : 10;
}

void Chat::setMaxToolSteps(int steps)
{
    putSetting("max_tool_steps",
               steps > 0 && steps != 10 ? QJsonValue(steps) : QJsonValue(QJsonValue::Undefined));
}

QJsonObject Chat::outputSchema() const
{
    return setting("output_schema").toObject();
}

void Chat::setOutputSchema(const QJsonObject &schema)
{
    putSetting("output_schema",
               schema.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(schema));
}

QString Chat::outputTool() const
{
    return setting("output_tool").toString();
}

void Chat::setOutputTool(const QString &name)
{
    putSetting("output_tool",
               name.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(name));
}

bool Chat::usesTools() const
{
    const ServerToolSettings server = serverTools();
    return !enabledTools().isEmpty() || !enabledMcpServers().isEmpty() || server.webSearch ||
           server.webFetch || server.codeExecution || !outputSchema().isEmpty() ||
           !outputTool().isEmpty();
}

CacheSettings Chat::cacheSettings() const
{
    return CacheSettings::fromJson(setting("cache").toObject());
}

void Chat::setCacheSettings(const CacheSettings &settings)
{
    putSetting("cache", settings == CacheSettings() ? QJsonValue(QJsonValue::Undefined)
                                                    : QJsonValue(settings.toJson()));
}

int Chat::leftOutMessages() const
{
    return qMax(0, setting("leave_out_messages").toInt());
}

void Chat::setLeftOutMessages(int count)
{
    putSetting("leave_out_messages",
               count > 0 ? QJsonValue(count) : QJsonValue(QJsonValue::Undefined));
}

int Chat::effectiveLeftOut(const QJsonArray &history) const
{
    const int wanted = leftOutMessages();
    if (wanted <= 0 || history.isEmpty())
        return 0;
    // Keep at least the last message, and start on a user message (the API requires it).
    qsizetype cut = qMin<qsizetype>(wanted, history.size() - 1);
    while (cut < history.size() - 1 &&
           history.at(cut).toObject().value("role"_L1).toString() != "user"_L1)
        ++cut;
    if (history.at(cut).toObject().value("role"_L1).toString() != "user"_L1)
        return 0;
    return int(cut);
}

// --- requests

QJsonObject Chat::turnParams(const MessageRequest &request)
{
    QJsonObject params = request.toJson();
    for (const auto key : {"messages"_L1, "tools"_L1, "model"_L1, "stream"_L1})
        params.remove(key);
    return params;
}

MessageRequest Chat::requestFor(const QJsonArray &history, const QJsonArray &prefix) const
{
    MessageRequest request(model(), effectiveMaxTokens());
    QJsonArray kept = history;
    for (int leftOut = effectiveLeftOut(history); leftOut > 0; --leftOut)
        kept.removeFirst();
    QList<MessageParam> messages = MessageParam::listFromJson(kept);
    if (!prefix.isEmpty()) {
        bool ok = false;
        const MessageParam assistant = MessageParam::fromJson(
            QJsonObject{{"role"_L1, "assistant"_L1}, {"content"_L1, trimmedPrefix(prefix)}}, &ok);
        if (ok && !assistant.isEmpty())
            messages.append(assistant);
    }
    request.setMessages(messages);
    if (!systemPrompt().isEmpty())
        request.setSystem(systemPrompt());
    request.setStopSequences(stopSequences());
    request.setTemperature(temperature());
    request.setTopP(topP());
    request.setTopK(topK());
    request.setThinking(thinkingConfig());
    if (!effort().isEmpty())
        request.setEffort(effort());
    if (!serviceTier().isEmpty())
        request.setServiceTier(serviceTier());
    m_lastCachePlan =
        CachePlanner::apply(request, cacheSettings(), m_catalog.capabilities(model()));
    return request;
}

MessageRequest Chat::buildRequest(const QJsonArray &userContent, const QString &prefill) const
{
    QJsonArray history = m_conversation->messagesForApi();
    if (!userContent.isEmpty())
        history.append(QJsonObject{{"role"_L1, "user"_L1}, {"content"_L1, userContent}});
    QJsonArray prefix;
    if (!prefill.isEmpty())
        prefix.append(textBlock(prefill));
    return requestFor(history, prefix);
}

QString Chat::checkRequest(const MessageRequest &request) const
{
    if (request.messages().isEmpty())
        return tr("There is nothing to send: the conversation has no message.");
    if (request.messages().constFirst().role() != MessageParam::Role::User)
        return tr("The conversation must start with a user message.");
    const QList<ValidationIssue> issues = RequestValidator(m_catalog).validate(request);
    QStringList messages;
    for (const ValidationIssue &issue : issues)
        if (issue.isError())
            messages.append(issue.message);
    return messages.join(u'\n');
}

QJsonArray Chat::historyUpTo(const QString &turnId) const
{
    QStringList path;
    for (QString id = turnId; !id.isEmpty(); id = m_conversation->turn(id).parentId)
        path.prepend(id);
    QJsonArray messages;
    for (const QString &id : path) {
        const Turn t = m_conversation->turn(id);
        if (t.status == TurnStatus::Error || t.content.isEmpty())
            continue;
        messages.append(QJsonObject{{"role"_L1, t.role},
                                    {"content"_L1, m_conversation->expandAttachments(t.content)}});
    }
    return messages;
}

bool Chat::refuse(const QString &message)
{
    qCInfo(lcChat) << "request refused before sending:" << message;
    Q_EMIT refused(message);
    return false;
}

bool Chat::send(const QString &text, const QString &prefill)
{
    return send(QJsonArray{textBlock(text)}, prefill);
}

bool Chat::send(const QJsonArray &userContent, const QString &prefill)
{
    if (isBusy())
        return refuse(tr("A reply is still arriving; stop it or wait before sending."));
    if (userContent.isEmpty())
        return refuse(tr("The message is empty."));
    Pending pending;
    pending.request = buildRequest(userContent, prefill);
    if (!prefill.isEmpty())
        pending.prefix.append(textBlock(prefill));
    pending.prefillText = prefill;
    if (const QString problem = checkRequest(pending.request); !problem.isEmpty())
        return refuse(problem);
    pending.parentId = m_conversation->appendUserTurn(userContent);
    return startReply(pending);
}

bool Chat::regenerate(const QString &assistantTurnId)
{
    if (isBusy())
        return refuse(tr("A reply is still arriving; stop it or wait before regenerating."));
    QString id = assistantTurnId;
    if (id.isEmpty()) {
        const QStringList &branch = m_conversation->currentBranch();
        for (auto it = branch.crbegin(); it != branch.crend() && id.isEmpty(); ++it)
            if (m_conversation->turn(*it).isAssistant())
                id = *it;
    }
    const Turn old = m_conversation->turn(id);
    if (!old.isAssistant())
        return refuse(tr("There is no reply to regenerate."));
    Pending pending;
    pending.parentId = old.parentId;
    pending.request = requestFor(historyUpTo(old.parentId), {});
    if (const QString problem = checkRequest(pending.request); !problem.isEmpty())
        return refuse(problem);
    return startReply(pending);
}

bool Chat::editUserTurn(const QString &userTurnId, const QJsonArray &content)
{
    if (isBusy())
        return refuse(tr("A reply is still arriving; stop it or wait before editing."));
    const Turn old = m_conversation->turn(userTurnId);
    if (!old.isUser())
        return refuse(tr("Only a user message can be edited."));
    if (content.isEmpty())
        return refuse(tr("The message is empty."));
    QJsonArray history = historyUpTo(old.parentId);
    history.append(QJsonObject{{"role"_L1, "user"_L1}, {"content"_L1, content}});
    Pending pending;
    pending.request = requestFor(history, {});
    if (const QString problem = checkRequest(pending.request); !problem.isEmpty())
        return refuse(problem);
    pending.parentId = m_conversation->appendUserTurn(content, old.parentId);
    return startReply(pending);
}

bool Chat::continueReply()
{
    if (isBusy())
        return refuse(tr("A reply is still arriving."));
    const QString leaf = m_conversation->currentLeaf();
    const Turn last = m_conversation->turn(leaf);
    if (!last.isAssistant() || last.content.isEmpty())
        return refuse(tr("There is no reply to continue."));
    Pending pending;
    if (m_catalog.capabilities(model()).prefill) {
        // A sibling reply that holds the old text and its continuation.
        pending.parentId = last.parentId;
        pending.prefix = m_conversation->expandAttachments(last.content);
        pending.request = requestFor(historyUpTo(last.parentId), pending.prefix);
        if (const QString problem = checkRequest(pending.request); !problem.isEmpty())
            return refuse(problem);
        return startReply(pending);
    }
    // The model rejects a conversation that ends with an assistant turn: ask in a user turn.
    const QJsonArray ask{textBlock(tr("Continue exactly where your previous reply stopped."))};
    QJsonArray history = historyUpTo(leaf);
    history.append(QJsonObject{{"role"_L1, "user"_L1}, {"content"_L1, ask}});
    pending.request = requestFor(history, {});
    if (const QString problem = checkRequest(pending.request); !problem.isEmpty())
        return refuse(problem);
    pending.parentId = m_conversation->appendUserTurn(ask, leaf);
    return startReply(pending);
}

void Chat::stop()
{
    if (m_stream)
        m_stream->cancel();
}

bool Chat::startReply(const Pending &pending)
{
    // The reply continues exactly what was sent (trailing whitespace is not allowed there).
    m_prefix = trimmedPrefix(pending.prefix);
    m_prefillText = pending.prefillText.isEmpty() || m_prefix.isEmpty()
                        ? QString()
                        : m_prefix.last().toObject().value("text"_L1).toString();
    m_lastMessage = {};
    m_lastError = {};
    QJsonObject params = turnParams(pending.request);
    if (!m_prefillText.isEmpty())
        params.insert("prefill"_L1, m_prefillText);
    m_turnId =
        m_conversation->beginAssistantTurn(pending.request.model(), params, pending.parentId);
    if (!m_prefix.isEmpty())
        m_conversation->setTurnContent(m_turnId, m_prefix);

    auto *stream = new MessageStream(m_client, pending.request, this);
    stream->setStreaming(m_streaming);
    m_stream = stream;
    const QString turnId = m_turnId;
    // Every raw event is a copy: relayed only when someone listens (connect before send()).
    if (isSignalConnected(QMetaMethod::fromSignal(&Chat::eventReceived)))
        connect(stream, &MessageStream::eventReceived, this, &Chat::eventReceived);
    connect(stream, &MessageStream::retrying, this, &Chat::retrying);
    connect(stream, &MessageStream::blockStarted, this,
            [this, turnId](int index, const QJsonObject &block) {
                Q_EMIT blockStarted(turnId, index, block);
                scheduleFlush();
            });
    connect(stream, &MessageStream::textAppended, this,
            [this, turnId](int index, const QString &delta) {
                Q_EMIT textAppended(turnId, index, delta);
                scheduleFlush();
            });
    connect(stream, &MessageStream::thinkingAppended, this,
            [this, turnId](int index, const QString &delta) {
                Q_EMIT thinkingAppended(turnId, index, delta);
                scheduleFlush();
            });
    connect(stream, &MessageStream::toolInputAppended, this,
            [this, turnId](int index, const QString &json) {
                Q_EMIT toolInputAppended(turnId, index, json);
                scheduleFlush();
            });
    connect(stream, &MessageStream::finished, this, &Chat::onFinished);
    connect(stream, &MessageStream::failed, this, &Chat::onFailed);
    Q_EMIT replyStarted(m_turnId, m_prefillText);
    stream->start();
    return true;
}

QJsonArray Chat::mergedContent(const QJsonArray &content) const
{
    if (m_prefix.isEmpty())
        return content;
    QJsonArray merged = m_prefix;
    qsizetype from = 0;
    const QJsonObject lastPrefix = merged.last().toObject();
    if (!content.isEmpty() && lastPrefix.value("type"_L1).toString() == "text"_L1) {
        const QJsonObject first = content.first().toObject();
        if (first.value("type"_L1).toString() == "text"_L1) {
            QJsonObject joined = first;
            joined.insert("text"_L1, QString(lastPrefix.value("text"_L1).toString() %
                                             first.value("text"_L1).toString()));
            merged.replace(merged.size() - 1, joined);
            from = 1;
        }
    }
    for (qsizetype i = from; i < content.size(); ++i)
        merged.append(content.at(i));
    return merged;
}

void Chat::scheduleFlush()
{
    if (m_liveUpdates && !m_flushTimer.isActive())
        m_flushTimer.start();
}

void Chat::flushContent()
{
    if (!m_stream || m_turnId.isEmpty())
        return;
    const QJsonObject snapshot = m_stream->message();
    m_conversation->setTurnContent(m_turnId, mergedContent(snapshot.value("content"_L1).toArray()));
}

void Chat::onFinished(const QJsonObject &message)
{
    finishTurn(TurnStatus::Complete, message, {});
}

void Chat::onFailed(const ApiError &error, const QJsonObject &partial)
{
    const bool hasContent = !partial.value("content"_L1).toArray().isEmpty();
    finishTurn(ReplyFailure::status(error, hasContent), partial, error);
}

void Chat::finishTurn(TurnStatus status, const QJsonObject &message, const ApiError &error)
{
    m_flushTimer.stop();
    const QString turnId = m_turnId;
    const QString requestId = m_stream ? m_stream->requestId() : QString();
    if (m_stream) {
        m_stream->disconnect(this);
        m_stream->deleteLater();
    }
    m_stream = nullptr;
    m_turnId.clear();
    m_lastMessage = message;
    m_lastError = error;

    QJsonObject stored = message;
    QJsonArray content = mergedContent(message.value("content"_L1).toArray());
    stored.insert("content"_L1, content);
    m_conversation->finishAssistantTurn(turnId, status, stored, ReplyFailure::turnError(error));
    const QString rid = !error.requestId.isEmpty() ? error.requestId : requestId;
    if (!rid.isEmpty())
        m_conversation->setTurnRequestId(turnId, rid);
    const QJsonObject usage = message.value("usage"_L1).toObject();
    if (!usage.isEmpty()) {
        const QString model =
            message.value("model"_L1).toString(m_conversation->turn(turnId).model);
        const Cost cost = Cost::compute(Usage::fromJson(usage), model, m_pricing);
        if (cost.known)
            m_conversation->setTurnCost(turnId, cost.total());
    }
    qCDebug(lcChat) << "reply" << turnId << "ended:" << Turn::statusName(status);
    Q_EMIT replyFinished(turnId, status);
}

// --- usage

Usage Chat::totalUsage() const
{
    Usage total;
    for (const QString &id : m_conversation->currentBranch()) {
        const Turn t = m_conversation->turn(id);
        if (t.isAssistant() && !t.usage.isEmpty())
            total += Usage::fromJson(t.usage);
    }
    return total;
}

std::optional<double> Chat::totalCost() const
{
    std::optional<double> total;
    for (const QString &id : m_conversation->currentBranch()) {
        const Turn t = m_conversation->turn(id);
        if (t.costUsd)
            total = total.value_or(0.0) + *t.costUsd;
    }
    return total;
}

bool Chat::hasUnknownCost() const
{
    for (const QString &id : m_conversation->currentBranch()) {
        const Turn t = m_conversation->turn(id);
        if (t.isAssistant() && !t.usage.isEmpty() && !t.costUsd)
            return true;
    }
    return false;
}

} // namespace claudette
