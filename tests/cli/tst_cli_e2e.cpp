// End-to-end tests of the claudette-cli executable against an in-process FakeApiServer on
// 127.0.0.1. The binary is the one of this build tree (CLAUDETTE_BINARY_DIR/src/cli).

#include "cli/commandline.h"
#include "core/api/sseparser.h"
#include "support/fakeapiserver.h"
#include "support/testdata.h"

#include <QEventLoop>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

using namespace Qt::StringLiterals;
using claudette::test::FakeApiServer;
namespace cli = claudette::cli;

namespace {
struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

QByteArray sse(const QList<QByteArray> &events)
{
    QByteArray out;
    for (const QByteArray &data : events) {
        const QJsonObject o = QJsonDocument::fromJson(data).object();
        out += "event: " + o.value("type"_L1).toString().toUtf8() + "\ndata: " + data + "\n\n";
    }
    return out;
}

const QByteArray kStart =
    R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}})";
const QByteArray kBlock =
    R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})";
const QByteArray kDelta =
    R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}})";
const QByteArray kDelta2 =
    R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" world"}})";

QJsonObject golden(const QString &name)
{
    return QJsonDocument::fromJson(claudette::test::readData(u"golden/"_s + name + u".json"_s))
        .object();
}

QString goldenText(const QJsonObject &message)
{
    QString text;
    for (const QJsonValue &block : message["content"_L1].toArray())
        if (block["type"_L1].toString() == "text"_L1)
            text += block["text"_L1].toString();
    return text;
}
} // namespace

