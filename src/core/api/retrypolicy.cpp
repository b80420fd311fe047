#include "core/api/retrypolicy.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {

// An HTTP date (RFC 9110): IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", and the obsolete
// RFC 850 and asctime forms. Always UTC.
QDateTime parseHttpDate(const QString &text)
{
    static const QLatin1StringView formats[] = {
        "ddd, dd MMM yyyy hh:mm:ss 'GMT'"_L1,
        "dddd, dd-MMM-yy hh:mm:ss 'GMT'"_L1,
        "ddd MMM d hh:mm:ss yyyy"_L1,
    };
    const QString simplified = text.simplified();
    const QLocale c = QLocale::c();
    for (const QLatin1StringView format : formats) {
        QDateTime date = c.toDateTime(simplified, format, 1950);
        if (date.isValid()) {
            date.setTimeZone(QTimeZone::UTC);
            return date;
        }
    }
    QDateTime date = QDateTime::fromString(simplified, Qt::RFC2822Date);
    return date;
}

} // namespace

RetryPolicy::RetryPolicy(int maxRetries, std::function<double()> random)
    : m_maxRetries(qMax(0, maxRetries))
{
    setRandomSource(std::move(random));
}

void RetryPolicy::setRandomSource(std::function<double()> random)
{
    if (random)
        m_random = std::move(random);
    else
        m_random = [] { return QRandomGenerator::global()->generateDouble(); };
}

bool RetryPolicy::isRetryable(const ApiError &error, const QHttpHeaders &headers)
{
    switch (error.kind) {
    case ApiError::Kind::Connection:
    case ApiError::Kind::Timeout:
        return true;
    // An idle timeout comes after the answer's headers: the SDK, whose timeout ends there,
    // does not send such a request again. A deadline covers the retries themselves.
    case ApiError::Kind::IdleTimeout:
    case ApiError::Kind::Deadline:
    case ApiError::Kind::None:
    case ApiError::Kind::Cancelled:
    case ApiError::Kind::Stream:
    case ApiError::Kind::Protocol:
    case ApiError::Kind::Redirect:
        return false;
    case ApiError::Kind::Http:
        break;
    }
    const QByteArray shouldRetry =
        headers.value("x-should-retry").toByteArray().trimmed().toLower();
    if (shouldRetry == "true")
        return true;
    if (shouldRetry == "false")
        return false;
    const int status = error.httpStatus;
    return status == 408 || status == 409 || status == 429 || status >= 500;
}

RetryPolicy::Decision RetryPolicy::decide(const ApiError &error, const QHttpHeaders &headers,
                                          int retriesDone, const QDateTime &now) const
{
    Decision d;
    if (retriesDone >= m_maxRetries || !isRetryable(error, headers))
        return d;
    const std::optional<qint64> server = serverDelayMs(headers, now);
    if (server && *server > MaxServerDelayMs) {
        d.serverDelayTooLong = true;
        return d;
    }
    d.retry = true;
    // Zero, negative (a date in the past) or absent: the SDK falls back to its own backoff.
    d.delayMs = (server && *server > 0) ? *server : backoffMs(retriesDone);
    return d;
}

qint64 RetryPolicy::backoffMs(int retriesDone) const
{
    const int exponent = qBound(0, retriesDone, 16);
    const double seconds = std::min(0.5 * std::pow(2.0, exponent), MaxBackoffMs / 1000.0);
    double r = m_random();
    if (!(r >= 0.0 && r < 1.0)) // also catches NaN from a broken source
        r = 0.0;
    const double jitter = 1.0 - r * 0.25;
    return qint64(std::llround(seconds * jitter * 1000.0));
}

std::optional<qint64> RetryPolicy::serverDelayMs(const QHttpHeaders &headers, const QDateTime &now)
{
    const auto parseNumber = [](QByteArrayView text) -> std::optional<double> {
        bool ok = false;
        const double v = text.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(v))
            return std::nullopt;
        return std::clamp(v, -1e12, 1e12); // keep the conversion to qint64 defined
    };
    if (headers.contains("retry-after-ms")) {
        if (const auto ms = parseNumber(headers.value("retry-after-ms")))
            return qint64(std::llround(*ms));
    }
    if (headers.contains("retry-after")) {
        const QByteArrayView value = headers.value("retry-after").trimmed();
        if (const auto seconds = parseNumber(value))
            return qint64(std::llround(*seconds * 1000.0));
        const QDateTime date = parseHttpDate(QString::fromLatin1(value));
        if (date.isValid())
            return now.msecsTo(date);
    }
    return std::nullopt;
}

} // namespace claudette
