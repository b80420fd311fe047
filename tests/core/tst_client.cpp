#include "core/api/client.h"
#include "core/api/sseparser.h"
#include "support/fakeapirig.h"
#include "support/fakeapiserver.h"
#include "support/fakeclock.h"
#include "support/testdata.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using claudette::ApiCall;
using claudette::ApiError;
using claudette::Client;
using claudette::Credentials;
using claudette::SseEvent;
using claudette::SseParser;
using claudette::test::FakeApiRig;
using claudette::test::FakeApiServer;
using claudette::test::FakeClock;

namespace {

constexpr int WaitMs = 15000;

QJsonObject messageParams()
{
    return QJsonObject{{u"model"_s, u"claude-sonnet-4-5"_s},
                       {u"max_tokens"_s, 64},
                       {u"messages"_s, QJsonArray{QJsonObject{{u"role"_s, u"user"_s},
                                                              {u"content"_s, u"Hello"_s}}}}};
}

QList<SseEvent> eventsOf(const QByteArray &bytes)
{
    SseParser parser;
    return parser.feed(bytes);
}

QList<SseEvent> collected(const QSignalSpy &spy)
{
    QList<SseEvent> events;
    for (const QList<QVariant> &args : spy)
        events.append(args.at(0).value<SseEvent>());
    return events;
}

ApiError errorOf(const QSignalSpy &spy)
{
    return spy.isEmpty() ? ApiError() : spy.first().at(0).value<ApiError>();
}

} // namespace

class TestClient : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeApiRig> m_api;
    std::unique_ptr<FakeClock> m_clock;

    void addRule(const QJsonObject &rule)
    {
        QVERIFY2(m_api->server()->addRule(rule, claudette::test::dataPath(QString())),
                 qPrintable(m_api->server()->errorString()));
    }

