#include "core/api/apierror.h"

#include "core/api/retrypolicy.h"

#include <QCoreApplication>
#include <QDebug>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("claudette::ApiError", text);
}

// A body that is not JSON is shown as text, but never a whole HTML page.
QString plainBodyText(const QByteArray &body)
{
    constexpr qsizetype MaxChars = 300;
    QString text = QString::fromUtf8(body).simplified();
    if (text.size() > MaxChars)
        text = text.left(MaxChars) + u'…';
    return text;
}

} // namespace

QString ApiError::typeForStatus(int status)
{
    switch (status) {
    case 400:
        return u"invalid_request_error"_s;
    case 401:
        return u"authentication_error"_s;
    case 402:
        return u"billing_error"_s;
    case 403:
        return u"permission_error"_s;
    case 404:
        return u"not_found_error"_s;
    case 408:
    case 504:
        return u"timeout_error"_s;
    case 409:
        return u"conflict"_s;
    case 413:
        return u"request_too_large"_s;
    case 422:
        return u"unprocessable"_s;
    case 429:
        return u"rate_limit_error"_s;
    case 529:
        return u"overloaded_error"_s;
    default:
        return status >= 500 && status <= 599 ? u"api_error"_s : u"http_error"_s;
    }
}

ApiError ApiError::make(Kind kind, const QString &message, const QString &requestId)
{
    ApiError e;
    e.kind = kind;
    e.message = message;
    e.requestId = requestId;
    return e;
}

ApiError ApiError::fromHttp(int status, const QHttpHeaders &headers, const QByteArray &body,
                            const QDateTime &now)
{
    ApiError e;
    e.kind = Kind::Http;
    e.httpStatus = status;
    e.body = body;
    e.requestId = QString::fromLatin1(headers.value("request-id")).trimmed();
    e.retryAfterMs = RetryPolicy::serverDelayMs(headers, now);

    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && doc.isObject()) {
        const QJsonObject root = doc.object();
        const QJsonValue error = root.value("error"_L1);
        if (error.isObject()) {
            e.type = error["type"_L1].toString();
            const QJsonValue message = error["message"_L1];
            e.message = message.isString()
                            ? message.toString()
                            : QString::fromUtf8(
                                  QJsonDocument(error.toObject()).toJson(QJsonDocument::Compact));
        } else if (error.isString()) {
            e.message = error.toString();
        } else if (root.value("message"_L1).isString()) {
            e.message = root.value("message"_L1).toString();
        }
        if (e.requestId.isEmpty())
            e.requestId = root.value("request_id"_L1).toString();
    }
    if (e.type.isEmpty())
        e.type = typeForStatus(status);
    if (e.message.isEmpty()) {
        const QString text = plainBodyText(body);
        e.message = text.isEmpty() ? tr("HTTP status %1 (no body)").arg(status) : text;
    }
    return e;
}

ApiError ApiError::fromStreamErrorEvent(const QByteArray &json, const QString &requestId)
{
    ApiError e;
    e.kind = Kind::Stream;
    e.body = json;
    e.requestId = requestId;
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error == QJsonParseError::NoError && doc.isObject()) {
        const QJsonObject root = doc.object();
        const QJsonObject error = root.value("error"_L1).toObject();
        e.type = error.value("type"_L1).toString();
        e.message = error.value("message"_L1).toString();
        if (e.requestId.isEmpty())
            e.requestId = root.value("request_id"_L1).toString();
    }
    if (e.type.isEmpty())
        e.type = u"api_error"_s;
    if (e.message.isEmpty()) {
        const QString text = plainBodyText(json);
        e.message = text.isEmpty() ? tr("The stream reported an error without details.") : text;
    }
    return e;
}

QString ApiError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return u"none"_s;
    case Kind::Connection:
        return u"connection"_s;
    case Kind::Timeout:
        return u"timeout"_s;
    case Kind::IdleTimeout:
        return u"idle_timeout"_s;
    case Kind::Deadline:
        return u"deadline"_s;
    case Kind::Cancelled:
        return u"cancelled"_s;
    case Kind::Http:
        return u"http"_s;
    case Kind::Stream:
        return u"stream"_s;
    case Kind::Protocol:
        return u"protocol"_s;
    case Kind::Redirect:
        return u"redirect"_s;
    }
    return u"none"_s;
}

std::optional<ApiError::Kind> ApiError::kindFromName(QStringView name)
{
    for (Kind k : {Kind::None, Kind::Connection, Kind::Timeout, Kind::IdleTimeout, Kind::Deadline,
                   Kind::Cancelled, Kind::Http, Kind::Stream, Kind::Protocol, Kind::Redirect}) {
        if (kindName(k) == name)
            return k;
    }
    return std::nullopt;
}

QString ApiError::toString() const
{
    QString what;
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::Connection:
        what = tr("Connection error");
        break;
    case Kind::Timeout:
        what = tr("The request timed out");
        break;
    case Kind::IdleTimeout:
        what = tr("The stream stalled (no data received)");
        break;
    case Kind::Deadline:
        what = tr("The request ran past its deadline");
        break;
    case Kind::Cancelled:
        what = tr("Cancelled");
        break;
    case Kind::Http:
        what = tr("API error (HTTP %1)").arg(httpStatus);
        break;
    case Kind::Stream:
        what = tr("API error during the stream");
        break;
    case Kind::Protocol:
        what = tr("Malformed answer");
        break;
    case Kind::Redirect:
        what = tr("Redirect refused");
        break;
    }
    QString text = what;
    if (!type.isEmpty())
        text += u": "_s + type;
    if (!message.isEmpty())
        text += (type.isEmpty() ? u": "_s : u" — "_s) + message;
    if (retryAfterMs && *retryAfterMs > 0)
        text += u' ' + tr("(retry after %1 s)").arg((*retryAfterMs + 999) / 1000);
    if (!requestId.isEmpty())
        text += u' ' + tr("[request id: %1]").arg(requestId);
    return text;
}

QDebug operator<<(QDebug debug, const ApiError &error)
{
    const QDebugStateSaver saver(debug);
    debug.nospace() << "ApiError(" << ApiError::kindName(error.kind) << ", " << error.httpStatus
                    << ", " << error.type << ", " << error.message << ", " << error.requestId
                    << ')';
    return debug;
}

} // namespace claudette
