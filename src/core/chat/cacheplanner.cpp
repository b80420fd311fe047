#include "core/chat/cacheplanner.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace claudette {

QJsonObject CacheSettings::toJson() const
{
    return QJsonObject{{u"enabled"_s, enabled},
                       {u"ttl"_s, ttl == CacheTtl::OneHour ? u"1h"_s : u"5m"_s}};
}

CacheSettings CacheSettings::fromJson(const QJsonObject &json)
{
    CacheSettings s;
    s.enabled = json.value(u"enabled").toBool();
    s.ttl = json.value(u"ttl").toString() == "1h"_L1 ? CacheTtl::OneHour : CacheTtl::FiveMinutes;
    return s;
}

qint64 CachePlanner::estimateTokens(const QJsonValue &value)
{
    QByteArray bytes;
    if (value.isObject())
        bytes = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    else if (value.isArray())
        bytes = QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    else
        bytes = value.toString().toUtf8();
    return (bytes.size() + 3) / 4;
}

namespace {
bool canCarry(const ContentBlock &block)
{
    const ContentBlock::Type type = block.type();
    if (type == ContentBlock::Type::Thinking || type == ContentBlock::Type::RedactedThinking)
        return false;
    if (type == ContentBlock::Type::Text && block.text().isEmpty())
        return false;
    return block.isValid();
}

/// Puts a breakpoint on the last block of @p message that can carry one; false when none can.
bool markMessage(MessageParam &message, CacheTtl ttl)
{
    QList<ContentBlock> content = message.content();
    for (qsizetype i = content.size() - 1; i >= 0; --i) {
        if (!canCarry(content.at(i)))
            continue;
        if (content.at(i).hasCacheControl())
            return false;
        content[i].setCacheControl(ttl);
        message.setContent(content);
        return true;
    }
    return false;
}
} // namespace

CachePlanner::Plan CachePlanner::apply(MessageRequest &request, const CacheSettings &settings,
                                       const ModelCapabilities &model)
{
    Plan plan;
    if (!settings.enabled)
        return plan;

    // Cumulative prefix sizes: tools, then system, then each message.
    qint64 toolsTokens = 0;
    for (const QJsonObject &tool : request.tools())
        toolsTokens += estimateTokens(tool);
    qint64 systemTokens = toolsTokens;
    for (const ContentBlock &block : request.systemBlocks())
        systemTokens += estimateTokens(block.json());
    QList<qint64> messageEnd;
    qint64 running = systemTokens;
    for (const MessageParam &m : request.messages()) {
        running += estimateTokens(m.toJson());
        messageEnd.append(running);
    }
    plan.estimatedTokens = running;
    const qint64 minimum = model.minCacheableTokens;
    if (running < minimum) {
        plan.tooShort = true;
        return plan;
    }

    int budget = MaxBreakpoints - request.cacheBreakpointCount();
    QList<MessageParam> messages = request.messages();
    const qsizetype last = messages.size() - 1;

    // 1. the end of the conversation
    if (budget > 0 && last >= 0 && markMessage(messages[last], settings.ttl)) {
        --budget;
        plan.places.append(u"message %1"_s.arg(last));
    }
    // 2. tools
    if (budget > 0 && !request.tools().isEmpty() && toolsTokens >= minimum) {
        QList<QJsonObject> tools = request.tools();
        if (!tools.constLast().contains(u"cache_control"_s)) {
            tools.last().insert(u"cache_control"_s, ContentBlock::cacheControlJson(settings.ttl));
            request.setTools(tools);
            --budget;
            plan.places.append(u"tools"_s);
        }
    }
    // 3. system
    if (budget > 0 && request.hasSystem() && !request.systemBlocks().isEmpty() &&
        systemTokens >= minimum && systemTokens > toolsTokens) {
        QList<ContentBlock> system = request.systemBlocks();
        if (!system.constLast().hasCacheControl() && canCarry(system.constLast())) {
            system.last().setCacheControl(settings.ttl);
            request.setSystemBlocks(system);
            --budget;
            plan.places.append(u"system"_s);
        }
    }
    // 4. the previous user turn (what the previous request ended with)
    if (budget > 0) {
        for (qsizetype i = last - 1; i >= 0; --i) {
            if (messages.at(i).role() != MessageParam::Role::User)
                continue;
            if (messageEnd.at(i) >= minimum && markMessage(messages[i], settings.ttl)) {
                --budget;
                plan.places.append(u"message %1"_s.arg(i));
            }
            break;
        }
    }
    request.setMessages(messages);
    plan.placed = int(plan.places.size());
    return plan;
}

} // namespace claudette
