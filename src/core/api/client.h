#pragma once

#include "core/api/apicall.h"
#include "core/api/credentials.h"
#include "core/api/retrypolicy.h"

#include <QJsonObject>
#include <QNetworkRequest>
#include <QObject>
#include <QStringList>

class QNetworkAccessManager;
class QNetworkProxy;

namespace claudette {

class MessageRequest;

class Clock;

/**
 * The Anthropic API over HTTP (QNetworkAccessManager). Sends the headers the API wants
 * (`x-api-key` and/or `authorization: Bearer`, `anthropic-version: 2023-06-01`, `content-type`,
 * `anthropic-beta` as a comma list, a user agent) to a configurable base URL, through the
 * system's proxy settings, and hands out one ApiCall per request. Credentials go to the base
 * URL's origin only: redirects are handled by ApiCall through RedirectPolicy, never by Qt. Retries
 * follow RetryPolicy; each attempt has a request timeout (default 10 minutes) that lasts until the
 * answer's headers arrive, as the SDK's `timeout` does; from there an idle timeout (default 5
 * minutes without a byte; a stream's pings are bytes) guards the body. An optional deadline
 * bounds the whole call: every attempt, redirect and retry wait.
 *
 * All waiting goes through a Clock (Clock::system() unless setClock() was called), so tests can
 * drive retries and timeouts by hand.
 */
class Client : public QObject
{
    Q_OBJECT
public:
    static constexpr QLatin1StringView ApiVersion{"2023-06-01"};
    static constexpr qint64 DefaultRequestTimeoutMs = 10 * 60 * 1000;
    static constexpr qint64 DefaultIdleTimeoutMs = 5 * 60 * 1000;
    static constexpr int DefaultModelPageSize = 100;

    explicit Client(QObject *parent = nullptr);
    explicit Client(const Credentials &credentials, QObject *parent = nullptr);
    ~Client() override;

    Credentials credentials() const { return m_credentials; }
    void setCredentials(const Credentials &credentials) { m_credentials = credentials; }
    QUrl baseUrl() const { return m_credentials.baseUrl(); }
    void setBaseUrl(const QUrl &url) { m_credentials.setBaseUrl(url); }
    QStringList betas() const { return m_betas; }
    /// Beta feature names sent as `anthropic-beta: a,b` on every request.
    void setBetas(const QStringList &betas) { m_betas = betas; }
    QByteArray userAgent() const { return m_userAgent; }
    void setUserAgent(const QByteArray &userAgent) { m_userAgent = userAgent; }

    RetryPolicy retryPolicy() const { return m_retryPolicy; }
    void setRetryPolicy(const RetryPolicy &policy) { m_retryPolicy = policy; }
    void setMaxRetries(int maxRetries) { m_retryPolicy.setMaxRetries(maxRetries); }

    Clock *clock() const { return m_clock; }
    /// Not owned; must outlive the client's calls. nullptr restores Clock::system().
    void setClock(Clock *clock);

    qint64 requestTimeoutMs() const { return m_requestTimeoutMs; }
    void setRequestTimeoutMs(qint64 ms) { m_requestTimeoutMs = ms; }
    qint64 idleTimeoutMs() const { return m_idleTimeoutMs; }
    /// 0 or less turns the idle timeout off.
    void setIdleTimeoutMs(qint64 ms) { m_idleTimeoutMs = ms; }
    qint64 deadlineMs() const { return m_deadlineMs; }
    /// The longest a call may take, retries and their waits included; 0 or less: no deadline.
    void setDeadlineMs(qint64 ms) { m_deadlineMs = ms; }

    QNetworkAccessManager *networkAccessManager() const { return m_nam; }
    /// Sends every call through @p proxy (an HTTP proxy as a tunnel, see ApiProxyFactory)
    /// instead of the system's proxies.
    void setProxy(const QNetworkProxy &proxy);

    /// `POST /v1/messages` without streaming; finished() carries the Message.
    ApiCall *createMessage(const QJsonObject &params);
    /// `POST /v1/messages` with `"stream": true`; sseEvent() per event.
    ApiCall *streamMessage(const QJsonObject &params);
    /// `POST /v1/messages/count_tokens`; finished() carries `{"input_tokens": N}`.
    ApiCall *countTokens(const QJsonObject &params);
    /// count_tokens for exactly what sending @p request would send: its countTokensBody(), with
    /// the betas the request needs (betasFor()).
    ApiCall *countTokens(const MessageRequest &request);
    /// The `anthropic-beta` values of a request: this client's, then the request's own.
    QStringList betasFor(const MessageRequest &request) const;
    /// `GET /v1/models` following `has_more`/`last_id` through every page; finished() carries
    /// `{"data": [all models], "has_more": false, "first_id", "last_id"}`.
    ApiCall *listModels(int pageSize = DefaultModelPageSize);
    /// `GET /v1/models/{id}`.
    ApiCall *retrieveModel(const QString &modelId);

    /// Generic requests for the other APIs (batches, files, ...). @p path starts with '/'.
    ApiCall *get(const QString &path, const QUrlQuery &query = {},
                 ApiCall::Kind kind = ApiCall::Kind::Json);
    ApiCall *post(const QString &path, const QJsonObject &body);
    ApiCall *postRaw(const QString &path, const QByteArray &body, const QByteArray &contentType,
                     ApiCall::Kind kind = ApiCall::Kind::Json);
    ApiCall *deleteResource(const QString &path);
    /// Any request.
    ApiCall *send(const ApiCall::Spec &spec);

    /// The URL for @p path under the base URL (a base URL's own path is kept as a prefix).
    QUrl urlFor(const QString &path, const QUrlQuery &query = {}) const;
    /// The request for @p url with every header the API needs (with @p contentType when not
    /// empty). The credentials are attached only when @p url has the base URL's origin
    /// (RedirectPolicy::isSameOrigin). Qt follows no redirect of it (ManualRedirectPolicy).
    QNetworkRequest makeRequest(const QUrl &url, const QByteArray &contentType) const;

private:
    Credentials m_credentials;
    QStringList m_betas;
    QByteArray m_userAgent;
    RetryPolicy m_retryPolicy;
    Clock *m_clock;
    QNetworkAccessManager *m_nam;
    qint64 m_requestTimeoutMs = DefaultRequestTimeoutMs;
    qint64 m_idleTimeoutMs = DefaultIdleTimeoutMs;
    qint64 m_deadlineMs = 0;
};

} // namespace claudette
