#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHttpHeaders>
#include <QMetaType>
#include <QString>

#include <optional>

class QDebug;

namespace claudette {

/**
 * What went wrong with one API request: a value type the Client emits and the GUI, the CLI and
 * the conversation file show. Every error carries the request id when the server sent one.
 */
struct ApiError
{
    enum class Kind
    {
        None,        ///< no error
        Connection,  ///< could not connect, or the connection failed (DNS, refused, reset, TLS)
        Timeout,     ///< the request timeout ran out before the answer's headers arrived
        IdleTimeout, ///< an answer whose headers arrived sent no bytes for too long
        Deadline,    ///< the whole request (retries and their waits included) ran too long
        Cancelled,   ///< cancelled by the user
        Http,        ///< an HTTP error status (4xx, 5xx) with the API's error body
        Stream,      ///< an `error` event inside a stream that had started with 200
        Protocol,    ///< a malformed answer: bad JSON, a stream cut off before `message_stop`
        Redirect,    ///< a redirect not followed (another origin, a 301/302/303, too many hops)
    };

    Kind kind = Kind::None;
    int httpStatus = 0;
    /// The API's error type (`overloaded_error`, ...); for Http errors without a typed body it is
    /// derived from the status (typeForStatus()). Empty for transport errors.
    QString type;
    QString message;
    QString requestId;
    /// How long the server asked us to wait (`retry-after-ms` / `retry-after`), in ms.
    std::optional<qint64> retryAfterMs;
    /// The raw error body as received (an HTTP body or the data of a stream `error` event).
    QByteArray body;

    bool isError() const { return kind != Kind::None; }

    /// One line for users: what happened, the API's type and message, the HTTP status and the
    /// request id (translated).
    QString toString() const;
    /// Stable name of the kind ("http", "stream", ...), for files and logs.
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(QStringView name);

    /// The error for an HTTP error answer. Reads the API's JSON error body when there is one,
    /// the request id from the `request-id` header (or the body's `request_id`), and the server's
    /// retry delay from the headers, relative to @p now.
    static ApiError fromHttp(int status, const QHttpHeaders &headers, const QByteArray &body,
                             const QDateTime &now = QDateTime::currentDateTimeUtc());
    /// The error for a stream `error` event (@p json is its data).
    static ApiError fromStreamErrorEvent(const QByteArray &json, const QString &requestId);
    static ApiError make(Kind kind, const QString &message, const QString &requestId = {});

    /// The API's error type for an HTTP status, as the API and the official SDKs name them:
    /// 400 invalid_request_error, 401 authentication_error, 402 billing_error,
    /// 403 permission_error, 404 not_found_error, 408 timeout_error, 409 conflict,
    /// 413 request_too_large, 422 unprocessable, 429 rate_limit_error, 504 timeout_error,
    /// 529 overloaded_error, other 5xx api_error, any other status http_error.
    static QString typeForStatus(int status);

    bool operator==(const ApiError &) const = default;
};

QDebug operator<<(QDebug debug, const ApiError &error);

} // namespace claudette

Q_DECLARE_METATYPE(claudette::ApiError)
