#include "core/api/messagerequest.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace claudette;

namespace {
QJsonObject parse(const char *json)
{
    const QJsonObject o = QJsonDocument::fromJson(QByteArray(json)).object();
    if (o.isEmpty())
        qWarning("test JSON did not parse: %s", json);
    return o;
}

MessageRequest basic()
{
    MessageRequest r(u"claude-sonnet-4-5"_s, 1024);
    r.addMessage(MessageParam::user(u"Hello"_s));
    return r;
}
} // namespace

class TestMessageRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void minimalBody();
    void everyParameter_data();
    void everyParameter();
    void everyParameterTogetherRoundTrips();
    void systemForms();
    void extraMergedLast();
    void unknownKeysKeptByFromJson();
    void toolHelpers();
    void betas_data();
    void betas();
    void cacheBreakpoints();
    void fromJsonErrors_data();
    void fromJsonErrors();
};

void TestMessageRequest::minimalBody()
{
    const QJsonObject expected = parse(
        R"({"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Hello"}]})");
    QCOMPARE(basic().toJson(), expected);
    QVERIFY(basic().betas().isEmpty());
}

using Setter = std::function<void(MessageRequest &)>;
Q_DECLARE_METATYPE(Setter)

void TestMessageRequest::everyParameter_data()
{
    QTest::addColumn<Setter>("set");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("value");

    auto row = [](const char *name, Setter s, const char *key, const char *value) {
        QTest::newRow(name) << s << QByteArray(key) << QByteArray(value);
    };
    row(
        "system string", [](MessageRequest &r) { r.setSystem(u"Be brief."_s); }, "system",
        R"("Be brief.")");
    row(
        "system cached", [](MessageRequest &r) { r.setSystem(u"Long"_s, CacheTtl::OneHour); },
        "system",
        R"([{"type":"text","text":"Long","cache_control":{"type":"ephemeral","ttl":"1h"}}])");
    row(
        "stop_sequences", [](MessageRequest &r) { r.setStopSequences({u"END"_s, u"\n\n"_s}); },
        "stop_sequences", R"(["END","\n\n"])");
    row("stream", [](MessageRequest &r) { r.setStream(true); }, "stream", "true");
    row("stream false", [](MessageRequest &r) { r.setStream(false); }, "stream", "false");
    row("temperature", [](MessageRequest &r) { r.setTemperature(0.25); }, "temperature", "0.25");
    row("temperature 0", [](MessageRequest &r) { r.setTemperature(0.0); }, "temperature", "0");
    row("top_p", [](MessageRequest &r) { r.setTopP(0.9); }, "top_p", "0.9");
    row("top_k", [](MessageRequest &r) { r.setTopK(40); }, "top_k", "40");
    row(
        "metadata", [](MessageRequest &r) { r.setMetadataUserId(u"u-123"_s); }, "metadata",
        R"({"user_id":"u-123"})");
    row(
        "client tool",
        [](MessageRequest &r) {
            r.addClientTool(
                u"get_stock_price"_s, u"Price of a ticker."_s,
                parse(
                    R"({"type":"object","properties":{"ticker":{"type":"string"}},"required":["ticker"]})"));
        },
        "tools",
        R"([{"name":"get_stock_price","description":"Price of a ticker.","input_schema":{"type":"object","properties":{"ticker":{"type":"string"}},"required":["ticker"]}}])");
    row(
        "server tools raw",
        [](MessageRequest &r) {
            r.addTool(MessageRequest::webSearchTool(parse(R"({"max_uses":5})")));
            r.addTool(MessageRequest::webFetchTool());
            r.addTool(MessageRequest::codeExecutionTool());
        },
        "tools",
        R"([{"type":"web_search_20250305","name":"web_search","max_uses":5},{"type":"web_fetch_20250910","name":"web_fetch"},{"type":"code_execution_20250825","name":"code_execution"}])");
    row(
        "tool_choice auto", [](MessageRequest &r) { r.setToolChoice(ToolChoice::autoChoice()); },
        "tool_choice", R"({"type":"auto"})");
    row(
        "tool_choice any no parallel",
        [](MessageRequest &r) { r.setToolChoice(ToolChoice::any(true)); }, "tool_choice",
        R"({"type":"any","disable_parallel_tool_use":true})");
    row(
        "tool_choice tool",
        [](MessageRequest &r) { r.setToolChoice(ToolChoice::tool(u"get_stock_price"_s, false)); },
        "tool_choice",
        R"({"type":"tool","name":"get_stock_price","disable_parallel_tool_use":false})");
    row(
        "tool_choice none", [](MessageRequest &r) { r.setToolChoice(ToolChoice::none()); },
        "tool_choice", R"({"type":"none"})");
    row(
        "thinking enabled", [](MessageRequest &r) { r.setThinking(ThinkingConfig::enabled(2048)); },
        "thinking", R"({"type":"enabled","budget_tokens":2048})");
    row(
        "thinking enabled summarized",
        [](MessageRequest &r) {
            r.setThinking(ThinkingConfig::enabled(4096, ThinkingConfig::Display::Summarized));
        },
        "thinking", R"({"type":"enabled","budget_tokens":4096,"display":"summarized"})");
    row(
        "thinking disabled", [](MessageRequest &r) { r.setThinking(ThinkingConfig::disabled()); },
        "thinking", R"({"type":"disabled"})");
    row(
        "thinking adaptive omitted",
        [](MessageRequest &r) {
            r.setThinking(ThinkingConfig::adaptive(ThinkingConfig::Display::Omitted));
        },
        "thinking", R"({"type":"adaptive","display":"omitted"})");
    row(
        "thinking between_tools",
        [](MessageRequest &r) { r.setThinking(ThinkingConfig::betweenTools()); }, "thinking",
        R"({"type":"between_tools"})");
    row(
        "effort xhigh", [](MessageRequest &r) { r.setEffort(u"xhigh"_s); }, "output_config",
        R"({"effort":"xhigh"})");
    row(
        "service_tier", [](MessageRequest &r) { r.setServiceTier(u"standard_only"_s); },
        "service_tier", R"("standard_only")");
    row(
        "effort", [](MessageRequest &r) { r.setEffort(u"high"_s); }, "output_config",
        R"({"effort":"high"})");
    row(
        "structured output",
        [](MessageRequest &r) {
            r.setOutputSchema(parse(R"({"type":"object","properties":{"a":{"type":"integer"}}})"));
            r.setEffort(u"low"_s);
        },
        "output_config",
        R"({"effort":"low","format":{"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"integer"}}}}})");
    row(
        "container id", [](MessageRequest &r) { r.setContainer(u"container_1"_s); }, "container",
        R"("container_1")");
    row(
        "container object",
        [](MessageRequest &r) { r.setContainer(parse(R"({"id":"c1","skills":[]})")); }, "container",
        R"({"id":"c1","skills":[]})");
    row(
        "mcp_servers",
        [](MessageRequest &r) {
            r.setMcpServers(QJsonArray{
                parse(R"({"type":"url","url":"https:\/\/mcp.example\/sse","name":"ex"})")});
        },
        "mcp_servers", R"([{"type":"url","url":"https:\/\/mcp.example\/sse","name":"ex"}])");
    row(
        "context_management",
        [](MessageRequest &r) {
            r.setContextManagement(parse(R"({"edits":[{"type":"clear_tool_uses_20250919"}]})"));
        },
        "context_management", R"({"edits":[{"type":"clear_tool_uses_20250919"}]})");
    row(
        "top-level cache_control",
        [](MessageRequest &r) { r.setCacheControl(CacheTtl::FiveMinutes); }, "cache_control",
        R"({"type":"ephemeral"})");
    row(
        "extra inference_geo",
        [](MessageRequest &r) { r.setExtraValue(u"inference_geo"_s, u"us"_s); }, "inference_geo",
        R"("us")");
}

