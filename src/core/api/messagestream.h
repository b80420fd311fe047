#pragma once

#include "core/api/accumulator.h"
#include "core/api/apierror.h"
#include "core/api/messagerequest.h"
#include "core/api/sseparser.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

namespace claudette {

class ApiCall;
class Client;

/**
 * One Messages request, streamed (`stream: true`, the default) or not: an ApiCall from the
 * Client feeding an Accumulator.
 *
 * While a stream arrives the accumulator's signals are re-emitted (messageStarted, blockStarted,
 * textAppended, ...) so a view can follow the reply as it grows, and every raw event is
 * emitted as eventReceived() (the CLI's `--events`). The deltas of one network read are joined:
 * textAppended(), thinkingAppended() and toolInputAppended() carry the text of every delta of
 * that read for a block in one piece (in order with the other signals). eventReceived() costs
 * nothing while nothing is connected to it. A non-streamed request emits only finished() or
 * failed().
 *
 * Exactly one of finished() or failed() is emitted per start():
 * - finished(message): the complete Message (the accumulated snapshot after `message_stop`, or
 *   the body of a non-streamed answer).
 * - failed(error, partialMessage): the request failed. @p partialMessage is what had arrived
 *   (the accumulated snapshot; empty when nothing had): a dropped connection, a stream that ended
 *   without `message_stop` and a mid-stream `error` event all keep it. cancel() fails with kind
 *   Cancelled and keeps what arrived too.
 *
 * The object does not own the ApiCall (the Client does) and can be started once.
 */
class MessageStream : public QObject
{
    Q_OBJECT
public:
    /// @p client must outlive the stream.
    MessageStream(Client *client, MessageRequest request, QObject *parent = nullptr);
    ~MessageStream() override;

    /// Streamed (default) or one non-streaming request. Set before start().
    void setStreaming(bool streaming) { m_streaming = streaming; }
    bool isStreaming() const { return m_streaming; }

    const MessageRequest &request() const { return m_request; }

    /// Sends the request. Does nothing when already started.
    void start();
    /// Stops the request; failed() follows at once with kind Cancelled and what had arrived.
    void cancel();

    bool isRunning() const { return m_started && !m_done; }
    bool isDone() const { return m_done; }
    /// The message so far (streaming), or the final / partial one when done.
    QJsonObject message() const;
    /// The `request-id` of the answer, once known.
    QString requestId() const;
    /// Events received so far (streaming only).
    qint64 eventCount() const { return m_eventCount; }

Q_SIGNALS:
    /// Every SSE event as it arrived, before it is applied.
    void eventReceived(const claudette::SseEvent &event);
    void messageStarted(const QJsonObject &message);
    void blockStarted(int index, const QJsonObject &block);
    void textAppended(int index, const QString &delta);
    void thinkingAppended(int index, const QString &delta);
    void toolInputAppended(int index, const QString &partialJson);
    void citationAdded(int index, const QJsonObject &citation);
    void signatureSet(int index);
    void blockStopped(int index);
    void messageDelta(const QJsonObject &delta, const QJsonObject &usage);
    /// The request is retried after @p delayMs (nothing of a stream had arrived yet).
    void retrying(int attempt, qint64 delayMs, const claudette::ApiError &error);
    void finished(const QJsonObject &message);
    void failed(const claudette::ApiError &error, const QJsonObject &partialMessage);

protected:
    void connectNotify(const QMetaMethod &signal) override;
    void disconnectNotify(const QMetaMethod &signal) override;

private:
    void onEvent(const SseEventView &event);
    void onCallFinished(const QJsonObject &body);
    void onCallFailed(const ApiError &error);
    void succeed(const QJsonObject &message);
    void fail(ApiError error);
    void detachCall();

    Client *m_client;
    MessageRequest m_request;
    Accumulator m_accumulator;
    QPointer<ApiCall> m_call;
    QJsonObject m_final;
    QString m_requestId;
    qint64 m_eventCount = 0;
    bool m_eventListened = false;    // eventReceived is connected (copies are made only then)
    bool m_recheckListeners = false; // something was disconnected: ask again at the next event
    bool m_streaming = true;
    bool m_started = false;
    bool m_done = false;
};

} // namespace claudette
