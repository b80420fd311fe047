#pragma once

#include "core/api/apierror.h"
#include "core/api/sseparser.h"
#include "core/util/clock.h"

#include <QByteArray>
#include <QHttpHeaders>
#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QNetworkReply;

namespace claudette {

class Client;

/**
 * One API request as the Client runs it: the HTTP exchange, its retries and timeouts, and for a
 * streamed request the server-sent events as they arrive.
 *
 * Made only by Client (which is its parent). It starts on the next turn of the event loop, so
 * the caller can connect to its signals (and add headers with setRawHeader()) first. Exactly
 * one of finished() or failed() is emitted, once; after that the call deletes itself
 * (deleteLater) unless setAutoDelete(false) was called. Accessors stay valid inside the slots.
 *
 * Streams: every event is emitted by sseEvent() as soon as its bytes arrived (ping included);
 * a consumer that needs no copies takes them through setEventHandler() instead (views into the
 * received bytes). eventsDelivered() follows the events of each network read.
 * An `error` event fails the call with kind Stream. A stream that ends before `message_stop`
 * (or inside an event) fails with kind Connection (the connection broke) or Protocol (it closed
 * cleanly but incomplete), after what arrived was delivered. A streamed request is retried only
 * while no event has been delivered.
 *
 * Redirects: a same-origin 307/308 is followed (RedirectPolicy, at most MaxHops); any other
 * 3xx fails the call with kind Redirect, naming the target, and nothing is sent there.
 */
class ApiCall : public QObject
{
    Q_OBJECT
public:
    enum class Kind
    {
        Json,       ///< an answer that must be JSON (finished() carries it)
        Raw,        ///< any answer (finished() carries it when it is JSON; body() has the bytes)
        Stream,     ///< server-sent events
        ModelPages, ///< GET /v1/models through every page; finished() gets all of `data`
    };

    struct Spec
    {
        QByteArray method = "GET";
        QString path;
        QUrlQuery query;
        QByteArray body;
        QByteArray contentType;
        Kind kind = Kind::Json;
    };

    ~ApiCall() override;

    Kind kind() const { return m_spec.kind; }
    bool isDone() const { return m_done; }
    /// The error the call failed with (kind None while running or after success).
    ApiError error() const { return m_error; }
    /// The `request-id` of the latest answer.
    QString requestId() const { return m_requestId; }
    /// The HTTP status of the latest answer (0 before one arrived).
    int httpStatus() const { return m_httpStatus; }
    QHttpHeaders responseHeaders() const { return m_headers; }
    /// Retries made so far (for ModelPages: for the current page).
    int retries() const { return m_retriesDone; }
    /// Events delivered by sseEvent().
    qint64 eventCount() const { return m_eventCount; }
    /// The body of the latest answer as received. For a stream with a 2xx status the bytes go
    /// to the SSE parser only, and this stays empty.
    QByteArray body() const { return m_body; }
    /// Pages fetched (ModelPages).
    int pageCount() const { return m_pages; }

    bool autoDelete() const { return m_autoDelete; }
    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }
    /// Adds or replaces a request header; effective for attempts started afterwards.
    void setRawHeader(const QByteArray &name, const QByteArray &value);

    /// Called synchronously for every delivered event (not `error`, which fails the call),
    /// before sseEvent(). The views are valid only during the call. The handler may cancel the
    /// call. An empty handler removes it.
    using EventHandler = std::function<void(const SseEventView &event)>;
    void setEventHandler(EventHandler handler) { m_eventHandler = std::move(handler); }

public Q_SLOTS:
    /// Stops the call: failed() with kind Cancelled. Events already delivered stay delivered.
    void cancel();

Q_SIGNALS:
    /// A 2xx answer's headers arrived.
    void responseStarted(int httpStatus, const QString &requestId);
    void sseEvent(const claudette::SseEvent &event);
    /// The events of one network read have all been delivered.
    void eventsDelivered();
    /// Success. @p json is the answer (null for a stream, an empty body or a Raw non-JSON body).
    void finished(const QJsonDocument &json);
    void failed(const claudette::ApiError &error);
    /// Retry number @p attempt (1-based) will start after @p delayMs because of @p error.
    void retrying(int attempt, qint64 delayMs, const claudette::ApiError &error);

private:
    friend class Client;
    ApiCall(Client *client, Spec spec);

    void start();
    void startAttempt();
    /// Sends the request to m_url (the attempt's URL, or where a redirect led).
    void sendRequest();
    /// Follows the 3xx answer (true) or fails the call with why not (RedirectPolicy).
    bool handleRedirect();
    void onReadyRead();
    void onReplyFinished();
    void onRequestTimeout();
    void onIdleCheck();
    void onDeadline();
    bool checkStatus();
    /// false when the call ended (or was destroyed) while delivering.
    bool deliverStreamBytes(QByteArrayView bytes);
    void attemptFailed(const ApiError &error, const QHttpHeaders &headers);
    void completeBody();
    void succeed(const QJsonDocument &json);
    void fail(const ApiError &error);
    void releaseReply();
    /// Stops the attempt's timers (not the deadline, which spans the attempts).
    void stopTimers();
    void armIdleTimer(qint64 delayMs);
    bool isSuccessStatus() const { return m_httpStatus >= 200 && m_httpStatus <= 299; }

    Client *m_client;
    Clock *m_clock;
    Spec m_spec;
    QUrl m_url; // where the current request goes
    QList<std::pair<QByteArray, QByteArray>> m_extraHeaders;
    EventHandler m_eventHandler;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    QByteArray m_readBuffer; // a stream's bytes on their way to m_parser
    QByteArray m_body;
    QHttpHeaders m_headers;
    QString m_requestId;
    ApiError m_error;
    QJsonArray m_pagedData;
    QString m_firstId;
    Clock::TimerId m_requestTimer = 0;
    Clock::TimerId m_idleTimer = 0;
    Clock::TimerId m_retryTimer = 0;
    Clock::TimerId m_deadlineTimer = 0;
    ApiError m_lastAttemptError; // why the latest attempt failed (for the deadline's message)
    qint64 m_lastActivityMs = 0;
    qint64 m_eventCount = 0;
    int m_httpStatus = 0;
    int m_retriesDone = 0;
    int m_redirects = 0; // followed in this attempt
    int m_pages = 0;
    bool m_statusChecked = false;
    bool m_sawMessageStop = false;
    bool m_done = false;
    bool m_autoDelete = true;
    bool m_delivering = false; // inside onReadyRead's delivery loop
};

} // namespace claudette

Q_DECLARE_METATYPE(claudette::SseEvent)
