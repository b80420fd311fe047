#include "core/api/apicall.h"

#include "core/api/client.h"
#include "core/api/credentials.h"
#include "core/api/redirectpolicy.h"
#include "core/api/retrypolicy.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMetaMethod>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace claudette {

Q_LOGGING_CATEGORY(lcApi, "claudette.api", QtInfoMsg)

namespace {
// How far the network thread may read ahead of a stream's consumer, and the largest piece
// handed to the SSE parser at once.
constexpr qint64 kStreamReadBufferSize = 256 * 1024;
} // namespace

ApiCall::ApiCall(Client *client, Spec spec)
    : QObject(client)
    , m_client(client)
    , m_clock(client->clock())
    , m_spec(std::move(spec))
{
    qRegisterMetaType<SseEvent>();
    qRegisterMetaType<ApiError>();
    QMetaObject::invokeMethod(this, &ApiCall::start, Qt::QueuedConnection);
}

ApiCall::~ApiCall()
{
    stopTimers();
    if (m_deadlineTimer)
        m_clock->cancel(m_deadlineTimer);
    releaseReply();
}

void ApiCall::setRawHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &header : m_extraHeaders) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0) {
            header.second = value;
            return;
        }
    }
    m_extraHeaders.append({name, value});
}

void ApiCall::start()
{
    if (m_done)
        return;
    if (m_client->deadlineMs() > 0)
        m_deadlineTimer =
            m_clock->callAfter(m_client->deadlineMs(), this, [this] { onDeadline(); });
    startAttempt();
}

void ApiCall::startAttempt()
{
    m_retryTimer = 0;
    // Every attempt starts at the API's own URL, whatever an earlier one was redirected to.
    m_url = m_client->urlFor(m_spec.path, m_spec.query);
    m_redirects = 0;
    sendRequest();
    m_lastActivityMs = m_clock->monotonicMs();
    if (m_client->requestTimeoutMs() > 0)
        m_requestTimer =
            m_clock->callAfter(m_client->requestTimeoutMs(), this, [this] { onRequestTimeout(); });
}

void ApiCall::sendRequest()
{
    releaseReply();
    m_parser.reset();
    m_body.clear();
    m_headers.clear();
    m_httpStatus = 0;
    m_statusChecked = false;
    m_sawMessageStop = false;

    QNetworkRequest request = m_client->makeRequest(m_url, m_spec.contentType);
    const bool toOrigin = RedirectPolicy::isSameOrigin(m_url, m_client->baseUrl());
    for (const auto &[name, value] : std::as_const(m_extraHeaders)) {
        if (toOrigin || !Credentials::isCredentialHeader(name))
            request.setRawHeader(name, value);
    }

    QNetworkAccessManager *nam = m_client->networkAccessManager();
    QNetworkReply *reply = nullptr;
    if (m_spec.method == "GET")
        reply = nam->get(request);
    else if (m_spec.method == "POST")
        reply = nam->post(request, m_spec.body);
    else if (m_spec.method == "DELETE" && m_spec.body.isEmpty())
        reply = nam->deleteResource(request);
    else
        reply = nam->sendCustomRequest(request, m_spec.method, m_spec.body);
    reply->setParent(this);
    if (m_spec.kind == Kind::Stream) {
        // Back-pressure: the network thread reads no further ahead than this, so a fast long
        // stream is handled in cache-warm pieces instead of piling up (tens of MB) in memory.
        reply->setReadBufferSize(kStreamReadBufferSize);
    }
    m_reply = reply;
    connect(reply, &QNetworkReply::readyRead, this, &ApiCall::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &ApiCall::onReplyFinished);
    // The headers may come well before the body's first byte: the request timeout ends there.
    connect(reply, &QNetworkReply::metaDataChanged, this, [this] {
        if (m_reply && !m_done)
            checkStatus();
    });
}

bool ApiCall::handleRedirect()
{
    const RedirectPolicy::Decision decision =
        RedirectPolicy::decide(m_httpStatus, m_headers.value("location").toByteArray(), m_url,
                               m_client->baseUrl(), m_redirects, m_requestId);
    if (!decision.follow) {
        qCInfo(lcApi) << "redirect refused" << decision.error;
        fail(decision.error);
        return false;
    }
    qCInfo(lcApi) << "following" << m_httpStatus << "to"
                  << RedirectPolicy::displayUrl(decision.target);
    ++m_redirects;
    m_url = decision.target;
    // The request timeout keeps running: it covers the redirects, as fetch's does in the SDK.
    sendRequest();
    return true;
}