void TestMessageRequest::everyParameter()
{
    QFETCH(Setter, set);
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, value);
    MessageRequest r = basic();
    set(r);
    const QJsonObject body = r.toJson();
    const QJsonValue expected =
        QJsonDocument::fromJson("{\"v\":" + value + "}").object().value(u"v");
    QVERIFY2(!expected.isUndefined(), value.constData());
    QCOMPARE(body.value(QString::fromLatin1(key)), expected);
    // only that key was added to the minimal body
    QJsonObject rest = body;
    rest.remove(QString::fromLatin1(key));
    QCOMPARE(rest, basic().toJson());
    // and it reads back to the same body
    QString error;
    const std::optional<MessageRequest> back = MessageRequest::fromJson(body, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->toJson(), body);
}

void TestMessageRequest::everyParameterTogetherRoundTrips()
{
    const QJsonObject body = parse(R"({
      "model":"claude-opus-4-6","max_tokens":8000,
      "messages":[{"role":"user","content":[{"type":"text","text":"Hi","cache_control":{"type":"ephemeral"}}]},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"s"},
                     {"type":"tool_use","id":"toolu_1","name":"f","input":{"x":1}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"}]}],
      "system":[{"type":"text","text":"sys"}],
      "stop_sequences":["X"],"stream":true,"temperature":1,"top_p":0.99,
      "metadata":{"user_id":"abc"},
      "tools":[{"name":"f","input_schema":{"type":"object"}},{"type":"web_search_20250305","name":"web_search"}],
      "tool_choice":{"type":"auto","disable_parallel_tool_use":true},
      "thinking":{"type":"adaptive","display":"summarized"},
      "service_tier":"auto",
      "output_config":{"effort":"max","task_budget":{"type":"tokens","total":1000}},
      "container":"ctr_1",
      "mcp_servers":[{"type":"url","url":"u","name":"n","authorization_token":"tok"}],
      "context_management":{"edits":[]},
      "cache_control":{"type":"ephemeral","ttl":"1h"},
      "speed":"fast","brand_new_param":{"a":1}
    })");
    QString error;
    const std::optional<MessageRequest> r = MessageRequest::fromJson(body, &error);
    QVERIFY2(r, qPrintable(error));
    QCOMPARE(r->toJson(), body);
    QCOMPARE(r->model(), u"claude-opus-4-6"_s);
    QCOMPARE(r->maxTokens(), 8000);
    QCOMPARE(r->messages().size(), 3);
    QCOMPARE(r->systemText(), u"sys"_s);
    QCOMPARE(r->stream(), std::optional<bool>(true));
    QCOMPARE(r->topP(), std::optional<double>(0.99));
    QCOMPARE(r->metadataUserId(), std::optional<QString>(u"abc"_s));
    QCOMPARE(r->tools().size(), 2);
    QCOMPARE(r->toolChoice()->disableParallelToolUse, std::optional<bool>(true));
    QCOMPARE(r->thinking()->kind, ThinkingConfig::Kind::Adaptive);
    QCOMPARE(r->thinking()->display, ThinkingConfig::Display::Summarized);
    QCOMPARE(r->effort(), u"max"_s);
    QCOMPARE(r->cacheControl(), std::optional<CacheTtl>(CacheTtl::OneHour));
    QCOMPARE(r->extra().keys(), (QStringList{u"brand_new_param"_s, u"speed"_s}));
    QVERIFY(!r->endsWithAssistant());
}