private Q_SLOTS:
    void init()
    {
        m_api = std::make_unique<FakeApiRig>(u"sk-ant-test-key"_s);
        QVERIFY2(m_api->isReady(), qPrintable(m_api->errorString()));
        m_clock = std::make_unique<FakeClock>();
        m_api->client()->setClock(m_clock.get());
        m_api->client()->setRetryPolicy(claudette::RetryPolicy(2, [] { return 0.0; }));
    }

    void cleanup()
    {
        m_api.reset();
        m_clock.reset();
    }

    void headersSent_data()
    {
        QTest::addColumn<QString>("apiKey");
        QTest::addColumn<QString>("authToken");
        QTest::addColumn<QStringList>("betas");
        QTest::newRow("api key") << u"sk-ant-key"_s << QString() << QStringList();
        QTest::newRow("auth token") << QString() << u"tok-123"_s << QStringList();
        QTest::newRow("both, betas")
            << u"sk-ant-key"_s << u"tok-123"_s
            << QStringList{u"files-api-2025-04-14"_s, u"context-1m-2025-08-07"_s};
    }

    void headersSent()
    {
        QFETCH(QString, apiKey);
        QFETCH(QString, authToken);
        QFETCH(QStringList, betas);
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"body_file"_s, u"json/text_end_turn__vercel.json"_s}});
        Credentials credentials;
        credentials.setApiKey(apiKey);
        credentials.setAuthToken(authToken);
        credentials.setBaseUrl(m_api->server()->url());
        m_api->client()->setCredentials(credentials);
        m_api->client()->setBetas(betas);

        ApiCall *call = m_api->client()->createMessage(messageParams());
        QSignalSpy finished(call, &ApiCall::finished);
        QVERIFY(finished.wait(WaitMs));

        QCOMPARE(m_api->server()->requests().size(), 1);
        const FakeApiServer::Request request = m_api->server()->requests().constFirst();
        QCOMPARE(request.method, "POST");
        QCOMPARE(request.path, "/v1/messages");
        QCOMPARE(request.header("x-api-key"), apiKey.toUtf8());
        QCOMPARE(request.hasHeader("x-api-key"), !apiKey.isEmpty());
        QCOMPARE(request.header("authorization"),
                 authToken.isEmpty() ? QByteArray() : "Bearer " + authToken.toUtf8());
        QCOMPARE(request.header("anthropic-version"), "2023-06-01");
        QCOMPARE(request.header("content-type"), "application/json");
        QCOMPARE(request.header("anthropic-beta"), betas.join(u',').toUtf8());
        QCOMPARE(request.hasHeader("anthropic-beta"), !betas.isEmpty());
        QVERIFY(request.header("user-agent").startsWith("claudette-qt/"));
    }

    void createMessageJson()
    {
        addRule(
            {{u"match"_s, QJsonObject{{u"method"_s, u"POST"_s}, {u"path"_s, u"/v1/messages"_s}}},
             {u"body_file"_s, u"json/text_end_turn__vercel.json"_s},
             {u"headers"_s, QJsonObject{{u"request-id"_s, u"req_json_1"_s}}}});
        QJsonObject params = messageParams();
        params.insert(u"stream"_s, true); // createMessage never streams
        ApiCall *call = m_api->client()->createMessage(params);
        QSignalSpy finished(call, &ApiCall::finished);
        QSignalSpy failed(call, &ApiCall::failed);
        QString requestId;
        connect(call, &ApiCall::finished, this, [&] { requestId = call->requestId(); });
        QVERIFY(finished.wait(WaitMs));
        QCOMPARE(failed.count(), 0);
        const QJsonDocument expected = QJsonDocument::fromJson(
            claudette::test::readData(u"json/text_end_turn__vercel.json"_s));
        QCOMPARE(finished.first().at(0).toJsonDocument(), expected);
        QCOMPARE(requestId, u"req_json_1"_s);
        const QJsonObject sent = m_api->server()->requests().constFirst().json().object();
        QVERIFY(!sent.contains(u"stream"_s));
        QCOMPARE(sent.value(u"model"_s).toString(), u"claude-sonnet-4-5"_s);
    }

    void streaming_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QJsonValue>("chunk");
        QTest::addColumn<int>("dripMs");
        QTest::addColumn<QString>("transfer");
        QTest::newRow("short, whole") << u"sse/plain_text_short__pydantic-ai.sse"_s
                                      << QJsonValue(u"all"_s) << 0 << u"length"_s;
        QTest::newRow("short, 1-byte chunks, dripped")
            << u"sse/plain_text_short__pydantic-ai.sse"_s << QJsonValue(1) << 1 << u"length"_s;
        QTest::newRow("plain, 1-byte chunks")
            << u"sse/plain_text__llm-anthropic.sse"_s << QJsonValue(1) << 0 << u"chunked"_s;
        QTest::newRow("thinking, random chunks")
            << u"sse/thinking_signature_delta__pydantic-ai.sse"_s << QJsonValue(u"random"_s) << 0
            << u"close"_s;
        QTest::newRow("thinking, 7-byte chunks")
            << u"sse/thinking_signature_delta__pydantic-ai.sse"_s << QJsonValue(7) << 0
            << u"length"_s;
    }

    void streaming()
    {
        QFETCH(QString, fixture);
        QFETCH(QJsonValue, chunk);
        QFETCH(int, dripMs);
        QFETCH(QString, transfer);
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"body_file"_s, fixture},
                 {u"chunk"_s, chunk},
                 {u"seed"_s, 7},
                 {u"drip_ms"_s, dripMs},
                 {u"transfer"_s, transfer}});
        ApiCall *call = m_api->client()->streamMessage(messageParams());
        QSignalSpy events(call, &ApiCall::sseEvent);
        QSignalSpy finished(call, &ApiCall::finished);
        QSignalSpy failed(call, &ApiCall::failed);
        QVERIFY(finished.wait(WaitMs));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(collected(events), eventsOf(claudette::test::readData(fixture)));
        QCOMPARE(m_api->server()->requests().constFirst().json()[u"stream"_s].toBool(), true);
    }

    void droppedConnectionMidStream()
    {
        const QByteArray bytes = claudette::test::readData(u"sse/plain_text__llm-anthropic.sse"_s);
        const qsizetype cut = bytes.size() / 2;
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"body_file"_s, u"sse/plain_text__llm-anthropic.sse"_s},
                 {u"close_after_bytes"_s, qint64(cut)},
                 {u"headers"_s, QJsonObject{{u"request-id"_s, u"req_drop"_s}}}});
        ApiCall *call = m_api->client()->streamMessage(messageParams());
        QSignalSpy events(call, &ApiCall::sseEvent);
        QSignalSpy failed(call, &ApiCall::failed);
        QSignalSpy retrying(call, &ApiCall::retrying);
        QVERIFY(failed.wait(WaitMs));
        const ApiError error = errorOf(failed);
        QVERIFY2(error.kind == ApiError::Kind::Connection || error.kind == ApiError::Kind::Protocol,
                 qPrintable(error.toString()));
        QCOMPARE(error.requestId, u"req_drop"_s);
        // Everything complete before the cut was delivered, nothing after it.
        QCOMPARE(collected(events), eventsOf(bytes.left(cut)));
        QVERIFY(events.count() > 0);
        // Events were delivered, so the request is not repeated.
        QCOMPARE(retrying.count(), 0);
        QCOMPARE(m_api->server()->requests().size(), 1);
    }

    void droppedBeforeAnyEventIsRetried()
    {
        // Two answers cut before their first event was complete, then a whole one.
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"body_file"_s, u"sse/plain_text_short__pydantic-ai.sse"_s},
                 {u"close_after_bytes"_s, 10},
                 {u"times"_s, 2}});
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"body_file"_s, u"sse/plain_text_short__pydantic-ai.sse"_s}});
        ApiCall *call = m_api->client()->streamMessage(messageParams());
        QSignalSpy events(call, &ApiCall::sseEvent);
        QSignalSpy finished(call, &ApiCall::finished);
        QSignalSpy retrying(call, &ApiCall::retrying);
        QTRY_COMPARE_WITH_TIMEOUT(retrying.count(), 1, WaitMs);
        QCOMPARE(retrying.at(0).at(0).toInt(), 1);
        QCOMPARE(retrying.at(0).at(1).toLongLong(), 500);
        QCOMPARE(retrying.at(0).at(2).value<ApiError>().kind, ApiError::Kind::Connection);
        QCOMPARE(events.count(), 0);
        m_clock->advance(500);
        QTRY_COMPARE_WITH_TIMEOUT(retrying.count(), 2, WaitMs);
        QCOMPARE(retrying.at(1).at(1).toLongLong(), 1000);
        m_clock->advance(1000);
        QVERIFY(finished.count() == 1 || finished.wait(WaitMs));
        QCOMPARE(m_api->server()->requests().size(), 3);
        QCOMPARE(collected(events),
                 eventsOf(claudette::test::readData(u"sse/plain_text_short__pydantic-ai.sse"_s)));
    }

    void droppedWithoutAnswer()
    {
        addRule({{u"status"_s, 0}});
        m_api->client()->setMaxRetries(0);
        ApiCall *call = m_api->client()->streamMessage(messageParams());
        QSignalSpy failed(call, &ApiCall::failed);
        QVERIFY(failed.wait(WaitMs));
        QCOMPARE(errorOf(failed).kind, ApiError::Kind::Connection);
    }

    void streamWithoutMessageStop_data()
    {
        QTest::addColumn<QByteArray>("body");
        const QByteArray full = claudette::test::readData(u"sse/plain_text__llm-anthropic.sse"_s);
        const qsizetype stop = full.indexOf("event: message_stop");
        QTest::newRow("no message_stop") << full.left(stop);
        QTest::newRow("unterminated last event") << full.left(full.size() - 1);
        QTest::newRow("empty 200") << QByteArray();
        // A real recording whose message_stop is not followed by a blank line.
        QTest::newRow("recorded, message_stop unterminated")
            << claudette::test::readData(u"sse/text_then_tool_use__anthropic-sdk-python.sse"_s);
    }

    void streamWithoutMessageStop()
    {
        QFETCH(QByteArray, body);
        FakeApiServer::Rule rule;
        rule.path = "/v1/messages";
        rule.body = body;
        rule.headers = {{"content-type", "text/event-stream"}, {"request-id", "req_cut"}};
        m_api->server()->addRule(rule);
        ApiCall *call = m_api->client()->streamMessage(messageParams());
        QSignalSpy events(call, &ApiCall::sseEvent);
        QSignalSpy failed(call, &ApiCall::failed);
        QSignalSpy finished(call, &ApiCall::finished);
        QVERIFY(failed.wait(WaitMs));
        QCOMPARE(finished.count(), 0);
        const ApiError error = errorOf(failed);
        QCOMPARE(error.kind, ApiError::Kind::Protocol);
        QCOMPARE(error.requestId, u"req_cut"_s);
        QVERIFY(error.toString().contains(u"req_cut"_s));
        QCOMPARE(collected(events), eventsOf(body));
        QCOMPARE(m_api->server()->requests().size(), 1);
    }

    void midStreamErrorEvent()
    {
        const QByteArray full = claudette::test::readData(u"sse/plain_text__llm-anthropic.sse"_s);
        const qsizetype cut = full.indexOf("event: content_block_delta");
        const QByteArray body =
            full.left(cut) +
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
            "\"message\":\"Overloaded\"}}\n\n" +
            full.mid(cut);
        FakeApiServer::Rule rule;
        rule.path = "/v1/messages";
        rule.body = body;
        rule.headers = {{"request-id", "req_midstream"}};
        m_api->server()->addRule(rule);
        ApiCall *call = m_api->client()->streamMessage(messageParams());
        QSignalSpy events(call, &ApiCall::sseEvent);
        QSignalSpy failed(call, &ApiCall::failed);
        QSignalSpy retrying(call, &ApiCall::retrying);
        QVERIFY(failed.wait(WaitMs));
        const ApiError error = errorOf(failed);
        QCOMPARE(error.kind, ApiError::Kind::Stream);
        QCOMPARE(error.type, u"overloaded_error"_s);
        QCOMPARE(error.message, u"Overloaded"_s);
        QCOMPARE(error.requestId, u"req_midstream"_s);
        QCOMPARE(collected(events), eventsOf(full.left(cut)));
        QCOMPARE(retrying.count(), 0);
    }

    void retriesThenSucceeds_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QJsonObject>("headers");
        QTest::addColumn<qint64>("firstDelay");
        QTest::addColumn<qint64>("secondDelay");
        QTest::newRow("529 backoff") << 529 << QJsonObject() << qint64(500) << qint64(1000);
        QTest::newRow("429 retry-after")
            << 429 << QJsonObject{{u"retry-after"_s, u"3"_s}} << qint64(3000) << qint64(3000);
        QTest::newRow("500 retry-after-ms")
            << 500 << QJsonObject{{u"retry-after-ms"_s, u"250"_s}} << qint64(250) << qint64(250);
        QTest::newRow("400 x-should-retry")
            << 400 << QJsonObject{{u"x-should-retry"_s, u"true"_s}} << qint64(500) << qint64(1000);
    }

    void retriesThenSucceeds()
    {
        QFETCH(int, status);
        QFETCH(QJsonObject, headers);
        QFETCH(qint64, firstDelay);
        QFETCH(qint64, secondDelay);
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"status"_s, status},
                 {u"headers"_s, headers},
                 {u"body"_s, QJsonObject{{u"type"_s, u"error"_s},
                                         {u"error"_s, QJsonObject{{u"type"_s, u"x"_s},
                                                                  {u"message"_s, u"busy"_s}}}}},
                 {u"times"_s, 2}});
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"body_file"_s, u"json/text_end_turn__vercel.json"_s}});
        ApiCall *call = m_api->client()->createMessage(messageParams());
        QSignalSpy retrying(call, &ApiCall::retrying);
        QSignalSpy finished(call, &ApiCall::finished);
        QSignalSpy failed(call, &ApiCall::failed);
        QTRY_COMPARE_WITH_TIMEOUT(retrying.count(), 1, WaitMs);
        QCOMPARE(retrying.at(0).at(1).toLongLong(), firstDelay);
        QCOMPARE(retrying.at(0).at(2).value<ApiError>().httpStatus, status);
        // Nothing happens until the clock moves.
        m_clock->advance(firstDelay - 1);
        QCOMPARE(m_api->server()->requests().size(), 1);
        m_clock->advance(1);
        QTRY_COMPARE_WITH_TIMEOUT(retrying.count(), 2, WaitMs);
        QCOMPARE(retrying.at(1).at(0).toInt(), 2);
        QCOMPARE(retrying.at(1).at(1).toLongLong(), secondDelay);
        m_clock->advance(secondDelay);
        QVERIFY(finished.count() == 1 || finished.wait(WaitMs));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(m_api->server()->requests().size(), 3);
    }

    void retriesExhausted()
    {
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"status"_s, 503},
                 {u"body"_s, u"<html>Service Unavailable</html>"_s},
                 {u"headers"_s, QJsonObject{{u"request-id"_s, u"req_503"_s}}}});
        m_api->client()->setMaxRetries(1);
        ApiCall *call = m_api->client()->createMessage(messageParams());
        QSignalSpy retrying(call, &ApiCall::retrying);
        QSignalSpy failed(call, &ApiCall::failed);
        QTRY_COMPARE_WITH_TIMEOUT(retrying.count(), 1, WaitMs);
        m_clock->advance(retrying.at(0).at(1).toLongLong());
        QVERIFY(failed.count() == 1 || failed.wait(WaitMs));
        const ApiError error = errorOf(failed);
        QCOMPARE(error.kind, ApiError::Kind::Http);
        QCOMPARE(error.httpStatus, 503);
        QCOMPARE(error.type, u"api_error"_s);
        QCOMPARE(error.requestId, u"req_503"_s);
        QCOMPARE(retrying.count(), 1);
        QCOMPARE(m_api->server()->requests().size(), 2);
    }

    void notRetried_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QJsonObject>("headers");
        QTest::addColumn<qint64>("retryAfterMs");
        QTest::newRow("400") << 400 << QJsonObject() << qint64(-1);
        QTest::newRow("500 x-should-retry false")
            << 500 << QJsonObject{{u"x-should-retry"_s, u"false"_s}} << qint64(-1);
        QTest::newRow("429 retry-after 120 s")
            << 429 << QJsonObject{{u"retry-after"_s, u"120"_s}} << qint64(120000);
    }

    void notRetried()
    {
        QFETCH(int, status);
        QFETCH(QJsonObject, headers);
        QFETCH(qint64, retryAfterMs);
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"status"_s, status},
                 {u"headers"_s, headers},
                 {u"body_file"_s, u"json/error_invalid_request_400__vercel.json"_s}});
        ApiCall *call = m_api->client()->streamMessage(messageParams());
        QSignalSpy retrying(call, &ApiCall::retrying);
        QSignalSpy failed(call, &ApiCall::failed);
        QVERIFY(failed.wait(WaitMs));
        const ApiError error = errorOf(failed);
        QCOMPARE(error.kind, ApiError::Kind::Http);
        QCOMPARE(error.httpStatus, status);
        QCOMPARE(error.type, u"invalid_request_error"_s);
        QCOMPARE(error.retryAfterMs.value_or(-1), retryAfterMs);
        QCOMPARE(retrying.count(), 0);
        QCOMPARE(m_api->server()->requests().size(), 1);
    }

    void requestIdInErrors()
    {
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"status"_s, 400},
                 {u"body_file"_s, u"json/error_invalid_request_400__vercel.json"_s},
                 {u"headers"_s, QJsonObject{{u"request-id"_s, u"req_hdr_1"_s}}}});
        ApiCall *call = m_api->client()->createMessage(messageParams());
        QSignalSpy failed(call, &ApiCall::failed);
        QVERIFY(failed.wait(WaitMs));
        const ApiError error = errorOf(failed);
        QCOMPARE(error.requestId, u"req_hdr_1"_s);
        QVERIFY(error.message.startsWith(u"messages.2.content.0: unexpected `tool_use_id`"_s));
        QVERIFY(error.toString().contains(u"req_hdr_1"_s));
        QVERIFY(error.toString().contains(u"invalid_request_error"_s));

        // Without the header, the body's request_id is used.
        m_api->server()->clearRules();
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"status"_s, 400},
                 {u"body_file"_s, u"json/error_invalid_request_400__vercel.json"_s},
                 {u"headers"_s, QJsonObject{{u"request-id"_s, QJsonValue::Null}}}});
        call = m_api->client()->createMessage(messageParams());
        QSignalSpy failed2(call, &ApiCall::failed);
        QVERIFY(failed2.wait(WaitMs));
        QCOMPARE(errorOf(failed2).requestId, u"req_011Cd65WVh8Zrvno3NunpJ73"_s);
    }

    void unmatchedRequestGets404()
    {
        ApiCall *call = m_api->client()->get(u"/v1/nothing-here"_s);
        QSignalSpy failed(call, &ApiCall::failed);
        QVERIFY(failed.wait(WaitMs));
        const ApiError error = errorOf(failed);
        QCOMPARE(error.httpStatus, 404);
        QCOMPARE(error.type, u"not_found_error"_s);
        QVERIFY(error.message.contains(u"/v1/nothing-here"_s));
        QVERIFY(!error.requestId.isEmpty());
    }

    void cancelKeepsWhatArrived()
    {
        const QByteArray bytes = claudette::test::readData(u"sse/plain_text__llm-anthropic.sse"_s);
        const qsizetype stallAt = bytes.indexOf("event: content_block_delta");
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"body_file"_s, u"sse/plain_text__llm-anthropic.sse"_s},
                 {u"stall_at"_s, qint64(stallAt)},
                 {u"stall_ms"_s, -1}});
        ApiCall *call = m_api->client()->streamMessage(messageParams());
        const QPointer<ApiCall> guard(call);
        QSignalSpy events(call, &ApiCall::sseEvent);
        QSignalSpy failed(call, &ApiCall::failed);
        const int expected = int(eventsOf(bytes.left(stallAt)).size());
        QTRY_COMPARE_WITH_TIMEOUT(events.count(), expected, WaitMs);
        call->cancel();
        QCOMPARE(failed.count(), 1);
        QCOMPARE(errorOf(failed).kind, ApiError::Kind::Cancelled);
        QCOMPARE(events.count(), expected);
        call->cancel(); // a second cancel does nothing
        QCOMPARE(failed.count(), 1);
        QTRY_VERIFY(guard.isNull());                         // deletes itself
        QTRY_COMPARE(m_api->server()->openConnections(), 0); // the connection was closed
    }

    void cancelWhileWaitingToRetry()
    {
        addRule({{u"status"_s, 529}});
        ApiCall *call = m_api->client()->createMessage(messageParams());
        QSignalSpy retrying(call, &ApiCall::retrying);
        QSignalSpy failed(call, &ApiCall::failed);
        QTRY_COMPARE_WITH_TIMEOUT(retrying.count(), 1, WaitMs);
        call->cancel();
        QCOMPARE(errorOf(failed).kind, ApiError::Kind::Cancelled);
        m_clock->advance(60'000);
        QCOMPARE(m_api->server()->requests().size(), 1);
        QCOMPARE(m_clock->pendingCount(), 0);
    }

    void idleTimeout()
    {
        const QByteArray bytes = claudette::test::readData(u"sse/plain_text__llm-anthropic.sse"_s);
        const qsizetype stallAt = bytes.indexOf("event: content_block_delta");
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"body_file"_s, u"sse/plain_text__llm-anthropic.sse"_s},
                 {u"stall_at"_s, qint64(stallAt)},
                 {u"stall_ms"_s, -1}});
        m_api->client()->setIdleTimeoutMs(30'000);
        ApiCall *call = m_api->client()->streamMessage(messageParams());
        QSignalSpy events(call, &ApiCall::sseEvent);
        QSignalSpy failed(call, &ApiCall::failed);
        const int expected = int(eventsOf(bytes.left(stallAt)).size());
        QTRY_COMPARE_WITH_TIMEOUT(events.count(), expected, WaitMs);
        m_clock->advance(29'999);
        QCOMPARE(failed.count(), 0);
        m_clock->advance(1);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(errorOf(failed).kind, ApiError::Kind::IdleTimeout);
        QCOMPARE(errorOf(failed).requestId.isEmpty(), false);
        QCOMPARE(events.count(), expected);
    }

    // Silence after the 2xx headers but before the first event: not sent again (the SDK's
    // timeout ends at the headers, and it does not resend a request whose answer started).
    void idleBeforeFirstEventIsNotRetried()
    {
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"body_file"_s, u"sse/plain_text__llm-anthropic.sse"_s},
                 {u"stall_at"_s, 0},
                 {u"stall_ms"_s, -1}});
        m_api->client()->setIdleTimeoutMs(1'000);
        ApiCall *call = m_api->client()->streamMessage(messageParams());
        QSignalSpy started(call, &ApiCall::responseStarted);
        QSignalSpy failed(call, &ApiCall::failed);
        QVERIFY(started.wait(WaitMs));
        m_clock->advance(1'000);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(errorOf(failed).kind, ApiError::Kind::IdleTimeout);
        QVERIFY2(errorOf(failed).message.contains(u"idle timeout"_s),
                 qPrintable(errorOf(failed).message));
        m_clock->advance(60'000);
        QCOMPARE(m_api->server()->requests().size(), 1);
    }

    // A JSON answer whose body stalls after its headers ends by the idle timeout too (the
    // request timeout ended with the headers).
    void jsonBodyStallEndsByIdleTimeout()
    {
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"body_file"_s, u"json/text_end_turn__vercel.json"_s},
                 {u"stall_at"_s, 10},
                 {u"stall_ms"_s, -1}});
        m_api->client()->setRequestTimeoutMs(5'000);
        m_api->client()->setIdleTimeoutMs(20'000);
        ApiCall *call = m_api->client()->createMessage(messageParams());
        QSignalSpy failed(call, &ApiCall::failed);
        QTRY_VERIFY_WITH_TIMEOUT(call->httpStatus() == 200, WaitMs);
        m_clock->advance(19'999);
        QCOMPARE(failed.count(), 0); // well past the request timeout
        m_clock->advance(1);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(errorOf(failed).kind, ApiError::Kind::IdleTimeout);
    }

    // No headers within the request timeout: retried, as the SDK retries its timeouts.
    void timeoutBeforeHeadersIsRetried()
    {
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"delay_ms"_s, 60'000},
                 {u"times"_s, 1}});
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"body_file"_s, u"json/text_end_turn__vercel.json"_s}});
        m_api->client()->setRequestTimeoutMs(5'000);
        ApiCall *call = m_api->client()->createMessage(messageParams());
        QSignalSpy retrying(call, &ApiCall::retrying);
        QSignalSpy finished(call, &ApiCall::finished);
        QTRY_COMPARE_WITH_TIMEOUT(m_api->server()->requests().size(), 1, WaitMs);
        m_clock->advance(5'000);
        QCOMPARE(retrying.count(), 1);
        const ApiError why = retrying.at(0).at(2).value<ApiError>();
        QCOMPARE(why.kind, ApiError::Kind::Timeout);
        QVERIFY2(why.message.contains(u"request timeout of 5 s"_s), qPrintable(why.message));
        m_clock->advance(500);
        QVERIFY(finished.wait(WaitMs));
        QCOMPARE(m_api->server()->requests().size(), 2);
    }

    // The deadline spans the attempts and the waits between them, and names the last failure.
    void deadlineSpansRetries()
    {
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}}, {u"status"_s, 529}});
        m_api->client()->setRetryPolicy(claudette::RetryPolicy(10, [] { return 0.0; }));
        m_api->client()->setDeadlineMs(3'000);
        ApiCall *call = m_api->client()->createMessage(messageParams());
        QSignalSpy retrying(call, &ApiCall::retrying);
        QSignalSpy failed(call, &ApiCall::failed);
        // Waits of 500, 1000 and 2000 ms: the third ends past the deadline.
        QTRY_COMPARE_WITH_TIMEOUT(retrying.count(), 1, WaitMs);
        m_clock->advance(500);
        QTRY_COMPARE_WITH_TIMEOUT(retrying.count(), 2, WaitMs);
        m_clock->advance(1'000);
        QTRY_COMPARE_WITH_TIMEOUT(retrying.count(), 3, WaitMs);
        QCOMPARE(failed.count(), 0);
        m_clock->advance(1'499);
        QCOMPARE(failed.count(), 0);
        m_clock->advance(1);
        QCOMPARE(failed.count(), 1);
        const ApiError error = errorOf(failed);
        QCOMPARE(error.kind, ApiError::Kind::Deadline);
        QVERIFY2(error.message.contains(u"deadline of 3 s"_s), qPrintable(error.message));
        QVERIFY2(error.message.contains(u"overloaded_error"_s), qPrintable(error.message));
        m_clock->advance(60'000);
        QCOMPARE(m_api->server()->requests().size(), 3);
        QCOMPARE(m_clock->pendingCount(), 0);
    }

    void requestTimeout()
    {
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"delay_ms"_s, 60'000},
                 {u"body_file"_s, u"json/text_end_turn__vercel.json"_s}});
        m_api->client()->setMaxRetries(0);
        m_api->client()->setRequestTimeoutMs(5'000);
        ApiCall *call = m_api->client()->createMessage(messageParams());
        QSignalSpy failed(call, &ApiCall::failed);
        QTRY_COMPARE_WITH_TIMEOUT(m_api->server()->requests().size(), 1, WaitMs);
        m_clock->advance(4'999);
        QCOMPARE(failed.count(), 0);
        m_clock->advance(1);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(errorOf(failed).kind, ApiError::Kind::Timeout);
    }

    void connectionRefused()
    {
        QUrl deadUrl;
        {
            // A port that was just free: nothing listens there once this server is gone.
            FakeApiServer temp;
            QVERIFY(temp.listen());
            deadUrl = temp.url();
        }
        m_api->client()->setBaseUrl(deadUrl);
        m_api->client()->setMaxRetries(0);
        ApiCall *call = m_api->client()->createMessage(messageParams());
        QSignalSpy failed(call, &ApiCall::failed);
        QVERIFY(failed.wait(WaitMs));
        QCOMPARE(errorOf(failed).kind, ApiError::Kind::Connection);
        QVERIFY(!errorOf(failed).message.isEmpty());
    }

    void countTokens()
    {
        addRule({{u"match"_s, QJsonObject{{u"method"_s, u"POST"_s},
                                          {u"path"_s, u"/v1/messages/count_tokens"_s}}},
                 {u"body"_s, QJsonObject{{u"input_tokens"_s, 14}}}});
        ApiCall *call = m_api->client()->countTokens(messageParams());
        QSignalSpy finished(call, &ApiCall::finished);
        QVERIFY(finished.wait(WaitMs));
        QCOMPARE(finished.first().at(0).toJsonDocument()[u"input_tokens"_s].toInt(), 14);
        const QJsonObject sent = m_api->server()->requests().constFirst().json().object();
        QVERIFY(!sent.contains(u"max_tokens"_s));
        QCOMPARE(sent.value(u"model"_s).toString(), u"claude-sonnet-4-5"_s);
    }

    void modelsPagination()
    {
        const auto model = [](const QString &id) {
            return QJsonObject{{u"type"_s, u"model"_s}, {u"id"_s, id}, {u"display_name"_s, id}};
        };
        const auto page = [&](QStringList ids, bool more) {
            QJsonArray data;
            for (const QString &id : ids)
                data.append(model(id));
            return QJsonObject{{u"data"_s, data},
                               {u"has_more"_s, more},
                               {u"first_id"_s, ids.constFirst()},
                               {u"last_id"_s, ids.constLast()}};
        };
        addRule({{u"match"_s,
                  QJsonObject{{u"method"_s, u"GET"_s}, {u"path"_s, u"/v1/models?limit=2"_s}}},
                 {u"body"_s, page({u"m1"_s, u"m2"_s}, true)}});
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/models?limit=2&after_id=m2"_s}}},
                 {u"body"_s, page({u"m3"_s, u"m4"_s}, true)}});
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/models?limit=2&after_id=m4"_s}}},
                 {u"body"_s, page({u"m5"_s}, false)}});
        ApiCall *call = m_api->client()->listModels(2);
        call->setAutoDelete(false);
        QSignalSpy finished(call, &ApiCall::finished);
        QSignalSpy failed(call, &ApiCall::failed);
        QVERIFY(finished.wait(WaitMs));
        QCOMPARE(failed.count(), 0);
        const QJsonObject all = finished.first().at(0).toJsonDocument().object();
        QStringList ids;
        for (const QJsonValue &m : all.value(u"data"_s).toArray())
            ids.append(m[u"id"_s].toString());
        QCOMPARE(ids, (QStringList{u"m1"_s, u"m2"_s, u"m3"_s, u"m4"_s, u"m5"_s}));
        QCOMPARE(all.value(u"has_more"_s).toBool(), false);
        QCOMPARE(all.value(u"first_id"_s).toString(), u"m1"_s);
        QCOMPARE(all.value(u"last_id"_s).toString(), u"m5"_s);
        QCOMPARE(call->pageCount(), 3);
        QCOMPARE(m_api->server()->requests().size(), 3);
        QCOMPARE(m_api->server()->requests().at(2).queryItem(u"after_id"_s), u"m4"_s);
        delete call;
    }

    void modelsBadPage()
    {
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/models*"_s}}},
                 {u"body"_s, u"{\"data\": [1, 2"_s}});
        ApiCall *call = m_api->client()->listModels();
        QSignalSpy failed(call, &ApiCall::failed);
        QVERIFY(failed.wait(WaitMs));
        QCOMPARE(errorOf(failed).kind, ApiError::Kind::Protocol);
    }

    void retrieveModelAndGenericCalls()
    {
        addRule({{u"match"_s,
                  QJsonObject{{u"method"_s, u"GET"_s}, {u"path"_s, u"/v1/models/claude-x"_s}}},
                 {u"body"_s, QJsonObject{{u"id"_s, u"claude-x"_s}}}});
        addRule(
            {{u"match"_s, QJsonObject{{u"method"_s, u"DELETE"_s}, {u"path"_s, u"/v1/files/f1"_s}}},
             {u"body"_s, QJsonObject{{u"id"_s, u"f1"_s}, {u"type"_s, u"file_deleted"_s}}}});
        addRule({{u"match"_s,
                  QJsonObject{{u"method"_s, u"GET"_s}, {u"path"_s, u"/v1/files/f1/content"_s}}},
                 {u"body"_s, u"raw bytes, not JSON"_s}});
        ApiCall *call = m_api->client()->retrieveModel(u"claude-x"_s);
        QSignalSpy finished(call, &ApiCall::finished);
        QVERIFY(finished.wait(WaitMs));
        QCOMPARE(finished.first().at(0).toJsonDocument()[u"id"_s].toString(), u"claude-x"_s);

        call = m_api->client()->deleteResource(u"/v1/files/f1"_s);
        QSignalSpy deleted(call, &ApiCall::finished);
        QVERIFY(deleted.wait(WaitMs));
        QCOMPARE(m_api->server()->requests().at(1).method, "DELETE");

        call = m_api->client()->get(u"/v1/files/f1/content"_s, {}, ApiCall::Kind::Raw);
        QByteArray body;
        connect(call, &ApiCall::finished, this, [&] { body = call->body(); });
        QSignalSpy raw(call, &ApiCall::finished);
        QVERIFY(raw.wait(WaitMs));
        QCOMPARE(body, "raw bytes, not JSON");
        QVERIFY(raw.first().at(0).toJsonDocument().isNull());

        // The same non-JSON body where JSON is expected is a protocol error, not a crash.
        call = m_api->client()->get(u"/v1/files/f1/content"_s);
        QSignalSpy bad(call, &ApiCall::failed);
        QVERIFY(bad.wait(WaitMs));
        QCOMPARE(errorOf(bad).kind, ApiError::Kind::Protocol);
    }

    void baseUrlWithPath()
    {
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/anthropic/v1/messages"_s}}},
                 {u"body_file"_s, u"json/text_end_turn__vercel.json"_s}});
        QUrl base = m_api->server()->url();
        base.setPath(u"/anthropic/"_s);
        m_api->client()->setBaseUrl(base);
        ApiCall *call = m_api->client()->createMessage(messageParams());
        QSignalSpy finished(call, &ApiCall::finished);
        QVERIFY(finished.wait(WaitMs));
        QCOMPARE(m_api->server()->requests().constFirst().path, "/anthropic/v1/messages");
    }

    void deletingCallInSlotIsSafe()
    {
        addRule({{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                 {u"body_file"_s, u"sse/plain_text__llm-anthropic.sse"_s}});
        ApiCall *call = m_api->client()->streamMessage(messageParams());
        const QPointer<ApiCall> guard(call);
        int seen = 0;
        connect(call, &ApiCall::sseEvent, this, [&] {
            ++seen;
            delete call;
        });
        QTRY_VERIFY_WITH_TIMEOUT(guard.isNull(), WaitMs);
        QCOMPARE(seen, 1);
        QTRY_COMPARE(m_api->server()->openConnections(), 0);
    }
};

QTEST_GUILESS_MAIN(TestClient)
#include "tst_client.moc"
