#include "support/fakeapiserver.h"
#include "support/testdata.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using claudette::test::FakeApiServer;

namespace {

constexpr int WaitMs = 15000;

struct Exchange
{
    QByteArray head;
    QByteArray body;
    int status = 0;
    int bodyReads = 0;
    qint64 msToHead = -1;
    qint64 msToBodyEnd = -1;
    bool closed = false;
};

// Sends raw request bytes and reads the answer until the server closes the connection.
Exchange exchange(quint16 port, const QByteArray &request)
{
    Exchange ex;
    QTcpSocket socket;
    QByteArray all;
    QElapsedTimer timer;
    timer.start();
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] {
        const QByteArray bytes = socket.readAll();
        const bool headDone = all.contains("\r\n\r\n");
        all += bytes;
        if (headDone)
            ++ex.bodyReads;
        else if (all.contains("\r\n\r\n")) {
            ex.msToHead = timer.elapsed();
            if (all.size() > all.indexOf("\r\n\r\n") + 4)
                ++ex.bodyReads;
        }
    });
    socket.connectToHost(u"127.0.0.1"_s, port);
    if (!socket.waitForConnected(WaitMs))
        return ex;
    socket.write(request);
    QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
    ex.closed = disconnected.wait(WaitMs);
    ex.msToBodyEnd = timer.elapsed();
    const qsizetype end = all.indexOf("\r\n\r\n");
    ex.head = all.left(end);
    ex.body = end < 0 ? QByteArray() : all.mid(end + 4);
    ex.status = ex.head.mid(9, 3).toInt();
    return ex;
}

QByteArray get(const QByteArray &path)
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
}

QByteArray post(const QByteArray &path, const QByteArray &body, const QByteArray &extra = {})
{
    return "POST " + path +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\n" + extra + "\r\n" + body;
}

} // namespace