bool ApiCall::checkStatus()
{
    if (m_statusChecked || !m_reply)
        return m_statusChecked;
    const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid())
        return false;
    m_statusChecked = true;
    m_httpStatus = status.toInt();
    m_headers = m_reply->headers();
    const QString id = QString::fromLatin1(m_headers.value("request-id")).trimmed();
    if (!id.isEmpty())
        m_requestId = id;
    // The request timeout ends with the headers (the SDK's meaning), those of a redirect
    // excepted; from here the idle timeout guards the body, which for a stream may rightly run
    // for long.
    if (!RedirectPolicy::isRedirectStatus(m_httpStatus)) {
        if (m_requestTimer) {
            m_clock->cancel(m_requestTimer);
            m_requestTimer = 0;
        }
        m_lastActivityMs = m_clock->monotonicMs();
        if (m_client->idleTimeoutMs() > 0 && !m_idleTimer)
            armIdleTimer(m_client->idleTimeoutMs());
    }
    if (isSuccessStatus()) {
        const QPointer<ApiCall> guard(this);
        Q_EMIT responseStarted(m_httpStatus, m_requestId);
        if (!guard || m_done)
            return false;
    }
    return true;
}

void ApiCall::onReadyRead()
{
    if (!m_reply || m_done)
        return;
    if (!checkStatus())
        return;
    m_lastActivityMs = m_clock->monotonicMs();
    if (m_spec.kind == Kind::Stream && isSuccessStatus()) {
        // The events are the answer: the raw bytes are not kept (a long reply is tens of MB),
        // and they pass through one reused buffer. A slot running a nested event loop must not
        // reuse it under the parser: the outer loop below reads what arrived meanwhile.
        if (m_delivering)
            return;
        const QPointer<ApiCall> guard(this);
        m_delivering = true;
        while (!m_done && m_reply && m_reply->bytesAvailable() > 0) {
            m_readBuffer.resize(qMin<qint64>(m_reply->bytesAvailable(), kStreamReadBufferSize));
            const qint64 n = m_reply->read(m_readBuffer.data(), m_readBuffer.size());
            if (n <= 0)
                break;
            if (!deliverStreamBytes(QByteArrayView(m_readBuffer).first(n)))
                break;
        }
        if (guard)
            m_delivering = false;
        return;
    }
    m_body += m_reply->readAll();
}

bool ApiCall::deliverStreamBytes(QByteArrayView bytes)
{
    const QPointer<ApiCall> guard(this);
    static const QMetaMethod sseEventSignal = QMetaMethod::fromSignal(&ApiCall::sseEvent);
    // Looked up once per read: copies of the events are made only for a connected slot.
    const bool copies = isSignalConnected(sseEventSignal);
    const bool delivered = m_parser.feed(bytes, [&](const SseEventView &event) {
        if (event.type == "error") {
            ApiError error = ApiError::fromStreamErrorEvent(event.data.toByteArray(), m_requestId);
            qCInfo(lcApi) << "stream error event" << error;
            fail(error);
            return false;
        }
        ++m_eventCount;
        if (event.type == "message_stop")
            m_sawMessageStop = true;
        if (m_eventHandler) {
            const EventHandler handler = m_eventHandler; // it may be replaced while it runs
            handler(event);
            if (!guard || m_done)
                return false;
        }
        if (copies) {
            Q_EMIT sseEvent(event.toEvent());
            if (!guard || m_done)
                return false;
        }
        return true;
    });
    if (!delivered || !guard || m_done)
        return false;
    Q_EMIT eventsDelivered();
    return guard && !m_done;
}