void TestMessageRequest::systemForms()
{
    MessageRequest r = basic();
    r.setSystemBlocks({ContentBlock::makeText(u"a"_s), ContentBlock::makeText(u"b"_s)});
    QCOMPARE(r.toJson().value(u"system").toArray().size(), 2);
    QCOMPARE(r.systemText(), u"a\n\nb"_s);
    r.clearSystem();
    QVERIFY(!r.toJson().contains(u"system"));
    QVERIFY(!r.hasSystem());
}

void TestMessageRequest::extraMergedLast()
{
    MessageRequest r = basic();
    r.setTemperature(0.5);
    r.setExtra(QJsonObject{{u"temperature"_s, 0.7}, {u"fallbacks"_s, u"default"_s}});
    const QJsonObject body = r.toJson();
    QCOMPARE(body.value(u"temperature").toDouble(), 0.7);
    QCOMPARE(body.value(u"fallbacks").toString(), u"default"_s);
    r.setExtraValue(u"fallbacks"_s, QJsonValue(QJsonValue::Undefined));
    QVERIFY(!r.toJson().contains(u"fallbacks"));
}

void TestMessageRequest::unknownKeysKeptByFromJson()
{
    const QJsonObject body = parse(
        R"({"model":"m","max_tokens":1,"messages":[],"thinking":{"type":"enabled","budget_tokens":2000,"display":"updates","block_binding":{}},"tool_choice":{"type":"auto","future":1},"metadata":{"user_id":null}})");
    const std::optional<MessageRequest> r = MessageRequest::fromJson(body);
    QVERIFY(r);
    QCOMPARE(r->toJson(), body);
    QCOMPARE(r->thinking()->budgetTokens, 2000);
    QCOMPARE(r->thinking()->display, ThinkingConfig::Display::Default);
}

