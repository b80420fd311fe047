#include "core/api/messagestream.h"

#include "core/api/apicall.h"
#include "core/api/client.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMetaMethod>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {
Q_LOGGING_CATEGORY(lcStream, "claudette.api.stream")
} // namespace

MessageStream::MessageStream(Client *client, MessageRequest request, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_request(std::move(request))
{
    // Deltas of one network read reach the signals below joined (one textAppended per block
    // and read): a fast stream costs a few signals per read, not one per event.
    m_accumulator.setCoalescing(true);
    connect(&m_accumulator, &Accumulator::messageStarted, this, &MessageStream::messageStarted);
    connect(&m_accumulator, &Accumulator::blockStarted, this, &MessageStream::blockStarted);
    connect(&m_accumulator, &Accumulator::textAppended, this, &MessageStream::textAppended);
    connect(&m_accumulator, &Accumulator::thinkingAppended, this, &MessageStream::thinkingAppended);
    connect(&m_accumulator, &Accumulator::toolInputAppended, this,
            &MessageStream::toolInputAppended);
    connect(&m_accumulator, &Accumulator::citationAdded, this, &MessageStream::citationAdded);
    connect(&m_accumulator, &Accumulator::signatureSet, this, &MessageStream::signatureSet);
    connect(&m_accumulator, &Accumulator::blockStopped, this, &MessageStream::blockStopped);
    connect(&m_accumulator, &Accumulator::messageDelta, this, &MessageStream::messageDelta);
}

MessageStream::~MessageStream()
{
    if (m_call && !m_done) {
        detachCall();
        if (m_call)
            m_call->cancel();
    }
}

void MessageStream::start()
{
    if (m_started)
        return;
    m_started = true;
    MessageRequest request = m_request;
    request.setStream(m_streaming ? std::optional<bool>(true) : std::nullopt);
    m_call = m_streaming ? m_client->streamMessage(request.toJson())
                         : m_client->createMessage(request.toJson());
    if (!m_call) {
        fail(ApiError::make(ApiError::Kind::Connection, tr("the request could not be sent")));
        return;
    }
    // The call starts on the next turn of the event loop, so the header can still be set.
    if (const QStringList betas = m_client->betasFor(request); !betas.isEmpty())
        m_call->setRawHeader("anthropic-beta", betas.join(u',').toUtf8());
    m_call->setEventHandler([this](const SseEventView &event) { onEvent(event); });
    connect(m_call, &ApiCall::eventsDelivered, &m_accumulator, &Accumulator::flushDeltas);
    connect(m_call, &ApiCall::retrying, this, &MessageStream::retrying);
    connect(m_call, &ApiCall::finished, this,
            [this](const QJsonDocument &body) { onCallFinished(body.object()); });
    connect(m_call, &ApiCall::failed, this, &MessageStream::onCallFailed);
}

void MessageStream::cancel()
{
    if (!m_started || m_done)
        return;
    QPointer<ApiCall> call = m_call;
    detachCall();
    if (call)
        call->cancel();
    fail(ApiError::make(ApiError::Kind::Cancelled, tr("stopped by the user"), m_requestId));
}

QJsonObject MessageStream::message() const
{
    if (m_done)
        return m_final;
    return m_accumulator.isStarted() ? m_accumulator.message() : QJsonObject();
}

QString MessageStream::requestId() const
{
    if (!m_requestId.isEmpty())
        return m_requestId;
    return m_call ? m_call->requestId() : QString();
}

void MessageStream::onEvent(const SseEventView &event)
{
    if (m_done)
        return;
    if (m_requestId.isEmpty() && m_call)
        m_requestId = m_call->requestId();
    ++m_eventCount;
    if (m_recheckListeners) {
        m_recheckListeners = false;
        m_eventListened = isSignalConnected(QMetaMethod::fromSignal(&MessageStream::eventReceived));
    }
    if (m_eventListened) {
        Q_EMIT eventReceived(event.toEvent());
        if (m_done) // a slot of eventReceived cancelled us
            return;
    }
    if (m_accumulator.applyEvent(event.type, event.data))
        return;
    // A mid-stream `error` event ends the reply with the API's error; any other refusal is a
    // malformed stream we cannot continue. Either way what arrived is kept.
    QPointer<ApiCall> call = m_call;
    detachCall();
    if (call)
        call->cancel();
    if (event.type == "error")
        fail(ApiError::fromStreamErrorEvent(event.data.toByteArray(), m_requestId));
    else
        fail(ApiError::make(ApiError::Kind::Protocol, m_accumulator.error(), m_requestId));
}

void MessageStream::onCallFinished(const QJsonObject &body)
{
    if (m_done)
        return;
    if (m_call && m_requestId.isEmpty())
        m_requestId = m_call->requestId();
    if (!m_streaming) {
        if (body.value("type"_L1).toString() != "message"_L1 || !body.contains("content"_L1)) {
            fail(ApiError::make(ApiError::Kind::Protocol, tr("the answer is not a Message object"),
                                m_requestId));
            return;
        }
        succeed(body);
        return;
    }
    if (!m_accumulator.isFinished() && !m_accumulator.endOfStream()) {
        const QString why = m_accumulator.error().isEmpty()
                                ? tr("the stream ended before message_stop")
                                : m_accumulator.error();
        fail(ApiError::make(ApiError::Kind::Protocol, why, m_requestId));
        return;
    }
    succeed(m_accumulator.message());
}

void MessageStream::onCallFailed(const ApiError &error)
{
    if (m_done)
        return;
    ApiError e = error;
    if (e.requestId.isEmpty())
        e.requestId = m_requestId.isEmpty() && m_call ? m_call->requestId() : m_requestId;
    fail(e);
}

void MessageStream::succeed(const QJsonObject &message)
{
    m_accumulator.flushDeltas();
    detachCall();
    m_done = true;
    m_final = message;
    Q_EMIT finished(m_final);
}

void MessageStream::fail(ApiError error)
{
    m_accumulator.flushDeltas();
    detachCall();
    m_done = true;
    if (error.requestId.isEmpty())
        error.requestId = m_requestId;
    m_requestId = error.requestId;
    m_final = m_accumulator.isStarted() ? m_accumulator.message() : QJsonObject();
    qCInfo(lcStream) << "request failed:" << ApiError::kindName(error.kind) << error.type
                     << error.message << "request id" << error.requestId;
    Q_EMIT failed(error, m_final);
}

void MessageStream::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&MessageStream::eventReceived))
        m_eventListened = true;
}

void MessageStream::disconnectNotify(const QMetaMethod &signal)
{
    // Qt may call this with one of its internal mutexes held, so no QObject function may be
    // called here: isSignalConnected() deadlocked when the receiver going away shared that mutex
    // with this object. The next event asks instead. An invalid method stands for everything.
    if (signal == QMetaMethod::fromSignal(&MessageStream::eventReceived) || !signal.isValid())
        m_recheckListeners = true;
}

void MessageStream::detachCall()
{
    if (!m_call)
        return;
    m_call->setEventHandler({});
    disconnect(m_call, nullptr, this, nullptr);
    disconnect(m_call, nullptr, &m_accumulator, nullptr);
}

} // namespace claudette
