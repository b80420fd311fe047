#include "core/usage/usage.h"

using namespace Qt::StringLiterals;

namespace claudette {

namespace {
qint64 count(const QJsonObject &o, QStringView key)
{
    const qint64 n = o.value(key).toInteger(0);
    return n > 0 ? n : 0;
}
} // namespace

Usage Usage::fromJson(const QJsonObject &json)
{
    Usage u;
    u.requests = 1;
    u.inputTokens = count(json, u"input_tokens");
    u.outputTokens = count(json, u"output_tokens");
    u.cacheReadTokens = count(json, u"cache_read_input_tokens");
    const qint64 created = count(json, u"cache_creation_input_tokens");
    const QJsonObject split = json.value(u"cache_creation").toObject();
    if (!split.isEmpty()) {
        u.cacheCreation1hTokens = count(split, u"ephemeral_1h_input_tokens");
        u.cacheCreation5mTokens = count(split, u"ephemeral_5m_input_tokens");
        // A total larger than the split (older or partial answers): the rest is 5-minute.
        if (created > u.cacheCreationTokens())
            u.cacheCreation5mTokens = created - u.cacheCreation1hTokens;
    } else {
        u.cacheCreation5mTokens = created;
    }
    const QJsonObject server = json.value(u"server_tool_use").toObject();
    u.webSearchRequests = count(server, u"web_search_requests");
    u.webFetchRequests = count(server, u"web_fetch_requests");
    u.thinkingTokens = count(json.value(u"output_tokens_details").toObject(), u"thinking_tokens");
    return u;
}

QJsonObject Usage::toJson() const
{
    QJsonObject json{
        {u"input_tokens"_s, inputTokens},
        {u"output_tokens"_s, outputTokens},
        {u"cache_creation_input_tokens"_s, cacheCreationTokens()},
        {u"cache_read_input_tokens"_s, cacheReadTokens},
        {u"cache_creation"_s, QJsonObject{{u"ephemeral_5m_input_tokens"_s, cacheCreation5mTokens},
                                          {u"ephemeral_1h_input_tokens"_s, cacheCreation1hTokens}}},
        {u"server_tool_use"_s, QJsonObject{{u"web_search_requests"_s, webSearchRequests},
                                           {u"web_fetch_requests"_s, webFetchRequests}}},
    };
    if (thinkingTokens > 0)
        json.insert(u"output_tokens_details"_s,
                    QJsonObject{{u"thinking_tokens"_s, thinkingTokens}});
    return json;
}

Usage &Usage::operator+=(const Usage &other)
{
    inputTokens += other.inputTokens;
    outputTokens += other.outputTokens;
    cacheCreation5mTokens += other.cacheCreation5mTokens;
    cacheCreation1hTokens += other.cacheCreation1hTokens;
    cacheReadTokens += other.cacheReadTokens;
    webSearchRequests += other.webSearchRequests;
    webFetchRequests += other.webFetchRequests;
    thinkingTokens += other.thinkingTokens;
    requests += other.requests;
    return *this;
}

QString Usage::toString() const
{
    const QString line =
        u"In: %1; Out: %2; Cache create: %3; Cache read: %4; Total Tokens: %5; Search: %6"_s
            .arg(inputTokens)
            .arg(outputTokens)
            .arg(cacheCreationTokens())
            .arg(cacheReadTokens)
            .arg(totalTokens())
            .arg(webSearchRequests);
    return thinkingTokens > 0 ? line + u"; Thinking: %1"_s.arg(thinkingTokens) : line;
}

} // namespace claudette
