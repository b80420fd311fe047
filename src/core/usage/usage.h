#pragma once

#include <QJsonObject>
#include <QString>

namespace claudette {

/**
 * Token counts of one request (the API's `usage` object) or a sum over turns.
 *
 * Cache writes are split by lifetime: the `cache_creation` object's ephemeral_5m/1h counts when
 * the API sends it, otherwise every cache write counts as a 5-minute one.
 */
class Usage
{
public:
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheCreation5mTokens = 0;
    qint64 cacheCreation1hTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 webSearchRequests = 0;
    qint64 webFetchRequests = 0;
    /// Output tokens spent thinking (`output_tokens_details.thinking_tokens`, part of
    /// outputTokens); 0 when the API does not say.
    qint64 thinkingTokens = 0;
    /// Number of requests summed (1 for one API usage object).
    int requests = 0;

    /// Reads the API's usage object; missing or null fields count as 0.
    static Usage fromJson(const QJsonObject &json);
    /// The API's field names (so a stored usage reads back the same).
    QJsonObject toJson() const;

    qint64 cacheCreationTokens() const { return cacheCreation5mTokens + cacheCreation1hTokens; }
    /// Input as billed: plain input, cache writes and cache reads.
    qint64 totalInputTokens() const
    {
        return inputTokens + cacheCreationTokens() + cacheReadTokens;
    }
    /// Everything: what claudette calls "Total Tokens".
    qint64 totalTokens() const { return totalInputTokens() + outputTokens; }

    Usage &operator+=(const Usage &other);
    friend Usage operator+(Usage a, const Usage &b) { return a += b; }
    bool operator==(const Usage &) const = default;

    /// claudette's line: `In: 13; Out: 5; Cache create: 0; Cache read: 0; Total Tokens: 18;
    /// Search: 0` (not translated: it is the same line the Python library prints), followed by
    /// `; Thinking: N` when the API counted thinking tokens.
    QString toString() const;
};

} // namespace claudette
