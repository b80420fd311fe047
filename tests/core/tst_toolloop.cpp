#include "core/api/client.h"
#include "core/chat/fixedtoolapprover.h"
#include "core/chat/localtoolrunner.h"
#include "core/chat/mcpclient.h"
#include "core/chat/toolloop.h"
#include "core/chat/toolregistry.h"
#include "support/fakeapirig.h"
#include "support/fakeapiserver.h"
#include "support/testdata.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace claudette;
using claudette::test::FakeApiRig;
using claudette::test::FakeApiServer;

namespace {
QByteArray event(const QJsonObject &o)
{
    return "event: " + o.value("type"_L1).toString().toUtf8() +
           "\ndata: " + QJsonDocument(o).toJson(QJsonDocument::Compact) + "\n\n";
}

/// A streamed reply holding @p content (text, thinking and tool_use blocks).
QByteArray sseReply(const QJsonArray &content, const QString &stopReason)
{
    QByteArray out = event(QJsonObject{
        {"type"_L1, "message_start"_L1},
        {"message"_L1, QJsonObject{{"id"_L1, "msg_x"_L1},
                                   {"type"_L1, "message"_L1},
                                   {"role"_L1, "assistant"_L1},
                                   {"model"_L1, "claude-sonnet-4-5-20250929"_L1},
                                   {"content"_L1, QJsonArray{}},
                                   {"stop_reason"_L1, QJsonValue::Null},
                                   {"usage"_L1, QJsonObject{{"input_tokens"_L1, 10},
                                                            {"output_tokens"_L1, 1}}}}}});
    for (qsizetype i = 0; i < content.size(); ++i) {
        const QJsonObject block = content.at(i).toObject();
        const QString type = block.value("type"_L1).toString();
        QJsonObject start = block;
        QJsonObject delta;
        if (type == "text"_L1) {
            start["text"_L1] = ""_L1;
            delta = {{"type"_L1, "text_delta"_L1}, {"text"_L1, block.value("text"_L1)}};
        } else if (type == "tool_use"_L1 || type == "server_tool_use"_L1) {
            start["input"_L1] = QJsonObject{};
            delta = {{"type"_L1, "input_json_delta"_L1},
                     {"partial_json"_L1,
                      QString::fromUtf8(QJsonDocument(block.value("input"_L1).toObject())
                                            .toJson(QJsonDocument::Compact))}};
        } else if (type == "thinking"_L1) {
            start["thinking"_L1] = ""_L1;
            start["signature"_L1] = ""_L1;
            delta = {{"type"_L1, "thinking_delta"_L1}, {"thinking"_L1, block.value("thinking"_L1)}};
        }
        out += event(
            {{"type"_L1, "content_block_start"_L1}, {"index"_L1, i}, {"content_block"_L1, start}});
        if (!delta.isEmpty())
            out += event(
                {{"type"_L1, "content_block_delta"_L1}, {"index"_L1, i}, {"delta"_L1, delta}});
        if (type == "thinking"_L1)
            out +=
                event({{"type"_L1, "content_block_delta"_L1},
                       {"index"_L1, i},
                       {"delta"_L1, QJsonObject{{"type"_L1, "signature_delta"_L1},
                                                {"signature"_L1, block.value("signature"_L1)}}}});
        out += event({{"type"_L1, "content_block_stop"_L1}, {"index"_L1, i}});
    }
    out += event({{"type"_L1, "message_delta"_L1},
                  {"delta"_L1, QJsonObject{{"stop_reason"_L1, stopReason},
                                           {"stop_sequence"_L1, QJsonValue::Null}}},
                  {"usage"_L1, QJsonObject{{"output_tokens"_L1, 7}}}});
    out += event({{"type"_L1, "message_stop"_L1}});
    return out;
}

QJsonObject toolUse(const QString &id, const QString &name, const QJsonObject &input)
{
    return {{"type"_L1, "tool_use"_L1}, {"id"_L1, id}, {"name"_L1, name}, {"input"_L1, input}};
}

QJsonObject text(const QString &t)
{
    return {{"type"_L1, "text"_L1}, {"text"_L1, t}};
}

ToolDefinition pythonTool(const QString &name, const QString &code, int timeoutMs = 10000)
{
    ToolDefinition t;
    t.name = name;
    t.description = u"test tool"_s;
    t.inputSchema = QJsonObject{{"type"_L1, "object"_L1}};
    t.program = u"python3"_s;
    t.arguments = {u"-c"_s, code};
    t.timeoutMs = timeoutMs;
    return t;
}

QString samplesDir()
{
    return QDir(claudette::test::dataPath(QString())).absoluteFilePath(u"../../samples/tools"_s);
}
} // namespace