class TestFakeApiServer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeApiServer> m_server;

    void load(const QJsonArray &rules)
    {
        QVERIFY2(m_server->loadScript(rules, claudette::test::dataPath(QString())),
                 qPrintable(m_server->errorString()));
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<FakeApiServer>();
        QVERIFY(m_server->listen());
        QVERIFY(m_server->port() > 0);
        QCOMPARE(m_server->url().host(), u"127.0.0.1"_s);
    }

    void cleanup() { m_server.reset(); }

    void rulesMatchInOrderWithTimes()
    {
        load(QJsonArray{QJsonObject{{u"match"_s, QJsonObject{{u"method"_s, u"POST"_s},
                                                             {u"path"_s, u"/v1/messages"_s}}},
                                    {u"status"_s, 529},
                                    {u"times"_s, 2}},
                        QJsonObject{{u"match"_s, QJsonObject{{u"path"_s, u"/v1/messages"_s}}},
                                    {u"body"_s, QJsonObject{{u"ok"_s, true}}},
                                    {u"headers"_s, QJsonObject{{u"x-custom"_s, u"yes"_s}}}},
                        QJsonObject{{u"match"_s, QJsonObject{{u"path"_s, u"/v1/models*"_s}}},
                                    {u"body"_s, u"models"_s}}});
        QSignalSpy received(m_server.get(), &FakeApiServer::requestReceived);
        QCOMPARE(exchange(m_server->port(), post("/v1/messages", "{}")).status, 529);
        QCOMPARE(exchange(m_server->port(), post("/v1/messages", "{}")).status, 529);
        const Exchange third = exchange(m_server->port(), post("/v1/messages", "{\"a\":1}"));
        QCOMPARE(third.status, 200);
        QCOMPARE(third.body, "{\"ok\":true}");
        QVERIFY(third.head.contains("x-custom: yes"));
        QVERIFY(third.head.contains("content-type: application/json"));
        QVERIFY(third.head.contains("request-id: req_fake_3"));
        QVERIFY(third.head.contains("content-length: 11"));
        // A GET does not match the POST-only rule; a prefix glob covers the query.
        QCOMPARE(exchange(m_server->port(), get("/v1/messages")).status, 200);
        QCOMPARE(exchange(m_server->port(), get("/v1/models?limit=5")).body, "models");
        QCOMPARE(exchange(m_server->port(), get("/v1/models/claude-x")).body, "models");
        QCOMPARE(received.count(), 6);

        const QList<FakeApiServer::Request> requests = m_server->requests();
        QCOMPARE(requests.size(), 6);
        QCOMPARE(requests.at(2).method, "POST");
        QCOMPARE(requests.at(2).body, "{\"a\":1}");
        QCOMPARE(requests.at(2).header("HOST"), "127.0.0.1");
        QCOMPARE(requests.at(2).ruleIndex, 1);
        QCOMPARE(requests.at(4).path, "/v1/models?limit=5");
        QCOMPARE(requests.at(4).pathOnly(), "/v1/models");
        QCOMPARE(requests.at(4).queryItem(u"limit"_s), u"5"_s);
        QCOMPARE(m_server->rules().at(0).used, 2);
    }

    void unmatchedGets404Json()
    {
        const Exchange ex = exchange(m_server->port(), post("/v1/nope", "x"));
        QCOMPARE(ex.status, 404);
        const QJsonObject body = QJsonDocument::fromJson(ex.body).object();
        QCOMPARE(body[u"type"_s].toString(), u"error"_s);
        QCOMPARE(body[u"error"_s][u"type"_s].toString(), u"not_found_error"_s);
        QVERIFY(body[u"error"_s][u"message"_s].toString().contains(u"/v1/nope"_s));
        QCOMPARE(m_server->requests().constFirst().ruleIndex, -1);
    }

    void malformedRequests_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("garbage line") << QByteArray("HELLO\r\n\r\n") << 400;
        QTest::newRow("bad header") << QByteArray("GET / HTTP/1.1\r\nno colon here\r\n\r\n") << 400;
        QTest::newRow("bad length")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n") << 400;
        QTest::newRow("bad chunk")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << 400;
        QTest::newRow("huge head")
            << QByteArray("GET / HTTP/1.1\r\nX: " + QByteArray(70000, 'a')) << 431;
    }

    void malformedRequests()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        const Exchange ex = exchange(m_server->port(), request);
        QCOMPARE(ex.status, status);
        QVERIFY(ex.closed);
        QCOMPARE(QJsonDocument::fromJson(ex.body)[u"type"_s].toString(), u"error"_s);
        // The server is still fine afterwards.
        QCOMPARE(exchange(m_server->port(), get("/x")).status, 404);
    }

    void chunkedRequestBody()
    {
        load(QJsonArray{QJsonObject{{u"body"_s, u"ok"_s}}});
        const Exchange ex =
            exchange(m_server->port(), "POST /v1/files HTTP/1.1\r\nTransfer-Encoding: "
                                       "chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
        QCOMPARE(ex.status, 200);
        QCOMPARE(m_server->requests().constFirst().body, "abcde");
    }

    void writePlans_data()
    {
        QTest::addColumn<QJsonObject>("rule");
        QTest::addColumn<QList<qsizetype>>("cuts");
        QTest::newRow("all") << QJsonObject{} << QList<qsizetype>{10};
        QTest::newRow("1 byte") << QJsonObject{{u"chunk"_s, 1}}
                                << QList<qsizetype>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        QTest::newRow("4 bytes") << QJsonObject{{u"chunk"_s, 4}} << QList<qsizetype>{4, 8, 10};
        QTest::newRow("stall inside")
            << QJsonObject{{u"chunk"_s, 4}, {u"stall_ms"_s, 5}, {u"stall_at"_s, 3}}
            << QList<qsizetype>{3, 4, 8, 10};
        QTest::newRow("close after 6")
            << QJsonObject{{u"close_after_bytes"_s, 6}} << QList<qsizetype>{6, 10};
    }

    void writePlans()
    {
        QFETCH(QJsonObject, rule);
        QFETCH(QList<qsizetype>, cuts);
        QString error;
        const std::optional<FakeApiServer::Rule> parsed =
            FakeApiServer::parseRule(rule, {}, &error);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(FakeApiServer::planWrites(*parsed, 10), cuts);
    }

    void randomChunksAreSeeded()
    {
        FakeApiServer::Rule a;
        a.chunking = FakeApiServer::Rule::Chunking::Random;
        a.chunkSize = 16;
        a.seed = 42;
        const QList<qsizetype> first = FakeApiServer::planWrites(a, 1000);
        QCOMPARE(FakeApiServer::planWrites(a, 1000), first);
        QVERIFY(first.size() > 1000 / 16);
        qsizetype previous = 0;
        for (qsizetype cut : first) {
            QVERIFY(cut - previous >= 1 && cut - previous <= 16);
            previous = cut;
        }
        a.seed = 43;
        QVERIFY(FakeApiServer::planWrites(a, 1000) != first);
    }

    void bodiesArriveWhole_data()
    {
        QTest::addColumn<QJsonValue>("chunk");
        QTest::addColumn<QString>("transfer");
        QTest::newRow("all") << QJsonValue(u"all"_s) << u"length"_s;
        QTest::newRow("1 byte") << QJsonValue(1) << u"length"_s;
        QTest::newRow("random chunked") << QJsonValue(u"random"_s) << u"chunked"_s;
        QTest::newRow("random close") << QJsonValue(u"random"_s) << u"close"_s;
    }

    void bodiesArriveWhole()
    {
        QFETCH(QJsonValue, chunk);
        QFETCH(QString, transfer);
        load(QJsonArray{QJsonObject{{u"body_file"_s, u"sse/plain_text__llm-anthropic.sse"_s},
                                    {u"chunk"_s, chunk},
                                    {u"transfer"_s, transfer}}});
        const Exchange ex = exchange(m_server->port(), post("/v1/messages", "{}"));
        QCOMPARE(ex.status, 200);
        QVERIFY(ex.head.contains("content-type: text/event-stream"));
        QByteArray body = ex.body;
        if (transfer == "chunked"_L1) {
            QVERIFY(ex.head.contains("transfer-encoding: chunked"));
            QByteArray decoded;
            while (!body.isEmpty()) {
                const qsizetype eol = body.indexOf("\r\n");
                const int size = body.left(eol).toInt(nullptr, 16);
                decoded += body.mid(eol + 2, size);
                body.remove(0, eol + 2 + size + 2);
            }
            body = decoded;
        }
        QCOMPARE(body, claudette::test::readData(u"sse/plain_text__llm-anthropic.sse"_s));
    }

    void dripTakesTime()
    {
        load(QJsonArray{
            QJsonObject{{u"body"_s, u"0123456789"_s}, {u"chunk"_s, 2}, {u"drip_ms"_s, 40}}});
        const Exchange ex = exchange(m_server->port(), get("/"));
        QCOMPARE(ex.body, "0123456789");
        // Five writes, four pauses of 40 ms between them.
        QVERIFY2(ex.msToBodyEnd >= 160, qPrintable(QString::number(ex.msToBodyEnd)));
        QVERIFY(ex.bodyReads >= 2);
    }

    void stallBeforeAndWithinBody()
    {
        load(QJsonArray{
            QJsonObject{{u"body"_s, u"abcdef"_s}, {u"stall_ms"_s, 300}, {u"stall_at"_s, 3}}});
        const Exchange ex = exchange(m_server->port(), get("/"));
        QCOMPARE(ex.body, "abcdef");
        QVERIFY2(ex.msToBodyEnd - ex.msToHead >= 290, qPrintable(QString::number(ex.msToBodyEnd)));
        QVERIFY(ex.bodyReads >= 2); // "abc", then "def" after the pause

        load(QJsonArray{QJsonObject{{u"body"_s, u"abcdef"_s}, {u"delay_ms"_s, 300}}});
        const Exchange delayed = exchange(m_server->port(), get("/"));
        QVERIFY2(delayed.msToHead >= 290, qPrintable(QString::number(delayed.msToHead)));
        QCOMPARE(delayed.body, "abcdef");
    }

    void closeMidBody()
    {
        load(QJsonArray{QJsonObject{{u"body_file"_s, u"sse/plain_text__llm-anthropic.sse"_s},
                                    {u"close_after_bytes"_s, 100},
                                    {u"chunk"_s, 30}}});
        QSignalSpy finished(m_server.get(), &FakeApiServer::responseFinished);
        const Exchange ex = exchange(m_server->port(), get("/v1/messages"));
        QVERIFY(ex.closed);
        QCOMPARE(ex.body,
                 claudette::test::readData(u"sse/plain_text__llm-anthropic.sse"_s).left(100));
        QVERIFY(ex.head.contains("content-length: 1500"));
        QTRY_COMPARE(finished.count(), 1);
        QTRY_COMPARE(m_server->openConnections(), 0);
    }

    void dropWithoutAnswer()
    {
        load(QJsonArray{QJsonObject{{u"status"_s, 0}}});
        const Exchange ex = exchange(m_server->port(), get("/"));
        QVERIFY(ex.closed);
        QVERIFY(ex.head.isEmpty());
    }

    void badScripts_data()
    {
        QTest::addColumn<QJsonValue>("rule");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("not an object") << QJsonValue(3) << u"not an object"_s;
        QTest::newRow("unknown key") << QJsonValue(QJsonObject{{u"stauts"_s, 200}}) << u"stauts"_s;
        QTest::newRow("bad status") << QJsonValue(QJsonObject{{u"status"_s, 42}}) << u"status"_s;
        QTest::newRow("status text")
            << QJsonValue(QJsonObject{{u"status"_s, u"200"_s}}) << u"status"_s;
        QTest::newRow("missing body_file")
            << QJsonValue(QJsonObject{{u"body_file"_s, u"no/such.sse"_s}}) << u"no/such.sse"_s;
        QTest::newRow("body and body_file")
            << QJsonValue(QJsonObject{{u"body"_s, u"x"_s}, {u"body_file"_s, u"y"_s}})
            << u"not both"_s;
        QTest::newRow("bad chunk") << QJsonValue(QJsonObject{{u"chunk"_s, 0}}) << u"chunk"_s;
        QTest::newRow("bad chunk word")
            << QJsonValue(QJsonObject{{u"chunk"_s, u"some"_s}}) << u"chunk"_s;
        QTest::newRow("negative drip")
            << QJsonValue(QJsonObject{{u"drip_ms"_s, -1}}) << u"drip_ms"_s;
        QTest::newRow("fraction") << QJsonValue(QJsonObject{{u"times"_s, 1.5}}) << u"integers"_s;
        QTest::newRow("bad transfer")
            << QJsonValue(QJsonObject{{u"transfer"_s, u"pigeon"_s}}) << u"transfer"_s;
        QTest::newRow("bad match") << QJsonValue(QJsonObject{{u"match"_s, u"/v1"_s}}) << u"match"_s;
        QTest::newRow("bad path") << QJsonValue(QJsonObject{
                                         {u"match"_s, QJsonObject{{u"path"_s, u"v1"_s}}}})
                                  << u"match.path"_s;
        QTest::newRow("bad header")
            << QJsonValue(QJsonObject{{u"headers"_s, QJsonObject{{u"a"_s, true}}}}) << u"header"_s;
    }

    void badScripts()
    {
        QFETCH(QJsonValue, rule);
        QFETCH(QString, errorPart);
        load(QJsonArray{QJsonObject{{u"body"_s, u"kept"_s}}});
        QVERIFY(!m_server->loadScript(QJsonArray{rule}, claudette::test::dataPath(QString())));
        QVERIFY2(m_server->errorString().contains(errorPart), qPrintable(m_server->errorString()));
        // The old rules stay.
        QCOMPARE(exchange(m_server->port(), get("/")).body, "kept");
    }

    void badScriptFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(!m_server->loadScript(dir.filePath(u"missing.json"_s)));
        QVERIFY(m_server->errorString().contains(u"missing.json"_s));
        QFile bad(dir.filePath(u"bad.json"_s));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("[{\"status\": 200,");
        bad.close();
        QVERIFY(!m_server->loadScript(bad.fileName()));
        QVERIFY(m_server->errorString().contains(u"invalid JSON"_s));
        QFile scalar(dir.filePath(u"scalar.json"_s));
        QVERIFY(scalar.open(QIODevice::WriteOnly));
        scalar.write("{\"rules\": 5}");
        scalar.close();
        QVERIFY(!m_server->loadScript(scalar.fileName()));
        QVERIFY(m_server->errorString().contains(u"array"_s));
    }

    void executablePrintsPortAndLogs()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QFile::copy(claudette::test::dataPath(u"sse/plain_text_short__pydantic-ai.sse"_s),
                            dir.filePath(u"reply.sse"_s)));
        QFile script(dir.filePath(u"script.json"_s));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(R"({"rules": [{"match": {"method": "POST", "path": "/v1/messages"},
                      "body_file": "reply.sse"}]})");
        script.close();
        const QString log = dir.filePath(u"log.jsonl"_s);

        QProcess process;
        process.setProgram(QStringLiteral(CLAUDETTE_BINARY_DIR "/bin/claudette-fake-api"));
        process.setArguments({script.fileName(), u"--log"_s, log});
        process.start();
        QVERIFY2(process.waitForStarted(WaitMs), qPrintable(process.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), WaitMs);
        bool ok = false;
        const quint16 port = process.readLine().trimmed().toUShort(&ok);
        QVERIFY(ok && port > 0);

        const Exchange ex = exchange(
            port, post("/v1/messages", "{\"model\":\"m\"}", "x-api-key: sk-ant-secret\r\n"));
        QCOMPARE(ex.status, 200);
        QCOMPARE(ex.body, claudette::test::readData(u"sse/plain_text_short__pydantic-ai.sse"_s));
        QCOMPARE(exchange(port, get("/v1/other")).status, 404);

        const auto logLines = [&log] {
            QFile f(log);
            return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().split('\n')
                                               : QList<QByteArray>();
        };
        QTRY_COMPARE_WITH_TIMEOUT(logLines().size(), 2, WaitMs);
        const QList<QByteArray> lines = logLines();
        const QJsonObject first = QJsonDocument::fromJson(lines.at(0)).object();
        QCOMPARE(first[u"method"_s].toString(), u"POST"_s);
        QCOMPARE(first[u"path"_s].toString(), u"/v1/messages"_s);
        QCOMPARE(first[u"body"_s][u"model"_s].toString(), u"m"_s);
        QCOMPARE(first[u"status"_s].toInt(), 200);
        QCOMPARE(first[u"headers"_s][u"x-api-key"_s].toString(), u"<redacted>"_s);
        QVERIFY(!lines.at(0).contains("sk-ant-secret"));
        QCOMPARE(QJsonDocument::fromJson(lines.at(1))[u"status"_s].toInt(), 404);

        process.kill();
        QVERIFY(process.waitForFinished(WaitMs));
    }

    void executableRejectsBadScript()
    {
        QProcess process;
        process.start(QStringLiteral(CLAUDETTE_BINARY_DIR "/bin/claudette-fake-api"),
                      {u"/nonexistent/script.json"_s});
        QVERIFY(process.waitForFinished(WaitMs));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardError().contains("/nonexistent/script.json"));
        QVERIFY(process.readAllStandardOutput().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFakeApiServer)
#include "tst_fakeapiserver.moc"