class TestCliE2e : public QObject
{
    Q_OBJECT

private:
    QString m_cli;
    FakeApiServer *m_server = nullptr;
    QTemporaryDir m_dir;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &key : env.keys())
            if (key.startsWith("ANTHROPIC_"_L1))
                env.remove(key);
        env.insert(u"ANTHROPIC_API_KEY"_s, u"sk-test-key"_s);
        if (!env.contains(u"LSAN_OPTIONS"_s))
            env.insert(u"LSAN_OPTIONS"_s, u"suppressions=" CLAUDETTE_SOURCE_DIR
                                          "/tests/lsan.supp:print_suppressions=0"_s);
        return env;
    }

    void start(QProcess &process, QStringList args, const QProcessEnvironment &env)
    {
        if (!args.contains(u"--"_s))
            args.prepend(u"--base-url="_s + m_server->url().toString());
        else
            args.insert(args.indexOf(u"--"_s), u"--base-url="_s + m_server->url().toString());
        process.setProcessEnvironment(env);
        process.start(m_cli, args);
    }

    // Runs the CLI to its end while the event loop serves the fake API.
    Run run(const QStringList &args, const QByteArray &stdinData = {},
            std::optional<QProcessEnvironment> env = std::nullopt)
    {
        QProcess process;
        start(process, args, env.value_or(environment()));
        Run result;
        if (!process.waitForStarted(10000)) {
            qWarning() << "cannot start" << m_cli << process.errorString();
            return result;
        }
        process.write(stdinData);
        process.closeWriteChannel();
        if (process.state() != QProcess::NotRunning) {
            // Serve the fake API while waiting for the process.
            QEventLoop loop;
            connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
            QTimer::singleShot(60000, &loop, &QEventLoop::quit);
            loop.exec();
        }
        if (process.state() != QProcess::NotRunning) {
            qWarning() << "claudette-cli did not end; killing it";
            process.kill();
            process.waitForFinished();
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

    void serve(QJsonObject rule, const QString &path = u"/v1/messages"_s)
    {
        rule.insert("match"_L1, QJsonObject{{"path"_L1, path}});
        QVERIFY2(m_server->addRule(rule, claudette::test::dataPath(u"sse"_s)),
                 qPrintable(m_server->errorString()));
    }

    QJsonObject lastBody() const { return m_server->requests().constLast().json().object(); }

private Q_SLOTS:
    void initTestCase()
    {
        m_cli = QStringLiteral(CLAUDETTE_BINARY_DIR "/src/cli/claudette-cli");
        QVERIFY2(QFile::exists(m_cli), qPrintable(m_cli));
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        m_server = new FakeApiServer(this);
        QVERIFY(m_server->listen());
    }

    void cleanup()
    {
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnections(), 0, 10000);
        delete m_server;
        m_server = nullptr;
    }

    void textStreamedToStdout_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QJsonValue>("chunk");
        QTest::newRow("plain whole") << u"plain_text__llm-anthropic"_s << QJsonValue(u"all"_s);
        QTest::newRow("plain 1-byte") << u"plain_text__llm-anthropic"_s << QJsonValue(1);
        QTest::newRow("thinking random")
            << u"thinking_signature_delta__pydantic-ai"_s << QJsonValue(u"random"_s);
    }

    void textStreamedToStdout()
    {
        QFETCH(QString, name);
        QFETCH(QJsonValue, chunk);
        serve(QJsonObject{{"body_file"_L1, QString(name + u".sse"_s)}, {"chunk"_L1, chunk}});
        const Run r = run({u"Hello"_s, u"there"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QString expected = goldenText(golden(name));
        if (!expected.endsWith(u'\n'))
            expected += u'\n';
        QCOMPARE(QString::fromUtf8(r.out), expected);
        QCOMPARE(r.err, QByteArray());
        const QJsonObject body = lastBody();
        QCOMPARE(body["stream"_L1].toBool(), true);
        QCOMPARE(body["messages"_L1][0]["content"_L1][0]["text"_L1].toString(), u"Hello there"_s);
        QCOMPARE(m_server->requests().constLast().header("x-api-key"), "sk-test-key");
    }

    void jsonEqualsGolden_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString &file : claudette::test::dataFiles(u"sse"_s, u"*.sse"_s)) {
            const QString name = file.section(u'/', -1).chopped(4);
            if (!golden(name).contains("sdk_error"_L1))
                QTest::newRow(qPrintable(name)) << name;
        }
    }

    void jsonEqualsGolden()
    {
        QFETCH(QString, name);
        serve(QJsonObject{{"body_file"_L1, QString(name + u".sse"_s)}, {"chunk"_L1, u"random"_s}});
        const Run r = run({u"--json"_s, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QCOMPARE(r.out.count('\n'), 1);
        QCOMPARE(QJsonDocument::fromJson(r.out).object(), golden(name));
    }

    void eventsAsJsonLines()
    {
        const QString name = u"web_search_citations_delta__pydantic-ai"_s;
        serve(QJsonObject{{"body_file"_L1, QString(name + u".sse"_s)}});
        const Run r = run({u"--events"_s, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        claudette::SseParser parser;
        const QList<claudette::SseEvent> events =
            parser.feed(claudette::test::readData(u"sse/"_s + name + u".sse"_s));
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), events.size());
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QJsonObject line = QJsonDocument::fromJson(lines.at(i)).object();
            QCOMPARE(line, QJsonDocument::fromJson(events.at(i).data).object());
        }
    }

    void noStream()
    {
        const QByteArray body = claudette::test::readData(u"json/text_end_turn__vercel.json"_s);
        serve(QJsonObject{{"body"_L1, QString::fromUtf8(body)}});
        const Run r = run({u"--no-stream"_s, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        const QString text = goldenText(QJsonDocument::fromJson(body).object());
        QCOMPARE(QString::fromUtf8(r.out).trimmed(), text.trimmed());
        QVERIFY(!lastBody().contains("stream"_L1));

        const Run j = run({u"--no-stream"_s, u"--json"_s, u"Hi"_s});
        QCOMPARE(j.exitCode, int(cli::ExitSuccess));
        QCOMPARE(QJsonDocument::fromJson(j.out).object(), QJsonDocument::fromJson(body).object());
    }

    void usageLine()
    {
        serve(QJsonObject{{"body_file"_L1, u"plain_text__llm-anthropic.sse"_s}});
        const Run r = run({u"--usage"_s, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QVERIFY2(r.err.contains("In: 17; Out: 10; Cache create: 0; Cache read: 0; "
                                "Total Tokens: 27; Search: 0"),
                 r.err.constData());
        // Sonnet 4.5: 17 * $3 + 10 * $15 per million = $0.000201
        QVERIFY2(r.err.contains("Cost: $0.0002"), r.err.constData());
    }

    void usageUnknownPrice()
    {
        QByteArray body = claudette::test::readData(u"sse/plain_text__llm-anthropic.sse"_s);
        body.replace("claude-sonnet-4-5-20250929", "claude-mystery-9");
        serve(QJsonObject{{"body"_L1, QString::fromUtf8(body)}});
        const Run r = run({u"--usage"_s, u"--model"_s, u"claude-mystery-9"_s, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QVERIFY2(r.err.contains("In: 17; Out: 10;"), r.err.constData());
        QVERIFY2(r.err.contains("price unknown"), r.err.constData());
    }

    void errorStatusExitsOne_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        const std::pair<int, const char *> rows[] = {
            {400, "invalid_request_error"},
            {401, "authentication_error"},
            {403, "permission_error"},
            {404, "not_found_error"},
            {413, "request_too_large"},
            {429, "rate_limit_error"},
            {500, "api_error"},
            {529, "overloaded_error"},
        };
        for (const auto &[status, type] : rows)
            QTest::addRow("%d", status) << status << QString::fromLatin1(type);
    }

    void errorStatusExitsOne()
    {
        QFETCH(int, status);
        QFETCH(QString, type);
        serve(QJsonObject{
            {"status"_L1, status},
            {"headers"_L1, QJsonObject{{"request-id"_L1, "req_e2e_error"_L1}}},
            {"body"_L1,
             QJsonObject{{"type"_L1, "error"_L1},
                         {"error"_L1,
                          QJsonObject{{"type"_L1, type}, {"message"_L1, "Something bad"_L1}}}}}});
        const Run r = run({u"--max-retries"_s, u"0"_s, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitApiError));
        QCOMPARE(r.out, QByteArray());
        QVERIFY2(r.err.contains(type.toUtf8()), r.err.constData());
        QVERIFY2(r.err.contains("Something bad"), r.err.constData());
        QVERIFY2(r.err.contains("req_e2e_error"), r.err.constData());
    }

    void retriedThenSucceeds()
    {
        serve(QJsonObject{{"status"_L1, 529},
                          {"times"_L1, 1},
                          {"headers"_L1, QJsonObject{{"retry-after-ms"_L1, "10"_L1}}}});
        serve(QJsonObject{{"body_file"_L1, u"plain_text__llm-anthropic.sse"_s}});
        const Run r = run({u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QCOMPARE(m_server->requests().size(), 2);
    }

    void midStreamErrorKeepsText()
    {
        const QByteArray body =
            sse({kStart, kBlock, kDelta,
                 R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"});
        serve(QJsonObject{{"body"_L1, QString::fromUtf8(body)},
                          {"headers"_L1, QJsonObject{{"request-id"_L1, "req_mid"_L1}}}});
        const Run r = run({u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitApiError));
        QCOMPARE(r.out, "Hello\n");
        QVERIFY2(r.err.contains("overloaded_error"), r.err.constData());
        QVERIFY2(r.err.contains("req_mid"), r.err.constData());
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s, u"Hi"_s};
        QTest::newRow("no prompt") << QStringList{u"--json"_s};
        QTest::newRow("bad temperature") << QStringList{u"--temperature=7"_s, u"Hi"_s};
        QTest::newRow("prefill refused")
            << QStringList{u"--model"_s, u"claude-opus-4-6"_s, u"--prefill"_s, u"Sure"_s, u"Hi"_s};
        QTest::newRow("reserved subcommand") << QStringList{u"batches"_s};
    }

    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, args);
        serve(QJsonObject{{"body_file"_L1, u"plain_text__llm-anthropic.sse"_s}});
        const Run r = run(args);
        QCOMPARE(r.exitCode, int(cli::ExitUsage));
        QVERIFY(!r.err.isEmpty());
        QCOMPARE(r.out, QByteArray());
        QCOMPARE(m_server->requests().size(), 0);
    }

    void noCredentials()
    {
        QProcessEnvironment env = environment();
        env.remove(u"ANTHROPIC_API_KEY"_s);
        const Run r = run({u"Hi"_s}, {}, env);
        QCOMPARE(r.exitCode, int(cli::ExitUsage));
        QVERIFY(r.err.contains("ANTHROPIC_API_KEY"));
    }

    void fileErrorsExitThree_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("fileContent");
        QTest::newRow("missing image")
            << QStringList{u"--image"_s, u"@missing.png"_s, u"Hi"_s} << QByteArray();
        QTest::newRow("corrupt image") << QStringList{u"--image"_s, u"@file"_s, u"Hi"_s}
                                       << QByteArray("\x89PNG\r\n\x1a\n not really a png");
        QTest::newRow("unreadable key file")
            << QStringList{u"--api-key-file"_s, u"@missing.key"_s, u"Hi"_s} << QByteArray();
        QTest::newRow("missing document")
            << QStringList{u"--document"_s, u"@missing-doc.pdf"_s, u"Hi"_s} << QByteArray();
    }

    void fileErrorsExitThree()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, fileContent);
        const QString file = m_dir.filePath(u"file"_s);
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(fileContent);
        f.close();
        for (QString &a : args)
            if (a.startsWith(u'@'))
                a = a == "@file"_L1 ? file : m_dir.filePath(a.mid(1));
        serve(QJsonObject{{"body_file"_L1, u"plain_text__llm-anthropic.sse"_s}});
        const Run r = run(args);
        QCOMPARE(r.exitCode, int(cli::ExitFileError));
        QVERIFY(!r.err.isEmpty());
        QCOMPARE(m_server->requests().size(), 0);
    }

    void imageAndKeyFile()
    {
        QImage image(64, 48, QImage::Format_RGB32);
        image.fill(Qt::red);
        const QString imagePath = m_dir.filePath(u"red.png"_s);
        QVERIFY(image.save(imagePath, "PNG"));
        const QString keyPath = m_dir.filePath(u"key.txt"_s);
        QFile key(keyPath);
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write("sk-from-file\n");
        key.close();
        serve(QJsonObject{{"body_file"_L1, u"plain_text__llm-anthropic.sse"_s}});
        const Run r = run({u"--image"_s, imagePath, u"--api-key-file"_s, keyPath, u"What?"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QCOMPARE(m_server->requests().constLast().header("x-api-key"), "sk-from-file");
        const QJsonArray content = lastBody()["messages"_L1][0]["content"_L1].toArray();
        QCOMPARE(content.size(), 2);
        QCOMPARE(content.at(0)["type"_L1].toString(), u"image"_s);
        QCOMPARE(content.at(0)["source"_L1]["media_type"_L1].toString(), u"image/png"_s);
        QCOMPARE(content.at(1)["text"_L1].toString(), u"What?"_s);
    }

    void promptFromStdin()
    {
        serve(QJsonObject{{"body_file"_L1, u"plain_text__llm-anthropic.sse"_s}});
        const Run r = run({u"-"_s}, "a prompt from stdin\nwith two lines\n");
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QCOMPARE(lastBody()["messages"_L1][0]["content"_L1][0]["text"_L1].toString(),
                 u"a prompt from stdin\nwith two lines\n"_s);
    }

    void systemPrefillAndParameters()
    {
        serve(QJsonObject{{"body_file"_L1, u"plain_text__llm-anthropic.sse"_s}});
        const Run r = run({u"--system"_s, u"Be terse"_s, u"--prefill"_s, u"Names:"_s,
                           u"--max-tokens"_s, u"100"_s, u"--stop"_s, u"END"_s, u"--stop"_s,
                           u"FIN"_s, u"--top-k"_s, u"5"_s, u"Name"_s, u"dogs"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QVERIFY(r.out.startsWith("Names:- Captain"));
        const QJsonObject body = lastBody();
        QCOMPARE(body["system"_L1].toString(), u"Be terse"_s);
        QCOMPARE(body["max_tokens"_L1].toInt(), 100);
        QCOMPARE(body["top_k"_L1].toInt(), 5);
        QCOMPARE(body["stop_sequences"_L1].toArray(), (QJsonArray{u"END"_s, u"FIN"_s}));
        const QJsonArray messages = body["messages"_L1].toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(1)["role"_L1].toString(), u"assistant"_s);
    }

#ifdef Q_OS_UNIX
    void sigintPrintsWhatArrivedThenExits130()
    {
        const QByteArray body = sse({kStart, kBlock, kDelta, kDelta2});
        serve(QJsonObject{{"body"_L1, QString::fromUtf8(body)},
                          {"stall_at"_L1, body.indexOf(kDelta2) - 30},
                          {"stall_ms"_L1, -1}});
        QProcess process;
        start(process, {u"Hi"_s}, environment());
        QVERIFY(process.waitForStarted(10000));
        process.closeWriteChannel();
        // The stream stalls after "Hello": wait until it is on stdout, then press Ctrl-C.
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += process.readAllStandardOutput()).contains("Hello"), 20000);
        ::kill(pid_t(process.processId()), SIGINT);
        QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 20000);
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), int(cli::ExitInterrupted));
        out += process.readAllStandardOutput();
        QCOMPARE(out, "Hello\n");
    }
#endif

    void modelsAllPages()
    {
        const auto page = [](const QStringList &ids, bool more) {
            QJsonArray data;
            for (const QString &id : ids)
                data.append(QJsonObject{{"id"_L1, id},
                                        {"type"_L1, "model"_L1},
                                        {"display_name"_L1, QString(u"Name "_s + id)},
                                        {"created_at"_L1, "2025-01-01T00:00:00Z"_L1}});
            return QJsonObject{{"data"_L1, data},
                               {"has_more"_L1, more},
                               {"first_id"_L1, ids.first()},
                               {"last_id"_L1, ids.last()}};
        };
        serve(QJsonObject{{"times"_L1, 1}, {"body"_L1, page({u"m1"_s, u"m2"_s}, true)}},
              u"/v1/models*"_s);
        serve(QJsonObject{{"times"_L1, 1}, {"body"_L1, page({u"m3"_s}, false)}}, u"/v1/models*"_s);
        const Run r = run({u"models"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), "m1\tName m1\t2025-01-01T00:00:00Z");
        QCOMPARE(lines.at(2).left(3), "m3\t");
        QCOMPARE(m_server->requests().size(), 2);
        QVERIFY(m_server->requests().at(1).path.contains("after_id=m2"));
    }

    void modelsOne()
    {
        serve(QJsonObject{{"body"_L1, QJsonObject{{"id"_L1, "claude-x"_L1},
                                                  {"display_name"_L1, "Claude X"_L1},
                                                  {"created_at"_L1, "2025-02-02T00:00:00Z"_L1}}}},
              u"/v1/models/claude-x"_s);
        const Run r = run({u"models"_s, u"claude-x"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QCOMPARE(r.out, "claude-x\tClaude X\t2025-02-02T00:00:00Z\n");
        const Run missing = run({u"models"_s, u"nope"_s});
        QCOMPARE(missing.exitCode, int(cli::ExitApiError));
        QVERIFY(missing.err.contains("not_found_error"));
    }

    void countTokens()
    {
        serve(QJsonObject{{"body"_L1, QJsonObject{{"input_tokens"_L1, 42}}}},
              u"/v1/messages/count_tokens"_s);
        const Run r = run({u"count-tokens"_s, u"--system"_s, u"sys"_s, u"How"_s, u"many"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QCOMPARE(r.out, "42\n");
        const QJsonObject body = lastBody();
        QCOMPARE(body["system"_L1].toString(), u"sys"_s);
        QVERIFY(!body.contains("max_tokens"_L1));
        QVERIFY(!body.contains("stream"_L1));
        QCOMPARE(body["messages"_L1][0]["content"_L1][0]["text"_L1].toString(), u"How many"_s);
        const Run j = run({u"count-tokens"_s, u"--json"_s, u"How"_s});
        QCOMPARE(QJsonDocument::fromJson(j.out).object()["input_tokens"_L1].toInt(), 42);
    }
};

QTEST_GUILESS_MAIN(TestCliE2e)
#include "tst_cli_e2e.moc"