void TestMessageRequest::toolHelpers()
{
    const QJsonObject tool = MessageRequest::clientTool(u"t"_s, {}, QJsonObject{});
    QVERIFY(!tool.contains(u"description"));
    QCOMPARE(tool.value(u"input_schema").toObject(), QJsonObject{});
    QVERIFY(ToolChoice::any().forcesToolUse());
    QVERIFY(ToolChoice::tool(u"x"_s).forcesToolUse());
    QVERIFY(!ToolChoice::autoChoice().forcesToolUse());
    QVERIFY(!ToolChoice::none().forcesToolUse());
    QVERIFY(!ToolChoice::fromJson(parse(R"({"type":"tool"})")));
    QVERIFY(!ToolChoice::fromJson(parse(R"({"type":"sometimes"})")));
    QVERIFY(!ThinkingConfig::fromJson(parse(R"({"type":"enabled"})")));
    QVERIFY(!ThinkingConfig::fromJson(parse(R"({"type":"deep"})")));
}

void TestMessageRequest::betas_data()
{
    QTest::addColumn<Setter>("set");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("none") << Setter([](MessageRequest &) {}) << QStringList{};
    QTest::newRow("explicit kept first, no duplicates") << Setter([](MessageRequest &r) {
        r.addBeta(u"context-1m-2025-08-07"_s);
        r.addBeta(u"context-1m-2025-08-07"_s);
        r.setContextManagement(parse(R"({"edits":[{"type":"clear_thinking_20251015"}]})"));
    }) << QStringList{u"context-1m-2025-08-07"_s, u"context-management-2025-06-27"_s};
    QTest::newRow("compaction edit") << Setter([](MessageRequest &r) {
        r.setContextManagement(parse(R"({"edits":[{"type":"compact_20260112"}]})"));
    }) << QStringList{u"compact-2026-01-12"_s};
    QTest::newRow("mcp servers") << Setter([](MessageRequest &r) {
        r.setMcpServers(QJsonArray{parse(R"({"type":"url","url":"u","name":"n"})")});
    }) << QStringList{u"mcp-client-2025-04-04"_s};
    QTest::newRow("mcp toolset") << Setter([](MessageRequest &r) {
        r.setMcpServers(QJsonArray{parse(R"({"type":"url","url":"u","name":"n"})")});
        r.addTool(parse(R"({"type":"mcp_toolset","mcp_server_name":"n"})"));
    }) << QStringList{u"mcp-client-2025-11-20"_s};
    QTest::newRow("file source") << Setter([](MessageRequest &r) {
        r.addMessage(MessageParam::user({ContentBlock::makeDocumentFile(u"file_1"_s)}));
    }) << QStringList{u"files-api-2025-04-14"_s};
    QTest::newRow("file inside tool result") << Setter([](MessageRequest &r) {
        r.addMessage(MessageParam::user({ContentBlock::makeToolResult(
            u"t"_s, QList<ContentBlock>{ContentBlock::makeImageFile(u"file_2"_s)})}));
    }) << QStringList{u"files-api-2025-04-14"_s};
    QTest::newRow("computer use") << Setter([](MessageRequest &r) {
        r.addTool(parse(
            R"({"type":"computer_20250124","name":"computer","display_width_px":1024,"display_height_px":768})"));
    }) << QStringList{u"computer-use-2025-01-24"_s};
    QTest::newRow("skills") << Setter([](MessageRequest &r) {
        r.setContainer(parse(R"({"skills":[{"type":"anthropic","skill_id":"pptx"}]})"));
    }) << QStringList{u"skills-2025-10-02"_s};
    QTest::newRow("GA server tools need none") << Setter([](MessageRequest &r) {
        r.addTool(MessageRequest::webSearchTool());
        r.addTool(MessageRequest::webFetchTool());
        r.addTool(MessageRequest::codeExecutionTool());
    }) << QStringList{};
}