void ApiCall::onReplyFinished()
{
    if (!m_reply || m_done)
        return;
    if (m_delivering) {
        // Finished inside a nested event loop of a slot: the delivery loop has bytes to hand
        // on first.
        QMetaObject::invokeMethod(this, &ApiCall::onReplyFinished, Qt::QueuedConnection);
        return;
    }
    QNetworkReply *reply = m_reply;
    const QPointer<ApiCall> guard(this);
    checkStatus();
    if (!guard || m_done)
        return;
    if (m_statusChecked && reply->bytesAvailable() > 0) {
        onReadyRead();
        if (!guard || m_done)
            return;
    }
    const QNetworkReply::NetworkError netError = reply->error();
    const QString netErrorString = reply->errorString();

    if (!m_statusChecked && netError == QNetworkReply::ProxyAuthenticationRequiredError) {
        // Not retried: the same proxy asks the same again. Through the tunnel (ApiProxyFactory)
        // it saw no API key.
        const QNetworkProxy proxy = m_client->networkAccessManager()->proxyFactory()
                                        ? m_client->networkAccessManager()
                                              ->proxyFactory()
                                              ->queryProxy(QNetworkProxyQuery(m_url))
                                              .value(0)
                                        : m_client->networkAccessManager()->proxy();
        ApiError error = ApiError::make(
            ApiError::Kind::Http,
            tr("The proxy %1:%2 asked for authentication (HTTP 407) and none is configured; the "
               "request and its API key were not sent through it. Give the proxy's user and "
               "password in its setting (e.g. https_proxy=http://USER:PASSWORD@HOST:PORT).")
                .arg(proxy.hostName())
                .arg(proxy.port()),
            m_requestId);
        error.httpStatus = 407;
        error.type = u"proxy_authentication_required"_s;
        fail(error);
        return;
    }
    if (!m_statusChecked) {
        ApiError error = ApiError::make(ApiError::Kind::Connection, netErrorString, m_requestId);
        attemptFailed(error, {});
        return;
    }
    if (RedirectPolicy::isRedirectStatus(m_httpStatus)) {
        handleRedirect();
        return;
    }
    if (!isSuccessStatus()) {
        if (netError != QNetworkReply::NoError && m_body.isEmpty() &&
            netError < QNetworkReply::ContentAccessDenied) {
            // The status line came, then the connection broke before the body.
            attemptFailed(ApiError::make(ApiError::Kind::Connection, netErrorString, m_requestId),
                          {});
            return;
        }
        attemptFailed(ApiError::fromHttp(m_httpStatus, m_headers, m_body, m_clock->nowUtc()),
                      m_headers);
        return;
    }
    // A 2xx answer whose connection broke: QNetworkReply reports transport errors below
    // ContentAccessDenied (the HTTP-status errors start there).
    const bool broken =
        netError != QNetworkReply::NoError && netError < QNetworkReply::ContentAccessDenied;
    if (m_spec.kind == Kind::Stream) {
        if (broken) {
            attemptFailed(ApiError::make(ApiError::Kind::Connection,
                                         tr("The connection closed before the reply was "
                                            "complete: %1")
                                             .arg(netErrorString),
                                         m_requestId),
                          {});
            return;
        }
        if (m_parser.hasPendingEvent() || !m_sawMessageStop) {
            const QString why = m_parser.hasPendingEvent()
                                    ? tr("The stream ended inside an event.")
                                    : tr("The stream ended before message_stop.");
            ApiError error = ApiError::make(ApiError::Kind::Protocol, why, m_requestId);
            error.httpStatus = m_httpStatus;
            fail(error);
            return;
        }
        succeed(QJsonDocument());
        return;
    }
    if (broken) {
        attemptFailed(ApiError::make(ApiError::Kind::Connection, netErrorString, m_requestId), {});
        return;
    }
    completeBody();
}

void ApiCall::completeBody()
{
    QJsonDocument doc;
    if (!m_body.trimmed().isEmpty()) {
        QJsonParseError parseError{};
        doc = QJsonDocument::fromJson(m_body, &parseError);
        if (parseError.error != QJsonParseError::NoError && m_spec.kind != Kind::Raw) {
            ApiError error = ApiError::make(ApiError::Kind::Protocol,
                                            tr("The answer is not valid JSON (%1 at offset %2).")
                                                .arg(parseError.errorString())
                                                .arg(parseError.offset),
                                            m_requestId);
            error.httpStatus = m_httpStatus;
            error.body = m_body.left(4096);
            fail(error);
            return;
        }
    }
    if (m_spec.kind != Kind::ModelPages) {
        succeed(doc);
        return;
    }

    const QJsonObject page = doc.object();
    if (!doc.isObject() || !page.value("data"_L1).isArray()) {
        ApiError error = ApiError::make(ApiError::Kind::Protocol,
                                        tr("The model list has no \"data\" array."), m_requestId);
        error.httpStatus = m_httpStatus;
        fail(error);
        return;
    }
    ++m_pages;
    const QJsonArray data = page.value("data"_L1).toArray();
    for (const auto &model : data)
        m_pagedData.append(model);
    if (m_pages == 1)
        m_firstId = page.value("first_id"_L1).toString();
    const QString lastId = page.value("last_id"_L1).toString();
    if (page.value("has_more"_L1).toBool() && !lastId.isEmpty()) {
        if (m_spec.query.queryItemValue(u"after_id"_s) == lastId) {
            fail(ApiError::make(ApiError::Kind::Protocol,
                                tr("The model list repeats the page after %1.").arg(lastId),
                                m_requestId));
            return;
        }
        m_spec.query.removeAllQueryItems(u"after_id"_s);
        m_spec.query.addQueryItem(u"after_id"_s, lastId);
        m_retriesDone = 0;
        stopTimers();
        startAttempt();
        return;
    }
    QJsonObject all{{u"data"_s, m_pagedData}, {u"has_more"_s, false}};
    all.insert(u"first_id"_s, m_firstId.isEmpty() ? QJsonValue() : QJsonValue(m_firstId));
    const QString last = m_pagedData.isEmpty() ? QString() : m_pagedData.last()["id"_L1].toString();
    all.insert(u"last_id"_s, last.isEmpty() ? QJsonValue() : QJsonValue(last));
    succeed(QJsonDocument(all));
}

