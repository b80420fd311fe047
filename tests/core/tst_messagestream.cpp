#include "core/api/client.h"
#include "core/api/messagestream.h"
#include "support/fakeapirig.h"
#include "support/fakeapiserver.h"
#include "support/ssebuilder.h"
#include "support/testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using claudette::ApiError;
using claudette::Client;
using claudette::MessageParam;
using claudette::MessageRequest;
using claudette::MessageStream;
using claudette::test::FakeApiRig;
using claudette::test::FakeApiServer;

namespace {
QJsonObject golden(const QString &name)
{
    return QJsonDocument::fromJson(claudette::test::readData(u"golden/"_s + name + u".json"_s))
        .object();
}

MessageRequest simpleRequest()
{
    MessageRequest request(u"claude-sonnet-4-5"_s, 256);
    request.addMessage(MessageParam::user(u"Hello"_s));
    return request;
}

using claudette::test::SseBuilder;

QByteArray sse(const QList<QByteArray> &events)
{
    return SseBuilder::body(events);
}

const QByteArray kStart = SseBuilder::messageStart();
const QByteArray kBlock = SseBuilder::textBlockStart();
const QByteArray kDelta1 = SseBuilder::textDelta(u"Hello"_s);
const QByteArray kDelta2 = SseBuilder::textDelta(u" world"_s);
const QByteArray kOverloaded = SseBuilder::error(u"overloaded_error"_s, u"Overloaded"_s);
} // namespace

class TestMessageStream : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeApiRig> m_api;

    void serve(const QJsonObject &rule)
    {
        m_api->server()->clearRules();
        QVERIFY2(m_api->server()->addRule(rule, claudette::test::dataPath(u"sse"_s)),
                 qPrintable(m_api->server()->errorString()));
    }