void TestMessageRequest::betas()
{
    QFETCH(Setter, set);
    QFETCH(QStringList, expected);
    MessageRequest r = basic();
    set(r);
    QCOMPARE(r.betas(), expected);
}

void TestMessageRequest::cacheBreakpoints()
{
    MessageRequest r = basic();
    QCOMPARE(r.cacheBreakpointCount(), 0);
    r.setSystem(u"s"_s, CacheTtl::FiveMinutes);
    QJsonObject tool = MessageRequest::clientTool(u"t"_s, {}, {});
    tool.insert(u"cache_control"_s, ContentBlock::cacheControlJson(CacheTtl::OneHour));
    r.addTool(tool);
    MessageParam m = MessageParam::user(u"x"_s);
    m.setCacheControlOnLastBlock(CacheTtl::FiveMinutes);
    r.addMessage(m);
    ContentBlock inner = ContentBlock::makeText(u"in"_s);
    inner.setCacheControl();
    r.addMessage(MessageParam::user({ContentBlock::makeToolResult(u"t"_s, QList{inner})}));
    r.setCacheControl(CacheTtl::FiveMinutes);
    QCOMPARE(r.cacheBreakpointCount(), 5);
}

void TestMessageRequest::fromJsonErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no model") << QByteArray(R"({"max_tokens":1,"messages":[]})") << u"model"_s;
    QTest::newRow("no max_tokens")
        << QByteArray(R"({"model":"m","messages":[]})") << u"max_tokens"_s;
    QTest::newRow("messages not array")
        << QByteArray(R"({"model":"m","max_tokens":1,"messages":{}})") << u"messages"_s;
    QTest::newRow("bad role")
        << QByteArray(
               R"({"model":"m","max_tokens":1,"messages":[{"role":"system","content":"x"}]})")
        << u"Message 1"_s;
    QTest::newRow("bad content")
        << QByteArray(R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":5}]})")
        << u"Message 1"_s;
    QTest::newRow("system number")
        << QByteArray(R"({"model":"m","max_tokens":1,"messages":[],"system":5})") << u"system"_s;
    QTest::newRow("temperature string")
        << QByteArray(R"({"model":"m","max_tokens":1,"messages":[],"temperature":"hot"})")
        << u"temperature"_s;
    QTest::newRow("tools not objects")
        << QByteArray(R"({"model":"m","max_tokens":1,"messages":[],"tools":[1]})") << u"tools"_s;
    QTest::newRow("tool_choice bad")
        << QByteArray(R"({"model":"m","max_tokens":1,"messages":[],"tool_choice":{"type":"x"}})")
        << u"tool_choice"_s;
    QTest::newRow("thinking bad")
        << QByteArray(R"({"model":"m","max_tokens":1,"messages":[],"thinking":{"type":"enabled"}})")
        << u"thinking"_s;
}

void TestMessageRequest::fromJsonErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    QString error;
    const QJsonObject body = QJsonDocument::fromJson(json).object();
    QVERIFY(!body.isEmpty());
    QVERIFY(!MessageRequest::fromJson(body, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestMessageRequest)
#include "tst_messagerequest.moc"
