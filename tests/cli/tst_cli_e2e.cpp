// End-to-end tests of the claudette-cli executable against an in-process FakeApiServer on
// 127.0.0.1. The binary is the one of this build tree (CLAUDETTE_BINARY_DIR/src/cli).

#include "cli/commandline.h"
#include "core/api/sseparser.h"
#include "core/store/conversation.h"
#include "core/store/conversationfile.h"
#include "core/store/filelock.h"
#include "support/fakeapiserver.h"
#include "support/ssebuilder.h"
#include "support/testdata.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <csignal>
#include <unistd.h>
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

using claudette::test::SseBuilder;

QByteArray sse(const QList<QByteArray> &events)
{
    return SseBuilder::body(events);
}

const QByteArray kStart = SseBuilder::messageStart();
const QByteArray kBlock = SseBuilder::textBlockStart();
const QByteArray kDelta = SseBuilder::textDelta(u"Hello"_s);
const QByteArray kDelta2 = SseBuilder::textDelta(u" world"_s);

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
        // The library, journals and ledger of the CLI go under the test's folder.
        env.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"xdg-data"_s));
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"xdg-config"_s));
        env.insert(u"XDG_CACHE_HOME"_s, m_dir.filePath(u"xdg-cache"_s));
        if (!env.contains(u"LSAN_OPTIONS"_s))
            env.insert(u"LSAN_OPTIONS"_s, u"suppressions=" CLAUDETTE_SOURCE_DIR
                                          "/tests/lsan.supp:print_suppressions=0"_s);
        return env;
    }

    void start(QProcess &process, QStringList args, const QProcessEnvironment &env,
               bool noTerminal = true)
    {
#ifdef Q_OS_UNIX
        // A session of its own has no controlling terminal: a tool approval cannot be asked.
        if (noTerminal)
            process.setChildProcessModifier([] { ::setsid(); });
#else
        Q_UNUSED(noTerminal);
#endif
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

    QString dataHome() const { return m_dir.filePath(u"xdg-data/claudette"_s); }

    static QByteArray readFile(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    static bool writeFile(const QString &path, const QByteArray &bytes)
    {
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
    }

    static std::optional<claudette::ConversationData> load(const QString &path)
    {
        return claudette::ConversationFile::load(path).data;
    }

    void serveText(const QString &text, int times = 1)
    {
        serve(QJsonObject{{"times"_L1, times},
                          {"body"_L1, QString::fromUtf8(SseBuilder::textReply(text))}});
    }

    void serveToolUse(const QString &name, const QJsonObject &input, int times = 1)
    {
        serve(QJsonObject{
            {"times"_L1, times},
            {"body"_L1, QString::fromUtf8(SseBuilder::toolUseReply(u"toolu_1"_s, name, input))}});
    }

    /// A tool definition file running @p command (an argv list).
    QString toolFile(const QString &name, const QStringList &command, int timeoutSeconds = 10)
    {
        const QString path = m_dir.filePath(name + u".json"_s);
        const QJsonObject tool{
            {"name"_L1, name},
            {"description"_L1, u"A test tool"_s},
            {"input_schema"_L1,
             QJsonObject{{"type"_L1, "object"_L1},
                         {"properties"_L1,
                          QJsonObject{{"text"_L1, QJsonObject{{"type"_L1, "string"_L1}}}}}}},
            {"command"_L1, QJsonArray::fromStringList(command)},
            {"timeout_seconds"_L1, timeoutSeconds}};
        writeFile(path, QJsonDocument(tool).toJson());
        return path;
    }

    /// The tool_result blocks the last request sent back.
    QJsonArray lastToolResults() const
    {
        const QJsonArray messages = lastBody()["messages"_L1].toArray();
        QJsonArray results;
        for (const QJsonValue &block : messages.last()["content"_L1].toArray())
            if (block["type"_L1].toString() == "tool_result"_L1)
                results.append(block);
        return results;
    }

    static QString resultText(const QJsonValue &result)
    {
        const QJsonValue content = result["content"_L1];
        if (content.isString())
            return content.toString();
        QString text;
        for (const QJsonValue &b : content.toArray())
            text += b["text"_L1].toString();
        return text;
    }

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

    // A redirect to another origin ends the command with exit code 1 and a message naming
    // the target; the other origin gets nothing (so not the API key).
    void crossOriginRedirectExitsOne()
    {
        FakeApiServer other;
        QVERIFY(other.listen());
        const QString target = other.url().toString() + u"/v1/messages"_s;
        serve(
            QJsonObject{{"status"_L1, 307}, {"headers"_L1, QJsonObject{{"location"_L1, target}}}});
        const Run r = run({u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitApiError));
        QCOMPARE(r.out, QByteArray());
        QVERIFY2(r.err.contains("Redirect refused"), r.err.constData());
        QVERIFY2(r.err.contains(target.toUtf8()), r.err.constData());
        QVERIFY2(r.err.contains("another origin"), r.err.constData());
        QVERIFY2(!r.err.contains("sk-test-key"), r.err.constData());
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(other.requests().size(), 0);
    }

    // --- time limits (issue 16, point 2), with limits of fractions of a second

    // A reply that goes silent ends after --idle-timeout: exit 1, the message names the limit,
    // the text that arrived is printed and saved as an interrupted reply; not sent again.
    void idleTimeoutKeepsPartialReply()
    {
        const QString file = m_dir.filePath(u"idle.claudette"_s);
        QFile::remove(file);
        const QByteArray body = sse({kStart, kBlock, kDelta, kDelta2});
        serve(QJsonObject{{"body"_L1, QString::fromUtf8(body)},
                          {"stall_at"_L1, body.indexOf(kDelta2)},
                          {"stall_ms"_L1, -1}});
        const Run r = run({u"--idle-timeout"_s, u"0.3"_s, u"--max-retries"_s, u"2"_s,
                           u"--conversation"_s, file, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitApiError));
        QCOMPARE(r.out, "Hello\n");
        QVERIFY2(r.err.contains("No data for 0.3 s (the idle timeout)"), r.err.constData());
        QCOMPARE(m_server->requests().size(), 1);
        const auto data = load(file);
        QVERIFY(data);
        QCOMPARE(data->turns.size(), 2);
        QCOMPARE(data->turns.at(1).status, claudette::TurnStatus::Interrupted);
        QCOMPARE(data->turns.at(1).content.at(0)["text"_L1].toString(), u"Hello"_s);
    }

    // Pings are traffic: a stream that pings more often than the idle timeout lives on.
    void pingsKeepAStreamAlive()
    {
        const QByteArray ping = "event: ping\ndata: {\"type\": \"ping\"}\n\n";
        QList<QByteArray> events{kStart, kBlock, kDelta};
        for (int i = 0; i < 6; ++i)
            events.append(ping);
        events.append(SseBuilder::blockStop());
        events.append(SseBuilder::messageDelta(u"end_turn"_s, 5));
        events.append(SseBuilder::messageStop());
        const QByteArray body = sse(events);
        QVERIFY(body.size() / ping.size() * 150 > 4 * 400);
        // A ping's worth of bytes every 150 ms, the whole taking far longer than the idle limit
        // of 400 ms.
        serve(QJsonObject{
            {"body"_L1, QString::fromUtf8(body)}, {"chunk"_L1, ping.size()}, {"drip_ms"_L1, 150}});
        const Run r = run({u"--idle-timeout"_s, u"0.4"_s, u"Hi"_s});
        QVERIFY2(r.exitCode == int(cli::ExitSuccess), r.err.constData());
        QCOMPARE(r.out, "Hello\n");
    }

    // --timeout is the time to the response headers; a timeout is retried as the SDK does.
    void timeoutBeforeHeadersIsRetried()
    {
        serve(QJsonObject{{"delay_ms"_L1, 3000}, {"times"_L1, 1}});
        serveText(u"Second try"_s);
        Run r = run({u"--timeout"_s, u"0.3"_s, u"--max-retries"_s, u"1"_s, u"Hi"_s});
        QVERIFY2(r.exitCode == int(cli::ExitSuccess), r.err.constData());
        QCOMPARE(r.out, "Second try\n");
        QCOMPARE(m_server->requests().size(), 2);

        m_server->clearRequests();
        serve(QJsonObject{{"delay_ms"_L1, 3000}, {"times"_L1, 1}});
        r = run({u"--timeout"_s, u"0.3"_s, u"--max-retries"_s, u"0"_s, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitApiError));
        QVERIFY2(r.err.contains("within the request timeout of 0.3 s"), r.err.constData());
        QCOMPARE(m_server->requests().size(), 1);
    }

    // --deadline bounds the request with its retries and their waits.
    void deadlineBoundsRetries()
    {
        serve(QJsonObject{{"status"_L1, 529},
                          {"headers"_L1, QJsonObject{{"retry-after-ms"_L1, "200"_L1}}}});
        QElapsedTimer timer;
        timer.start();
        const Run r = run({u"--deadline"_s, u"0.7"_s, u"--max-retries"_s, u"50"_s, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitApiError));
        QVERIFY2(r.err.contains("deadline of 0.7 s"), r.err.constData());
        QVERIFY2(r.err.contains("overloaded_error"), r.err.constData()); // the last attempt's
        QVERIFY(m_server->requests().size() >= 2);
        QVERIFY(m_server->requests().size() <= 5);
        QVERIFY(timer.elapsed() < 10000);
    }

    // A deadline also ends a stream that is still going, keeping what arrived.
    void deadlineEndsALongStream()
    {
        const QString file = m_dir.filePath(u"deadline.claudette"_s);
        QFile::remove(file);
        const QByteArray body = sse({kStart, kBlock, kDelta, kDelta2});
        serve(QJsonObject{{"body"_L1, QString::fromUtf8(body)},
                          {"stall_at"_L1, body.indexOf(kDelta2)},
                          {"stall_ms"_L1, -1}});
        const Run r = run({u"--deadline"_s, u"0.5"_s, u"--conversation"_s, file, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitApiError));
        QCOMPARE(r.out, "Hello\n");
        QVERIFY2(r.err.contains("ran past its deadline"), r.err.constData());
        const auto data = load(file);
        QVERIFY(data);
        QCOMPARE(data->turns.at(1).status, claudette::TurnStatus::Interrupted);
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
        const QByteArray body = sse(
            {kStart, kBlock, kDelta, SseBuilder::error(u"overloaded_error"_s, u"Overloaded"_s)});
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
        QTest::newRow("prefill with tools")
            << QStringList{u"--web-search"_s, u"--prefill"_s, u"Sure"_s, u"Hi"_s};
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

    // --- conversations (issue 5.7)

    void conversationFileContinues()
    {
        const QString file = m_dir.filePath(u"continue.claudette"_s);
        QFile::remove(file);
        serveText(u"First answer"_s);
        Run r = run({u"--conversation"_s, file, u"--system"_s, u"Be kind"_s, u"Hello"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QCOMPARE(r.out, "First answer\n");
        auto data = load(file);
        QVERIFY(data);
        QCOMPARE(data->turns.size(), 2);
        QCOMPARE(data->turns.at(1).status, claudette::TurnStatus::Complete);
        QCOMPARE(data->settings.value("system"_L1).toString(), u"Be kind"_s);
        // No journal is left, no lock either.
        QCOMPARE(QDir(dataHome() + u"/journals"_s).entryList(QDir::Files).size(), 0);
        QVERIFY(!QFileInfo::exists(claudette::FileLock::lockPathFor(file)));

        serveText(u"Second answer"_s);
        r = run({u"--conversation"_s, file, u"And"_s, u"again"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        const QJsonObject body = lastBody();
        QCOMPARE(body["system"_L1].toString(), u"Be kind"_s); // kept from the file
        const QJsonArray messages = body["messages"_L1].toArray();
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages.at(1)["content"_L1][0]["text"_L1].toString(), u"First answer"_s);
        QCOMPARE(messages.at(2)["content"_L1][0]["text"_L1].toString(), u"And again"_s);
        data = load(file);
        QCOMPARE(data->turns.size(), 4);
    }

#ifdef Q_OS_UNIX
    void userTurnOnDiskBeforeReplyAndJournaled()
    {
        const QString file = m_dir.filePath(u"journaled.claudette"_s);
        QFile::remove(file);
        const QByteArray body = sse({kStart, kBlock, kDelta, kDelta2});
        serve(QJsonObject{{"body"_L1, QString::fromUtf8(body)},
                          {"stall_at"_L1, body.indexOf(kDelta2) - 30},
                          {"stall_ms"_L1, -1}});
        QProcess process;
        start(process, {u"--conversation"_s, file, u"Remember"_s, u"me"_s}, environment());
        QVERIFY(process.waitForStarted(10000));
        process.closeWriteChannel();
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += process.readAllStandardOutput()).contains("Hello"), 20000);
        // While the reply streams: the user turn is in the file, the events in the journal.
        const auto data = load(file);
        QVERIFY(data);
        QVERIFY(!data->turns.isEmpty());
        QCOMPARE(data->turns.at(0).role, u"user"_s);
        const QString journal = dataHome() + u"/journals/"_s + data->id + u".jsonl"_s;
        QTRY_VERIFY_WITH_TIMEOUT(readFile(journal).contains("Hello"), 5000);
        // A second writer is refused while this one holds the lock.
        const Run locked = run({u"--conversation"_s, file, u"Hi"_s});
        QCOMPARE(locked.exitCode, int(cli::ExitFileError));
        QVERIFY2(locked.err.contains("in use"), locked.err.constData());

        ::kill(pid_t(process.processId()), SIGINT);
        QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 20000);
        QCOMPARE(process.exitCode(), int(cli::ExitInterrupted));
        const auto after = load(file);
        QCOMPARE(after->turns.size(), 2);
        QCOMPARE(after->turns.at(1).status, claudette::TurnStatus::Stopped);
        QCOMPARE(after->turns.at(1).content.at(0)["text"_L1].toString(), u"Hello"_s);
        QVERIFY(!QFileInfo::exists(journal));
    }
#endif

    void lockedConversationExitsThree()
    {
        const QString file = m_dir.filePath(u"locked.claudette"_s);
        QFile::remove(file);
        serveText(u"ok"_s);
        QCOMPARE(run({u"--conversation"_s, file, u"Hi"_s}).exitCode, int(cli::ExitSuccess));
        const QByteArray before = readFile(file);
        claudette::FileLock lock(file); // held by this (live) test process
        QVERIFY(lock.tryLock());
        const Run r = run({u"--conversation"_s, file, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitFileError));
        QVERIFY2(r.err.contains("in use"), r.err.constData());
        QCOMPARE(readFile(file), before);
        QCOMPARE(m_server->requests().size(), 1);
    }

    void badConversationFileExitsThree_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("not json") << QByteArray("this is not a conversation");
        QTest::newRow("other json") << QByteArray(R"({"hello":"world"})");
        QTest::newRow("empty") << QByteArray();
    }

    void badConversationFileExitsThree()
    {
        QFETCH(QByteArray, content);
        const QString file = m_dir.filePath(u"bad.claudette"_s);
        QVERIFY(writeFile(file, content));
        serveText(u"never"_s);
        const Run r = run({u"--conversation"_s, file, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitFileError));
        QVERIFY2(r.err.contains("bad.claudette"), r.err.constData());
        QCOMPARE(readFile(file), content); // untouched
        QCOMPARE(m_server->requests().size(), 0);
        const Run e = run({u"export"_s, file, u"--to"_s, u"md"_s});
        QCOMPARE(e.exitCode, int(cli::ExitFileError));
        QCOMPARE(e.out, QByteArray());
    }

    void saveListSearchExport()
    {
        serveText(u"Octopuses have three hearts."_s);
        const Run r = run({u"--save"_s, u"Tell me about cephalopods"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        const QString libraryDir = dataHome() + u"/library"_s;
        QVERIFY2(r.err.contains(libraryDir.toUtf8()), r.err.constData());
        const QStringList files = QDir(libraryDir).entryList({u"*.claudette"_s}, QDir::Files);
        QCOMPARE(files.size(), 1);
        const QString path = QDir(libraryDir).filePath(files.first());

        // list: path, title, last used
        const Run l = run({u"list"_s});
        QCOMPARE(l.exitCode, int(cli::ExitSuccess));
        QVERIFY2(l.out.startsWith(QByteArray(path.toUtf8() + "\tTell me about cephalopods\t")),
                 l.out.constData());
        const Run lj = run({u"list"_s, u"--json"_s});
        QCOMPARE(lj.exitCode, int(cli::ExitSuccess));
        const QJsonArray listed = QJsonDocument::fromJson(lj.out).array();
        // The most recent first (conversations of earlier tests, used with --conversation, follow).
        QVERIFY(!listed.isEmpty());
        QCOMPARE(listed.at(0)["path"_L1].toString(), path);
        QCOMPARE(listed.at(0)["title"_L1].toString(), u"Tell me about cephalopods"_s);
        QVERIFY(!listed.at(0)["last_used"_L1].toString().isEmpty());

        // search: a word of the reply, a prefix of the prompt, and one that is nowhere
        const Run s = run({u"search"_s, u"hearts"_s});
        QCOMPARE(s.exitCode, int(cli::ExitSuccess));
        QVERIFY2(s.out.startsWith(QByteArray(path.toUtf8() + '\t')), s.out.constData());
        QVERIFY2(s.out.contains("[hearts]"), s.out.constData());
        const Run sj = run({u"search"_s, u"--json"_s, u"cephalo"_s});
        QCOMPARE(sj.exitCode, int(cli::ExitSuccess));
        const QJsonArray hits = QJsonDocument::fromJson(sj.out).array();
        QVERIFY(!hits.isEmpty());
        QCOMPARE(hits.at(0)["path"_L1].toString(), path);
        const Run none = run({u"search"_s, u"zebra"_s});
        QCOMPARE(none.exitCode, int(cli::ExitSuccess));
        QCOMPARE(none.out, QByteArray());

        // export to stdout and to a file
        const Run md = run({u"export"_s, path, u"--to"_s, u"md"_s});
        QCOMPARE(md.exitCode, int(cli::ExitSuccess));
        QVERIFY(md.out.startsWith("# Tell me about cephalopods\n"));
        QVERIFY(md.out.contains("Octopuses have three hearts."));
        const QString htmlPath = m_dir.filePath(u"export.html"_s);
        const Run html = run({u"export"_s, path, u"-o"_s, htmlPath});
        QCOMPARE(html.exitCode, int(cli::ExitSuccess));
        QCOMPARE(html.out, QByteArray());
        QVERIFY(readFile(htmlPath).startsWith("<!DOCTYPE html>"));
        const Run json = run({u"export"_s, path, u"--to=json"_s});
        QCOMPARE(json.exitCode, int(cli::ExitSuccess));
        const QJsonObject api = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(api["messages"_L1].toArray().size(), 2);
        QCOMPARE(m_server->requests().size(), 1); // none of these called the API
    }

    void exportErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("unknown --to") << QStringList{u"export"_s, u"@conv"_s, u"--to"_s, u"pdf"_s}
                                      << int(cli::ExitUsage) << QByteArray("md, html or json");
        QTest::newRow("no --to") << QStringList{u"export"_s, u"@conv"_s} << int(cli::ExitUsage)
                                 << QByteArray("--to");
        QTest::newRow("no file") << QStringList{u"export"_s, u"--to"_s, u"md"_s}
                                 << int(cli::ExitUsage) << QByteArray("one conversation file");
        QTest::newRow("missing file")
            << QStringList{u"export"_s, u"@missing.claudette"_s, u"--to"_s, u"md"_s}
            << int(cli::ExitFileError) << QByteArray("missing.claudette");
        QTest::newRow("unwritable -o")
            << QStringList{u"export"_s, u"@conv"_s, u"-o"_s, u"@no/such/dir/out.md"_s}
            << int(cli::ExitFileError) << QByteArray("cannot write");
        QTest::newRow("list takes no words")
            << QStringList{u"list"_s, u"x"_s} << int(cli::ExitUsage) << QByteArray("no words");
        QTest::newRow("search needs words")
            << QStringList{u"search"_s} << int(cli::ExitUsage) << QByteArray("words");
        QTest::newRow("save with conversation")
            << QStringList{u"--save"_s, u"--conversation"_s, u"@conv"_s, u"Hi"_s}
            << int(cli::ExitUsage) << QByteArray("together");
    }

    void exportErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, message);
        const QString conv = m_dir.filePath(u"export-src.claudette"_s);
        claudette::Conversation c;
        c.appendUserTurn(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, "Hi"_L1}}});
        QVERIFY(claudette::ConversationFile::save(conv, c.data()).ok);
        for (QString &a : args)
            if (a.startsWith(u'@'))
                a = a == "@conv"_L1 ? conv : m_dir.filePath(a.mid(1));
        const Run r = run(args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), r.err.constData());
        QCOMPARE(r.out, QByteArray());
    }

    void interactiveKeepsHistoryAndSaves()
    {
        const QString file = m_dir.filePath(u"interactive.claudette"_s);
        QFile::remove(file);
        serveText(u"One"_s);
        serveText(u"Two"_s);
        const Run r = run({u"-i"_s, u"--conversation"_s, file}, "first\n\nsecond\n");
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QCOMPARE(r.out, "One\nTwo\n");
        QCOMPARE(m_server->requests().size(), 2);
        const QJsonArray messages = lastBody()["messages"_L1].toArray();
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages.at(0)["content"_L1][0]["text"_L1].toString(), u"first"_s);
        QCOMPARE(messages.at(2)["content"_L1][0]["text"_L1].toString(), u"second"_s);
        QCOMPARE(load(file)->turns.size(), 4);
    }

    void spendingGoesToTheLedger()
    {
        QFile::remove(dataHome() + u"/ledger.jsonl"_s);
        serve(QJsonObject{{"body_file"_L1, u"plain_text__llm-anthropic.sse"_s}});
        QCOMPARE(run({u"Hi"_s}).exitCode, int(cli::ExitSuccess));
        const QList<QByteArray> lines =
            readFile(dataHome() + u"/ledger.jsonl"_s).trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        const QJsonObject entry = QJsonDocument::fromJson(lines.at(0)).object();
        QCOMPARE(entry["source"_L1].toString(), u"cli"_s);
        QVERIFY2(QString::fromUtf8(lines.at(0)).contains(u"claude-sonnet-4-5"_s),
                 lines.at(0).constData());
    }

    // --- tools, structured output, caching (issue 7.8)

    void localToolRunsWithYes()
    {
        const QString tool = toolFile(
            u"shout"_s, {u"python3"_s, u"-c"_s,
                         u"import sys, json; print(json.load(sys.stdin)['text'].upper())"_s});
        serveToolUse(u"shout"_s, QJsonObject{{"text"_L1, "quiet"_L1}});
        serveText(u"It says QUIET."_s);
        const Run r = run({u"--tool"_s, tool, u"--yes"_s, u"--usage"_s, u"Shout quiet"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QCOMPARE(r.out, "It says QUIET.\n");
        QCOMPARE(m_server->requests().size(), 2);
        const QJsonObject first = m_server->requests().constFirst().json().object();
        QCOMPARE(first["tools"_L1][0]["name"_L1].toString(), u"shout"_s);
        const QJsonArray results = lastToolResults();
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.at(0)["tool_use_id"_L1].toString(), u"toolu_1"_s);
        QCOMPARE(resultText(results.at(0)).trimmed(), u"QUIET"_s);
        QVERIFY(!results.at(0)["is_error"_L1].toBool());
        // --usage sums both requests.
        QVERIFY2(r.err.contains("In: 20; Out: 10;"), r.err.constData());
    }

    void toolDeniedWithoutTerminal()
    {
        const QString marker = m_dir.filePath(u"ran"_s);
        QFile::remove(marker);
        const QString tool = toolFile(u"touchy"_s, {u"touch"_s, marker});
        serveToolUse(u"touchy"_s, QJsonObject{});
        serveText(u"Fine, I will not."_s);
        const Run r = run({u"--tool"_s, tool, u"Touch it"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QVERIFY2(r.err.contains("no terminal"), r.err.constData());
        QVERIFY2(r.err.contains("--yes"), r.err.constData());
        QVERIFY(!QFileInfo::exists(marker));
        const QJsonArray results = lastToolResults();
        QCOMPARE(results.size(), 1);
        QVERIFY(results.at(0)["is_error"_L1].toBool());
        QVERIFY2(resultText(results.at(0)).contains(u"denied"_s),
                 qPrintable(resultText(results.at(0))));
    }

    void toolFailureAndTimeout_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<int>("timeout");
        QTest::addColumn<QString>("expected");
        QTest::newRow("exit status")
            << QStringList{u"sh"_s, u"-c"_s, u"echo broken >&2; exit 3"_s} << 10 << u"broken"_s;
        QTest::newRow("timeout") << QStringList{u"sleep"_s, u"30"_s} << 1 << u"within 1 s"_s;
        QTest::newRow("missing program")
            << QStringList{u"/nonexistent/tool-program"_s} << 10 << u"tool-program"_s;
    }

    void toolFailureAndTimeout()
    {
        QFETCH(QStringList, command);
        QFETCH(int, timeout);
        QFETCH(QString, expected);
        const QString tool = toolFile(u"flaky"_s, command, timeout);
        serveToolUse(u"flaky"_s, QJsonObject{});
        serveText(u"The tool failed."_s);
        const Run r = run({u"--tool"_s, tool, u"--yes"_s, u"Try"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QCOMPARE(r.out, "The tool failed.\n");
        QVERIFY2(r.err.contains("tool flaky failed"), r.err.constData());
        const QJsonArray results = lastToolResults();
        QCOMPARE(results.size(), 1);
        QVERIFY(results.at(0)["is_error"_L1].toBool());
        QVERIFY2(resultText(results.at(0)).contains(expected, Qt::CaseInsensitive),
                 qPrintable(resultText(results.at(0))));
    }

    void maxStepsExitsFour()
    {
        const QString tool = toolFile(u"again"_s, {u"echo"_s, u"more"_s});
        serveToolUse(u"again"_s, QJsonObject{}, -1);
        const Run r = run({u"--tool"_s, tool, u"--yes"_s, u"--max-steps"_s, u"2"_s, u"Loop"_s});
        QCOMPARE(r.exitCode, int(cli::ExitMaxSteps));
        QCOMPARE(m_server->requests().size(), 2);
        QVERIFY2(r.err.contains("--max-steps"), r.err.constData());
    }

    void toolsSavedInConversation()
    {
        const QString file = m_dir.filePath(u"tools.claudette"_s);
        QFile::remove(file);
        const QString tool = toolFile(u"echoer"_s, {u"echo"_s, u"echoed"_s});
        serveToolUse(u"echoer"_s, QJsonObject{{"text"_L1, "x"_L1}});
        serveText(u"Done."_s);
        const Run r = run({u"--conversation"_s, file, u"--tool"_s, tool, u"--yes"_s, u"Go"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        const auto data = load(file);
        QVERIFY(data);
        QCOMPARE(data->turns.size(), 4); // prompt, tool_use, tool_result, answer
        QCOMPARE(data->turns.at(1).content.at(0)["type"_L1].toString(), u"tool_use"_s);
        QCOMPARE(data->turns.at(2).content.at(0)["type"_L1].toString(), u"tool_result"_s);
        QCOMPARE(data->turns.at(3).content.at(0)["text"_L1].toString(), u"Done."_s);
    }

    void mcpServerTools()
    {
        const QString server = u"python3 "_s + claudette::test::dataPath(u"tools/mcp_server.py"_s);
        serveToolUse(u"add"_s, QJsonObject{{"a"_L1, 2}, {"b"_L1, 3}});
        serveText(u"Five."_s);
        const Run r = run({u"--mcp"_s, server, u"--yes"_s, u"Add 2 and 3"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QCOMPARE(r.out, "Five.\n");
        const QJsonObject first = m_server->requests().constFirst().json().object();
        QStringList names;
        for (const QJsonValue &t : first["tools"_L1].toArray())
            names.append(t["name"_L1].toString());
        QVERIFY(names.contains(u"add"_s));
        QCOMPARE(resultText(lastToolResults().at(0)).trimmed(), u"5"_s);

        const Run bad = run({u"--mcp"_s, u"/nonexistent/mcp-server"_s, u"Hi"_s});
        QCOMPARE(bad.exitCode, int(cli::ExitFileError));
        QVERIFY2(bad.err.contains("MCP server"), bad.err.constData());
    }

    void toolOptionsInRequest()
    {
        const QString tool = toolFile(u"pick"_s, {u"echo"_s, u"x"_s});
        serveText(u"ok"_s, -1);
        Run r = run({u"--tool"_s, tool, u"--tool-choice"_s, u"pick"_s, u"--no-parallel-tools"_s,
                     u"--web-search"_s, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QJsonObject body = lastBody();
        QCOMPARE(body["tool_choice"_L1]["type"_L1].toString(), u"tool"_s);
        QCOMPARE(body["tool_choice"_L1]["name"_L1].toString(), u"pick"_s);
        QCOMPARE(body["tool_choice"_L1]["disable_parallel_tool_use"_L1].toBool(), true);
        QStringList types;
        for (const QJsonValue &t : body["tools"_L1].toArray())
            types.append(t["type"_L1].toString() + u':' + t["name"_L1].toString());
        QVERIFY2(types.join(u' ').contains(u"web_search"_s), qPrintable(types.join(u' ')));

        r = run({u"--tool"_s, tool, u"--tool-choice"_s, u"nope"_s, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitUsage));
        QVERIFY2(r.err.contains("nope"), r.err.constData());
    }

    void badToolFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("exists");
        QTest::newRow("missing") << QByteArray() << false;
        QTest::newRow("not json") << QByteArray("{ nope") << true;
        QTest::newRow("no command")
            << QByteArray(R"({"name":"x","input_schema":{"type":"object"}})") << true;
    }

    void badToolFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(bool, exists);
        const QString path = m_dir.filePath(u"badtool.json"_s);
        QFile::remove(path);
        if (exists)
            QVERIFY(writeFile(path, content));
        const Run r = run({u"--tool"_s, path, u"--yes"_s, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitFileError));
        QVERIFY2(r.err.contains("badtool.json"), r.err.constData());
        QCOMPARE(m_server->requests().size(), 0);
    }

    void schemaStructuredOutput_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("err");
        QTest::newRow("valid") << u"{\"name\":\"Ada\",\"age\":36}"_s << int(cli::ExitSuccess)
                               << QByteArray();
        QTest::newRow("wrong type") << u"{\"name\":\"Ada\",\"age\":\"old\"}"_s
                                    << int(cli::ExitApiError) << QByteArray("/age");
        QTest::newRow("not json") << u"Ada, 36"_s << int(cli::ExitApiError)
                                  << QByteArray("not JSON");
    }

    void schemaStructuredOutput()
    {
        QFETCH(QString, reply);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, err);
        const QString schema = m_dir.filePath(u"person.json"_s);
        QVERIFY(writeFile(schema, R"({"type":"object","properties":{"name":{"type":"string"},
            "age":{"type":"integer"}},"required":["name","age"],"additionalProperties":false})"));
        serveText(reply);
        const Run r = run({u"--schema"_s, schema, u"Who?"_s});
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(err), r.err.constData());
        const QJsonObject body = lastBody();
        QCOMPARE(body["output_config"_L1]["format"_L1]["type"_L1].toString(), u"json_schema"_s);
        if (exitCode == int(cli::ExitSuccess))
            QCOMPARE(QJsonDocument::fromJson(r.out).object()["age"_L1].toInt(), 36);
    }

    void badSchemaFile_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("exists");
        QTest::newRow("missing") << QByteArray() << false;
        QTest::newRow("not json") << QByteArray("{ broken") << true;
        QTest::newRow("not a schema") << QByteArray(R"({"type": 12})") << true;
    }

    void badSchemaFile()
    {
        QFETCH(QByteArray, content);
        QFETCH(bool, exists);
        const QString path = m_dir.filePath(u"badschema.json"_s);
        QFile::remove(path);
        if (exists)
            QVERIFY(writeFile(path, content));
        const Run r = run({u"--schema"_s, path, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitFileError));
        QVERIFY2(r.err.contains("badschema.json"), r.err.constData());
        QCOMPARE(m_server->requests().size(), 0);
    }

    void cacheBreakpoints()
    {
        serveText(u"ok"_s, -1);
        const QString system = QString(u"You are a careful assistant. "_s).repeated(400);
        Run r = run({u"--cache-ttl"_s, u"1h"_s, u"--system"_s, system, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QJsonObject body = lastBody();
        const QByteArray raw = m_server->requests().constLast().body;
        QVERIFY2(raw.contains("\"cache_control\""), raw.left(300).constData());
        QVERIFY(raw.contains("\"ttl\":\"1h\""));
        // Without --cache: no breakpoint.
        r = run({u"--system"_s, system, u"Hi"_s});
        QCOMPARE(r.exitCode, int(cli::ExitSuccess));
        QVERIFY(!m_server->requests().constLast().body.contains("cache_control"));
    }
};

QTEST_GUILESS_MAIN(TestCliE2e)
#include "tst_cli_e2e.moc"