class TestToolLoop : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeApiRig> m_api;
    ToolRegistry m_registry;

    void serve(const QByteArray &body)
    {
        QVERIFY2(m_api->server()->addRule(
                     QJsonObject{{"match"_L1, QJsonObject{{"path"_L1, "/v1/messages"_L1}}},
                                 {"times"_L1, 1},
                                 {"body"_L1, QString::fromUtf8(body)}}),
                 qPrintable(m_api->server()->errorString()));
    }

    ToolLoop::Outcome runLoop(ToolLoop &loop, const QString &prompt)
    {
        QSignalSpy finished(&loop, &ToolLoop::finished);
        if (!loop.run({ContentBlock::makeText(prompt)}))
            return ToolLoop::Outcome::Failed;
        if (!finished.wait(20000))
            return ToolLoop::Outcome::Failed;
        return finished.at(0).at(0).value<ToolLoop::Outcome>();
    }

    QJsonArray requestMessages(int i) const
    {
        return m_api->server()->requests().at(i).json().object().value("messages"_L1).toArray();
    }

    static MessageRequest base() { return MessageRequest(u"claude-sonnet-4-5"_s, 1024); }

private Q_SLOTS:
    void init()
    {
        m_api = std::make_unique<FakeApiRig>();
        QVERIFY2(m_api->isReady(), qPrintable(m_api->errorString()));
        m_registry = ToolRegistry();
    }

    void cleanup() { m_api.reset(); }

    void multiStepLoopWithSampleTool()
    {
        QString error;
        QVERIFY2(m_registry.loadLocalTool(samplesDir() + u"/calc.json"_s, &error),
                 qPrintable(error));
        serve(sseReply({text(u"Let me compute."_s),
                        toolUse(u"tu_1"_s, u"calc"_s, {{"expression"_L1, "(2 + 3) * 4"_L1}})},
                       u"tool_use"_s));
        serve(sseReply({toolUse(u"tu_2"_s, u"calc"_s, {{"expression"_L1, "20 / 8"_L1}})},
                       u"tool_use"_s));
        serve(sseReply({text(u"It is 2.5."_s)}, u"end_turn"_s));

        FixedToolApprover approver(ToolApprover::Decision::AllowOnce);
        ToolLoop loop(m_api->client(), &m_registry, &approver);
        loop.setBaseRequest(base());
        QSignalSpy steps(&loop, &ToolLoop::stepStarted);
        QCOMPARE(runLoop(loop, u"What is (2+3)*4/8?"_s), ToolLoop::Outcome::Completed);
        QCOMPARE(m_api->server()->requests().size(), 3);
        QCOMPARE(steps.size(), 3);
        QCOMPARE(steps.at(2).at(0).toInt(), 3);
        QCOMPARE(steps.at(2).at(1).toInt(), 10);
        QCOMPARE(approver.asked().size(), 2);
        QCOMPARE(approver.asked().at(0).source, u"local"_s);

        // The tools went with every request; the results came back as tool_result blocks.
        const QJsonObject first = m_api->server()->requests().at(0).json().object();
        QCOMPARE(first.value("tools"_L1).toArray().at(0).toObject().value("name"_L1).toString(),
                 u"calc"_s);
        const QJsonArray second = requestMessages(1);
        QCOMPARE(second.size(), 3);
        const QJsonObject result =
            second.at(2).toObject().value("content"_L1).toArray().at(0).toObject();
        QCOMPARE(result.value("type"_L1).toString(), u"tool_result"_s);
        QCOMPARE(result.value("tool_use_id"_L1).toString(), u"tu_1"_s);
        QCOMPARE(result.value("content"_L1)
                     .toArray()
                     .at(0)
                     .toObject()
                     .value("text"_L1)
                     .toString()
                     .trimmed(),
                 u"20"_s);
        QVERIFY(!result.value("is_error"_L1).toBool());
        const QJsonArray third = requestMessages(2);
        QCOMPARE(third.size(), 5);
        QCOMPARE(third.at(4)
                     .toObject()
                     .value("content"_L1)
                     .toArray()
                     .at(0)
                     .toObject()
                     .value("content"_L1)
                     .toArray()
                     .at(0)
                     .toObject()
                     .value("text"_L1)
                     .toString()
                     .trimmed(),
                 u"2.5"_s);
        QCOMPARE(loop.history().size(), 6);
        QCOMPARE(loop.history().constLast().text(), u"It is 2.5."_s);
    }

    void deniedTool()
    {
        m_registry.addLocalTool(pythonTool(u"danger"_s, u"open('/tmp/claudette-danger','w')"_s));
        serve(sseReply({toolUse(u"tu_1"_s, u"danger"_s, {})}, u"tool_use"_s));
        serve(sseReply({text(u"OK, I won't."_s)}, u"end_turn"_s));
        FixedToolApprover approver(ToolApprover::Decision::Deny);
        ToolLoop loop(m_api->client(), &m_registry, &approver);
        loop.setBaseRequest(base());
        QSignalSpy started(&loop, &ToolLoop::toolCallStarted);
        QCOMPARE(runLoop(loop, u"do it"_s), ToolLoop::Outcome::Completed);
        QCOMPARE(started.size(), 0); // never ran
        const QJsonObject result =
            requestMessages(1).at(2).toObject().value("content"_L1).toArray().at(0).toObject();
        QVERIFY(result.value("is_error"_L1).toBool());
        QVERIFY(result.value("content"_L1)
                    .toArray()
                    .at(0)
                    .toObject()
                    .value("text"_L1)
                    .toString()
                    .contains("denied"_L1));
    }

    void alwaysAllowAsksOnce()
    {
        m_registry.addLocalTool(pythonTool(u"hi"_s, u"print('hi')"_s));
        serve(sseReply({toolUse(u"tu_1"_s, u"hi"_s, {})}, u"tool_use"_s));
        serve(sseReply({toolUse(u"tu_2"_s, u"hi"_s, {})}, u"tool_use"_s));
        serve(sseReply({text(u"done"_s)}, u"end_turn"_s));
        FixedToolApprover approver(ToolApprover::Decision::AlwaysAllow);
        ToolLoop loop(m_api->client(), &m_registry, &approver);
        loop.setBaseRequest(base());
        QCOMPARE(runLoop(loop, u"go"_s), ToolLoop::Outcome::Completed);
        QCOMPARE(approver.asked().size(), 1);
        QVERIFY(loop.alwaysAllowed().contains(u"hi"_s));
    }

    void failingTools_data()
    {
        QTest::addColumn<ToolDefinition>("tool");
        QTest::addColumn<QString>("expected");
        QTest::newRow("exit status")
            << pythonTool(u"t"_s, u"import sys; print('bad input', file=sys.stderr); sys.exit(3)"_s)
            << u"exit status 3"_s;
        QTest::newRow("timeout") << pythonTool(u"t"_s, u"import time; time.sleep(60)"_s, 300)
                                 << u"did not answer within 0.3 s"_s;
        ToolDefinition missing = pythonTool(u"t"_s, {});
        missing.program = u"/nonexistent/claudette-tool"_s;
        QTest::newRow("cannot start") << missing << u"could not be started"_s;
    }

    void failingTools()
    {
        QFETCH(ToolDefinition, tool);
        QFETCH(QString, expected);
        m_registry.addLocalTool(tool);
        serve(sseReply({toolUse(u"tu_1"_s, u"t"_s, {})}, u"tool_use"_s));
        serve(sseReply({text(u"sorry"_s)}, u"end_turn"_s));
        FixedToolApprover approver(ToolApprover::Decision::AllowOnce);
        ToolLoop loop(m_api->client(), &m_registry, &approver);
        loop.setBaseRequest(base());
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(runLoop(loop, u"go"_s), ToolLoop::Outcome::Completed);
        QVERIFY(timer.elapsed() < 10000);
        const QJsonObject result =
            requestMessages(1).at(2).toObject().value("content"_L1).toArray().at(0).toObject();
        QVERIFY(result.value("is_error"_L1).toBool());
        const QString message =
            result.value("content"_L1).toArray().at(0).toObject().value("text"_L1).toString();
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void unknownToolIsAnError()
    {
        serve(sseReply({toolUse(u"tu_1"_s, u"nope"_s, {})}, u"tool_use"_s));
        serve(sseReply({text(u"ok"_s)}, u"end_turn"_s));
        FixedToolApprover approver(ToolApprover::Decision::AllowOnce);
        ToolLoop loop(m_api->client(), &m_registry, &approver);
        loop.setBaseRequest(base());
        QCOMPARE(runLoop(loop, u"go"_s), ToolLoop::Outcome::Completed);
        const QJsonObject result =
            requestMessages(1).at(2).toObject().value("content"_L1).toArray().at(0).toObject();
        QVERIFY(result.value("is_error"_L1).toBool());
        QCOMPARE(approver.asked().size(), 0);
    }

    void parallelResultsInOrder()
    {
        // The first call is slow, the second fast: both run at once, results keep call order.
        m_registry.addLocalTool(
            pythonTool(u"slow"_s, u"import time; time.sleep(1.0); print('A')"_s));
        m_registry.addLocalTool(pythonTool(u"fast"_s, u"print('B')"_s));
        serve(sseReply({toolUse(u"tu_a"_s, u"slow"_s, {}), toolUse(u"tu_b"_s, u"fast"_s, {}),
                        toolUse(u"tu_c"_s, u"slow"_s, {})},
                       u"tool_use"_s));
        serve(sseReply({text(u"done"_s)}, u"end_turn"_s));
        FixedToolApprover approver(ToolApprover::Decision::AllowOnce);
        ToolLoop loop(m_api->client(), &m_registry, &approver);
        loop.setBaseRequest(base());
        QSignalSpy done(&loop, &ToolLoop::toolCallFinished);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(runLoop(loop, u"go"_s), ToolLoop::Outcome::Completed);
        QVERIFY2(timer.elapsed() < 1900, "the two slow calls ran one after the other");
        QCOMPARE(done.size(), 3);
        QCOMPARE(done.at(0).at(0).toString(), u"tu_b"_s); // finished first
        const QJsonArray results =
            requestMessages(1).at(2).toObject().value("content"_L1).toArray();
        QCOMPARE(results.size(), 3);
        QStringList ids, texts;
        for (const QJsonValue &r : results) {
            ids << r.toObject().value("tool_use_id"_L1).toString();
            texts << r.toObject()
                         .value("content"_L1)
                         .toArray()
                         .at(0)
                         .toObject()
                         .value("text"_L1)
                         .toString()
                         .trimmed();
        }
        QCOMPARE(ids, (QStringList{u"tu_a"_s, u"tu_b"_s, u"tu_c"_s}));
        QCOMPARE(texts, (QStringList{u"A"_s, u"B"_s, u"A"_s}));
    }

    void mcpServerTools()
    {
        McpClient mcp;
        QSignalSpy ready(&mcp, &McpClient::ready);
        mcp.start(u"python3"_s, {claudette::test::dataPath(u"tools/mcp_server.py"_s)});
        QVERIFY(ready.wait(10000));
        QCOMPARE(mcp.tools().size(), 5); // two pages
        QCOMPARE(mcp.serverInfo().value("name"_L1).toString(), u"test-mcp"_s);
        m_registry.addMcpServer(&mcp);
        QCOMPARE(m_registry.apiTools().size(), 5);

        serve(sseReply({toolUse(u"tu_1"_s, u"add"_s, {{"a"_L1, 2}, {"b"_L1, 3}}),
                        toolUse(u"tu_2"_s, u"pixel"_s, {}), toolUse(u"tu_3"_s, u"fail"_s, {})},
                       u"tool_use"_s));
        serve(sseReply({text(u"5"_s)}, u"end_turn"_s));
        FixedToolApprover approver(ToolApprover::Decision::AllowOnce);
        ToolLoop loop(m_api->client(), &m_registry, &approver);
        loop.setBaseRequest(base());
        QCOMPARE(runLoop(loop, u"add"_s), ToolLoop::Outcome::Completed);
        QCOMPARE(approver.asked().at(0).source, u"mcp:python3"_s);
        const QJsonArray results =
            requestMessages(1).at(2).toObject().value("content"_L1).toArray();
        QCOMPARE(results.at(0)
                     .toObject()
                     .value("content"_L1)
                     .toArray()
                     .at(0)
                     .toObject()
                     .value("text"_L1)
                     .toString(),
                 u"5"_s);
        // An image result is passed on as an image block.
        const QJsonObject image =
            results.at(1).toObject().value("content"_L1).toArray().at(0).toObject();
        QCOMPARE(image.value("type"_L1).toString(), u"image"_s);
        QCOMPARE(image.value("source"_L1).toObject().value("media_type"_L1).toString(),
                 u"image/png"_s);
        QVERIFY(results.at(2).toObject().value("is_error"_L1).toBool());
    }

    void mcpServerFailures()
    {
        McpClient dead;
        QSignalSpy failed(&dead, &McpClient::failed);
        dead.start(u"/nonexistent/mcp-server"_s, {});
        QVERIFY(failed.wait(5000));
        QVERIFY(failed.at(0).at(0).toString().contains("could not be started"_L1));

        McpClient notJson;
        QSignalSpy failed2(&notJson, &McpClient::failed);
        notJson.start(u"python3"_s,
                      {u"-c"_s, u"print('hello', flush=True); import time; time.sleep(5)"_s});
        QVERIFY(failed2.wait(5000));
        QVERIFY(failed2.at(0).at(0).toString().contains("not JSON-RPC"_L1));

        McpClient slow;
        slow.setRequestTimeoutMs(500);
        QSignalSpy ready(&slow, &McpClient::ready);
        slow.start(u"python3"_s, {claudette::test::dataPath(u"tools/mcp_server.py"_s)});
        QVERIFY(ready.wait(10000));
        std::optional<ToolOutput> out;
        slow.callTool(u"slow"_s, {}, [&out](const ToolOutput &o) { out = o; });
        QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 5000);
        QVERIFY(out->isError);
        QVERIFY(out->plainText().contains("no answer"_L1));
        std::optional<ToolOutput> unknown;
        slow.callTool(u"nope"_s, {}, [&unknown](const ToolOutput &o) { unknown = o; });
        QTRY_VERIFY_WITH_TIMEOUT(unknown.has_value(), 5000);
        QVERIFY(unknown->isError);
        QVERIFY(unknown->plainText().contains("Unknown tool"_L1));
    }

    void pauseTurnContinues()
    {
        const QJsonObject serverUse{{"type"_L1, "server_tool_use"_L1},
                                    {"id"_L1, "srvtoolu_1"_L1},
                                    {"name"_L1, "web_search"_L1},
                                    {"input"_L1, QJsonObject{{"query"_L1, "qt"_L1}}}};
        serve(sseReply({text(u"Searching."_s), serverUse}, u"pause_turn"_s));
        serve(sseReply({text(u"Found it."_s)}, u"end_turn"_s));
        ServerToolSettings server;
        server.webSearch = true;
        server.webSearchMaxUses = 3;
        server.allowedDomains = {u"qt.io"_s};
        QVERIFY(m_registry.setServerTools(server));
        FixedToolApprover approver(ToolApprover::Decision::Deny);
        ToolLoop loop(m_api->client(), &m_registry, &approver);
        loop.setBaseRequest(base());
        QCOMPARE(runLoop(loop, u"search"_s), ToolLoop::Outcome::Completed);
        QCOMPARE(m_api->server()->requests().size(), 2);
        const QJsonArray second = requestMessages(1);
        QCOMPARE(second.size(), 2);
        QCOMPARE(second.at(1).toObject().value("role"_L1).toString(), u"assistant"_s);
        QCOMPARE(second.at(1)
                     .toObject()
                     .value("content"_L1)
                     .toArray()
                     .at(1)
                     .toObject()
                     .value("id"_L1)
                     .toString(),
                 u"srvtoolu_1"_s);
        const QJsonObject tool = m_api->server()
                                     ->requests()
                                     .at(0)
                                     .json()
                                     .object()
                                     .value("tools"_L1)
                                     .toArray()
                                     .at(0)
                                     .toObject();
        QCOMPARE(tool.value("type"_L1).toString(), u"web_search_20250305"_s);
        QCOMPARE(tool.value("max_uses"_L1).toInt(), 3);
        QCOMPARE(tool.value("allowed_domains"_L1).toArray().at(0).toString(), u"qt.io"_s);
        QCOMPARE(approver.asked().size(), 0);

        ServerToolSettings both = server;
        both.blockedDomains = {u"example.com"_s};
        QString error;
        QVERIFY(!m_registry.setServerTools(both, &error));
        QVERIFY(!error.isEmpty());
    }

    void thinkingGoesBackUnchanged()
    {
        m_registry.addLocalTool(pythonTool(u"hi"_s, u"print('hi')"_s));
        const QJsonObject thinking{{"type"_L1, "thinking"_L1},
                                   {"thinking"_L1, "I should call hi."_L1},
                                   {"signature"_L1, "sig-abc=="_L1}};
        serve(sseReply({thinking, toolUse(u"tu_1"_s, u"hi"_s, {})}, u"tool_use"_s));
        serve(sseReply({text(u"done"_s)}, u"end_turn"_s));
        FixedToolApprover approver(ToolApprover::Decision::AllowOnce);
        ToolLoop loop(m_api->client(), &m_registry, &approver);
        MessageRequest request = base();
        request.setThinking(ThinkingConfig::enabled(1024));
        request.setToolChoice(ToolChoice::autoChoice(true));
        loop.setBaseRequest(request);
        QCOMPARE(runLoop(loop, u"go"_s), ToolLoop::Outcome::Completed);
        const QJsonObject sent =
            requestMessages(1).at(1).toObject().value("content"_L1).toArray().at(0).toObject();
        QCOMPARE(sent, thinking);
        const QJsonObject choice =
            m_api->server()->requests().at(1).json().object().value("tool_choice"_L1).toObject();
        QCOMPARE(choice.value("type"_L1).toString(), u"auto"_s);
        QCOMPARE(choice.value("disable_parallel_tool_use"_L1).toBool(), true);
    }

    void maxStepsStopsTheLoop()
    {
        m_registry.addLocalTool(pythonTool(u"hi"_s, u"print('hi')"_s));
        for (int i = 0; i < 3; ++i)
            serve(sseReply({toolUse(u"tu_%1"_s.arg(i), u"hi"_s, {})}, u"tool_use"_s));
        FixedToolApprover approver(ToolApprover::Decision::AllowOnce);
        ToolLoop loop(m_api->client(), &m_registry, &approver);
        loop.setBaseRequest(base());
        loop.setMaxSteps(2);
        QCOMPARE(runLoop(loop, u"go"_s), ToolLoop::Outcome::MaxSteps);
        QCOMPARE(m_api->server()->requests().size(), 2);
        // The unanswered call got a "not run" result: the history stays valid.
        const MessageParam last = loop.history().constLast();
        QCOMPARE(last.role(), MessageParam::Role::User);
        QVERIFY(last.content().at(0).isError());
    }

    void stopWhileAToolRuns()
    {
        m_registry.addLocalTool(pythonTool(u"sleepy"_s, u"import time; time.sleep(30)"_s));
        serve(sseReply({toolUse(u"tu_1"_s, u"sleepy"_s, {})}, u"tool_use"_s));
        FixedToolApprover approver(ToolApprover::Decision::AllowOnce);
        ToolLoop loop(m_api->client(), &m_registry, &approver);
        loop.setBaseRequest(base());
        QSignalSpy started(&loop, &ToolLoop::toolCallStarted);
        QSignalSpy finished(&loop, &ToolLoop::finished);
        QVERIFY(loop.run({ContentBlock::makeText(u"go"_s)}));
        QVERIFY(started.wait(10000));
        QElapsedTimer timer;
        timer.start();
        loop.stop();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).value<ToolLoop::Outcome>(), ToolLoop::Outcome::Stopped);
        QVERIFY(timer.elapsed() < 3000);
        QVERIFY(!loop.isRunning());
        QVERIFY(loop.history().constLast().content().at(0).isError());
    }

    void toolDefinitionFiles_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{nope") << u"not a JSON object"_s;
        QTest::newRow("bad name")
            << QByteArray(R"({"name":"a b","input_schema":{"type":"object"},"command":"x"})")
            << u"not valid"_s;
        QTest::newRow("no schema")
            << QByteArray(R"({"name":"a","command":"x"})") << u"input_schema"_s;
        QTest::newRow("schema not object")
            << QByteArray(R"({"name":"a","input_schema":{"type":"string"},"command":"x"})")
            << u"\"type\": \"object\""_s;
        QTest::newRow("no command")
            << QByteArray(R"({"name":"a","input_schema":{"type":"object"}})") << u"command"_s;
        QTest::newRow("bad timeout")
            << QByteArray(
                   R"({"name":"a","input_schema":{"type":"object"},"command":"x","timeout_seconds":-1})")
            << u"timeout_seconds"_s;
    }

    void toolDefinitionFiles()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QFile file(dir.filePath(u"t.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(json);
        file.close();
        QString error;
        QVERIFY(!ToolDefinition::load(file.fileName(), &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY(!ToolDefinition::load(dir.filePath(u"missing.json"_s), &error));
        QVERIFY(error.contains("cannot read"_L1));
    }

    void sampleToolsLoad()
    {
        for (const QString &name : {u"now"_s, u"calc"_s, u"read_file"_s}) {
            QString error;
            const auto tool =
                ToolDefinition::load(samplesDir() + u"/"_s + name + u".json"_s, &error);
            QVERIFY2(tool, qPrintable(error));
            QCOMPARE(tool->name, name);
        }
        // read_file stays inside its folder.
        const auto tool = ToolDefinition::load(samplesDir() + u"/read_file.json"_s);
        LocalToolRunner runner;
        QSignalSpy done(&runner, &LocalToolRunner::finished);
        runner.run(*tool, {{"path"_L1, "hello.txt"_L1}});
        QVERIFY(done.wait(10000));
        QCOMPARE(done.at(0).at(0).value<ToolOutput>().plainText().trimmed(),
                 u"Hello from the shared folder."_s);
        runner.run(*tool, {{"path"_L1, "../calc.json"_L1}});
        QVERIFY(done.wait(10000));
        const ToolOutput outside = done.at(1).at(0).value<ToolOutput>();
        QVERIFY(outside.isError);
        QVERIFY(outside.plainText().contains("outside"_L1));
    }

    void structuredToolOutput()
    {
        QCOMPARE(LocalToolRunner::parseOutput("plain").plainText(), u"plain"_s);
        const ToolOutput blocks = LocalToolRunner::parseOutput(
            R"({"content":[{"type":"text","text":"x"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AA=="}}],"is_error":true})");
        QCOMPARE(blocks.content.size(), 2);
        QVERIFY(blocks.isError);
        QCOMPARE(blocks.content.at(1).type(), ContentBlock::Type::Image);
        QCOMPARE(LocalToolRunner::parseOutput("[1,2]").plainText(), u"[1,2]"_s);
    }
};

QTEST_GUILESS_MAIN(TestToolLoop)
#include "tst_toolloop.moc"