private Q_SLOTS:
    void init()
    {
        m_api = std::make_unique<FakeApiRig>();
        QVERIFY2(m_api->isReady(), qPrintable(m_api->errorString()));
    }

    void cleanup() { m_api.reset(); }

    void streamsRecordingToGolden_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QJsonValue>("chunk");
        for (const char *name :
             {"plain_text__llm-anthropic", "thinking_signature_delta__pydantic-ai",
              "tool_use_empty_input_parallel__llm-anthropic",
              "web_search_citations_delta__pydantic-ai"}) {
            const QString file = QString::fromLatin1(name);
            QTest::addRow("%s whole", name) << file << QJsonValue(u"all"_s);
            QTest::addRow("%s random", name) << file << QJsonValue(u"random"_s);
            if (claudette::test::readData(u"sse/"_s + file + u".sse"_s).size() < 20000)
                QTest::addRow("%s 1-byte", name) << file << QJsonValue(1);
        }
    }

    void streamsRecordingToGolden()
    {
        QFETCH(QString, name);
        QFETCH(QJsonValue, chunk);
        serve(QJsonObject{{"match"_L1, QJsonObject{{"path"_L1, "/v1/messages"_L1}}},
                          {"body_file"_L1, QString(name + u".sse"_s)},
                          {"chunk"_L1, chunk}});
        MessageStream stream(m_api->client(), simpleRequest());
        QSignalSpy finished(&stream, &MessageStream::finished);
        QSignalSpy failed(&stream, &MessageStream::failed);
        QSignalSpy events(&stream, &MessageStream::eventReceived);
        QString text;
        connect(&stream, &MessageStream::textAppended, this,
                [&text](int, const QString &delta) { text += delta; });
        stream.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(failed.count(), 0);
        const QJsonObject message = finished.at(0).at(0).toJsonObject();
        QCOMPARE(message, golden(name));
        QCOMPARE(stream.message(), message);
        QVERIFY(events.count() > 3);
        QString expected;
        for (const QJsonValue &block : message.value("content"_L1).toArray())
            if (block["type"_L1].toString() == "text"_L1)
                expected += block["text"_L1].toString();
        QCOMPARE(text, expected);
        QVERIFY(!stream.requestId().isEmpty());
        // The request asked for a stream.
        QCOMPARE(m_api->server()->requests().size(), 1);
        QCOMPARE(m_api->server()->requests().at(0).json()["stream"_L1].toBool(), true);
    }

    void nonStreaming()
    {
        const QByteArray body = claudette::test::readData(u"json/text_end_turn__vercel.json"_s);
        serve(QJsonObject{{"match"_L1, QJsonObject{{"path"_L1, "/v1/messages"_L1}}},
                          {"body"_L1, QString::fromUtf8(body)},
                          {"headers"_L1, QJsonObject{{"content-type"_L1, "application/json"_L1}}}});
        MessageStream stream(m_api->client(), simpleRequest());
        stream.setStreaming(false);
        QSignalSpy finished(&stream, &MessageStream::finished);
        stream.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(0).at(0).toJsonObject(), QJsonDocument::fromJson(body).object());
        QVERIFY(!m_api->server()->requests().at(0).json().object().contains("stream"_L1));
    }

    void midStreamErrorKeepsWhatArrived()
    {
        serve(QJsonObject{
            {"match"_L1, QJsonObject{{"path"_L1, "/v1/messages"_L1}}},
            {"headers"_L1, QJsonObject{{"request-id"_L1, "req_midstream"_L1}}},
            {"body"_L1, QString::fromUtf8(sse({kStart, kBlock, kDelta1, kOverloaded}))}});
        MessageStream stream(m_api->client(), simpleRequest());
        QSignalSpy failed(&stream, &MessageStream::failed);
        QSignalSpy finished(&stream, &MessageStream::finished);
        stream.start();
        QVERIFY(failed.wait(10000));
        QCOMPARE(finished.count(), 0);
        const auto error = failed.at(0).at(0).value<ApiError>();
        QCOMPARE(error.kind, ApiError::Kind::Stream);
        QCOMPARE(error.type, u"overloaded_error"_s);
        QCOMPARE(error.message, u"Overloaded"_s);
        QCOMPARE(error.requestId, u"req_midstream"_s);
        const QJsonObject partial = failed.at(0).at(1).toJsonObject();
        QCOMPARE(partial["content"_L1].toArray().at(0)["text"_L1].toString(), u"Hello"_s);
        QVERIFY(stream.isDone());
        QCOMPARE(failed.count(), 1);
    }

    void droppedConnectionKeepsWhatArrived_data()
    {
        QTest::addColumn<bool>("closeMidBody");
        QTest::newRow("closed inside an event") << true;
        QTest::newRow("ended without message_stop") << false;
    }

    void droppedConnectionKeepsWhatArrived()
    {
        QFETCH(bool, closeMidBody);
        const QByteArray body = sse({kStart, kBlock, kDelta1, kDelta2});
        QJsonObject rule{{"match"_L1, QJsonObject{{"path"_L1, "/v1/messages"_L1}}},
                         {"body"_L1, QString::fromUtf8(body)}};
        if (closeMidBody) {
            const qint64 cut = body.indexOf(kDelta2) + 10;
            rule.insert("close_after_bytes"_L1, cut);
        }
        serve(rule);
        MessageStream stream(m_api->client(), simpleRequest());
        QSignalSpy failed(&stream, &MessageStream::failed);
        stream.start();
        QVERIFY(failed.wait(10000));
        const auto error = failed.at(0).at(0).value<ApiError>();
        QVERIFY2(error.kind == ApiError::Kind::Connection || error.kind == ApiError::Kind::Protocol,
                 qPrintable(ApiError::kindName(error.kind)));
        QVERIFY(!error.requestId.isEmpty());
        const QJsonObject partial = failed.at(0).at(1).toJsonObject();
        const QString expected = closeMidBody ? u"Hello"_s : u"Hello world"_s;
        QCOMPARE(partial["content"_L1].toArray().at(0)["text"_L1].toString(), expected);
    }

    void httpErrorHasTypeAndRequestId_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::newRow("400") << 400 << u"invalid_request_error"_s;
        QTest::newRow("401") << 401 << u"authentication_error"_s;
        QTest::newRow("429") << 429 << u"rate_limit_error"_s;
        QTest::newRow("500") << 500 << u"api_error"_s;
        QTest::newRow("529") << 529 << u"overloaded_error"_s;
    }

    void httpErrorHasTypeAndRequestId()
    {
        QFETCH(int, status);
        QFETCH(QString, type);
        const QJsonObject body{
            {"type"_L1, "error"_L1},
            {"error"_L1, QJsonObject{{"type"_L1, type}, {"message"_L1, "bad things"_L1}}}};
        serve(QJsonObject{{"match"_L1, QJsonObject{{"path"_L1, "/v1/messages"_L1}}},
                          {"status"_L1, status},
                          {"headers"_L1, QJsonObject{{"request-id"_L1, "req_err"_L1}}},
                          {"body"_L1, body}});
        MessageStream stream(m_api->client(), simpleRequest());
        QSignalSpy failed(&stream, &MessageStream::failed);
        stream.start();
        QVERIFY(failed.wait(10000));
        const auto error = failed.at(0).at(0).value<ApiError>();
        QCOMPARE(error.kind, ApiError::Kind::Http);
        QCOMPARE(error.httpStatus, status);
        QCOMPARE(error.type, type);
        QCOMPARE(error.message, u"bad things"_s);
        QCOMPARE(error.requestId, u"req_err"_s);
        QVERIFY(failed.at(0).at(1).toJsonObject().isEmpty());
    }

    void cancelKeepsWhatArrived()
    {
        // The stream stalls after the first delta until the client gives up on it.
        const QByteArray body = sse({kStart, kBlock, kDelta1, kDelta2});
        serve(QJsonObject{{"match"_L1, QJsonObject{{"path"_L1, "/v1/messages"_L1}}},
                          {"body"_L1, QString::fromUtf8(body)},
                          {"stall_at"_L1, body.indexOf(kDelta2) - 30},
                          {"stall_ms"_L1, -1}});
        MessageStream stream(m_api->client(), simpleRequest());
        QSignalSpy failed(&stream, &MessageStream::failed);
        QSignalSpy text(&stream, &MessageStream::textAppended);
        stream.start();
        QVERIFY(text.wait(10000));
        QVERIFY(stream.isRunning());
        stream.cancel();
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).value<ApiError>().kind, ApiError::Kind::Cancelled);
        QCOMPARE(failed.at(0).at(1).toJsonObject()["content"_L1].toArray().at(0)["text"_L1],
                 u"Hello"_s);
        stream.cancel(); // a second cancel does nothing
        QCOMPARE(failed.count(), 1);
    }

    void listenersComeAndGoWithoutDeadlock()
    {
        // Qt calls disconnectNotify() with an internal mutex held, picked from a small pool by
        // object address; a MessageStream that asked isSignalConnected() there locked up when
        // the receiver going away shared the sender's mutex. With enough streams and spies some
        // pairs share one, whatever the addresses are.
        std::vector<std::unique_ptr<MessageStream>> streams;
        std::vector<std::unique_ptr<QSignalSpy>> spies;
        for (int i = 0; i < 600; ++i) {
            streams.push_back(std::make_unique<MessageStream>(m_api->client(), simpleRequest()));
            spies.push_back(
                std::make_unique<QSignalSpy>(streams.back().get(), &MessageStream::eventReceived));
        }
        spies.clear();
        // Listeners gone: the stream must know, and still work.
        serve(QJsonObject{{"match"_L1, QJsonObject{{"path"_L1, "/v1/messages"_L1}}},
                          {"body"_L1, QString::fromUtf8(sse({kStart, kBlock, kDelta1}))}});
        MessageStream &stream = *streams.front();
        QSignalSpy events(&stream, &MessageStream::eventReceived);
        QSignalSpy text(&stream, &MessageStream::textAppended);
        stream.start();
        QVERIFY(text.wait(10000));
        QVERIFY(events.count() >= 3);
        streams.clear();
    }

    void malformedEventIsProtocolError()
    {
        QByteArray body = sse({kStart, kBlock});
        body += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\n\n";
        serve(QJsonObject{{"match"_L1, QJsonObject{{"path"_L1, "/v1/messages"_L1}}},
                          {"body"_L1, QString::fromUtf8(body)}});
        MessageStream stream(m_api->client(), simpleRequest());
        QSignalSpy failed(&stream, &MessageStream::failed);
        stream.start();
        QVERIFY(failed.wait(10000));
        const auto error = failed.at(0).at(0).value<ApiError>();
        QCOMPARE(error.kind, ApiError::Kind::Protocol);
        QVERIFY(!error.message.isEmpty());
        QCOMPARE(failed.at(0).at(1).toJsonObject()["id"_L1].toString(), u"msg_1"_s);
    }

    void betasAreSent()
    {
        serve(QJsonObject{{"match"_L1, QJsonObject{{"path"_L1, "/v1/messages"_L1}}},
                          {"body_file"_L1, "plain_text__llm-anthropic.sse"_L1}});
        MessageRequest request = simpleRequest();
        request.setBetas({u"test-beta-2025"_s});
        MessageStream stream(m_api->client(), request);
        QSignalSpy finished(&stream, &MessageStream::finished);
        stream.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(m_api->server()->requests().at(0).header("anthropic-beta"), "test-beta-2025");
    }
};

QTEST_GUILESS_MAIN(TestMessageStream)
#include "tst_messagestream.moc"