void ApiCall::onRequestTimeout()
{
    m_requestTimer = 0;
    if (m_done)
        return;
    attemptFailed(ApiError::make(ApiError::Kind::Timeout,
                                 tr("No answer (no response headers) within the request timeout "
                                    "of %1 s.")
                                     .arg(double(m_client->requestTimeoutMs()) / 1000.0),
                                 m_requestId),
                  {});
}

void ApiCall::armIdleTimer(qint64 delayMs)
{
    m_idleTimer = m_clock->callAfter(delayMs, this, [this] { onIdleCheck(); });
}

void ApiCall::onIdleCheck()
{
    m_idleTimer = 0;
    if (m_done || !m_reply)
        return;
    const qint64 idle = m_clock->monotonicMs() - m_lastActivityMs;
    const qint64 limit = m_client->idleTimeoutMs();
    if (idle < limit) {
        // Bytes came since the timer was armed: wait for the rest of the window only, so a
        // busy stream costs one timer per window, not one per read.
        armIdleTimer(limit - idle);
        return;
    }
    const QString seconds = QString::number(double(limit) / 1000.0);
    const QString message =
        m_spec.kind == Kind::Stream
            ? tr("No data for %1 s (the idle timeout) after %2 events of the stream.")
                  .arg(seconds)
                  .arg(m_eventCount)
            : tr("No data for %1 s (the idle timeout) while the answer was arriving.").arg(seconds);
    attemptFailed(ApiError::make(ApiError::Kind::IdleTimeout, message, m_requestId), {});
}

void ApiCall::onDeadline()
{
    m_deadlineTimer = 0;
    if (m_done)
        return;
    QString message = tr("The request did not complete within its deadline of %1 s (retries and "
                         "their waits included).")
                          .arg(double(m_client->deadlineMs()) / 1000.0);
    if (m_lastAttemptError.isError())
        message += u' ' + tr("The last attempt had failed: %1").arg(m_lastAttemptError.toString());
    ApiError error = ApiError::make(ApiError::Kind::Deadline, message, m_requestId);
    error.httpStatus = m_httpStatus;
    fail(error);
}

void ApiCall::attemptFailed(const ApiError &error, const QHttpHeaders &headers)
{
    stopTimers();
    m_lastAttemptError = error;
    releaseReply();
    // What a stream already delivered cannot be taken back, so it is never repeated.
    if (m_spec.kind == Kind::Stream && m_eventCount > 0) {
        fail(error);
        return;
    }
    const RetryPolicy policy = m_client->retryPolicy();
    const RetryPolicy::Decision decision =
        policy.decide(error, headers, m_retriesDone, m_clock->nowUtc());
    if (!decision.retry) {
        if (decision.serverDelayTooLong)
            qCInfo(lcApi) << "not retrying: the server asks to wait"
                          << error.retryAfterMs.value_or(0) << "ms";
        fail(error);
        return;
    }
    ++m_retriesDone;
    qCInfo(lcApi) << "retry" << m_retriesDone << "in" << decision.delayMs << "ms after" << error;
    const QPointer<ApiCall> guard(this);
    Q_EMIT retrying(m_retriesDone, decision.delayMs, error);
    if (!guard || m_done)
        return;
    m_retryTimer = m_clock->callAfter(decision.delayMs, this, [this] { startAttempt(); });
}

void ApiCall::cancel()
{
    if (m_done)
        return;
    fail(ApiError::make(ApiError::Kind::Cancelled, tr("The request was cancelled."), m_requestId));
}

void ApiCall::succeed(const QJsonDocument &json)
{
    m_done = true;
    stopTimers();
    if (m_deadlineTimer)
        m_clock->cancel(m_deadlineTimer);
    m_deadlineTimer = 0;
    releaseReply();
    Q_EMIT finished(json);
    if (m_autoDelete)
        deleteLater();
}

void ApiCall::fail(const ApiError &error)
{
    m_done = true;
    m_error = error;
    stopTimers();
    if (m_deadlineTimer)
        m_clock->cancel(m_deadlineTimer);
    m_deadlineTimer = 0;
    releaseReply();
    Q_EMIT failed(error);
    if (m_autoDelete)
        deleteLater();
}

void ApiCall::releaseReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

void ApiCall::stopTimers()
{
    for (Clock::TimerId *id : {&m_requestTimer, &m_idleTimer, &m_retryTimer}) {
        if (*id)
            m_clock->cancel(*id);
        *id = 0;
    }
}

} // namespace claudette
