#pragma once

#include "core/api/apierror.h"

#include <QDateTime>
#include <QHttpHeaders>

#include <functional>
#include <optional>

namespace claudette {

/**
 * When and how long to wait before retrying a failed request, as the official SDKs do
 * (api-notes.md, "Errors and retries"; the TypeScript SDK's client.js `shouldRetry`,
 * `retryRequest` and `calculateDefaultRetryTimeoutMillis`):
 * - an `x-should-retry: true|false` header decides when present;
 * - otherwise HTTP 408, 409, 429 and >= 500 are retried, and so are connection failures and
 *   timeouts before the answer's headers; a stalled answer (idle timeout), the deadline,
 *   cancellation, stream `error` events and malformed
 *   answers are not;
 * - at most maxRetries() retries (default 2);
 * - the delay is the server's `retry-after-ms`, else `retry-after` (seconds or an HTTP date),
 *   when it is more than 0 and at most 60 s; otherwise 0.5 s * 2^retriesDone, capped at 8 s,
 *   minus up to 25 % jitter. A server delay over 60 s is not waited: decide() says GiveUp and
 *   the error keeps retryAfterMs so the user can be told when to try again.
 */
class RetryPolicy
{
public:
    static constexpr int DefaultMaxRetries = 2;
    static constexpr qint64 MaxServerDelayMs = 60'000;
    static constexpr qint64 InitialDelayMs = 500;
    static constexpr qint64 MaxBackoffMs = 8'000;

    /// @p random returns a number in [0, 1) for the jitter; default QRandomGenerator::global().
    explicit RetryPolicy(int maxRetries = DefaultMaxRetries, std::function<double()> random = {});

    int maxRetries() const { return m_maxRetries; }
    void setMaxRetries(int maxRetries) { m_maxRetries = qMax(0, maxRetries); }
    void setRandomSource(std::function<double()> random);

    /// Whether @p error is worth retrying at all (ignoring the retry count). @p headers are the
    /// response headers for an HTTP error (empty for transport errors).
    static bool isRetryable(const ApiError &error, const QHttpHeaders &headers);

    struct Decision
    {
        bool retry = false;
        qint64 delayMs = 0;
        /// Not retried only because the server asked for a wait longer than MaxServerDelayMs.
        bool serverDelayTooLong = false;
    };

    /// Whether to retry after @p retriesDone retries have already been made, and after how long.
    Decision decide(const ApiError &error, const QHttpHeaders &headers, int retriesDone,
                    const QDateTime &now) const;

    /// The exponential backoff with jitter for the retry that follows @p retriesDone retries.
    qint64 backoffMs(int retriesDone) const;

    /// The delay the server asks for: `retry-after-ms` (milliseconds), else `retry-after`
    /// (seconds, fractional allowed, or an HTTP date relative to @p now). nullopt when neither
    /// header is present or parseable. Can be zero, negative (a date in the past) or huge.
    static std::optional<qint64> serverDelayMs(const QHttpHeaders &headers, const QDateTime &now);

private:
    int m_maxRetries;
    std::function<double()> m_random;
};

} // namespace claudette
