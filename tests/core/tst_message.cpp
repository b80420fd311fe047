#include "core/api/message.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace claudette;

namespace {
QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

const char kReply[] = R"({
  "id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
  "content":[
    {"type":"thinking","thinking":"Let me see","signature":"sig=="},
    {"type":"text","text":"Hello ","citations":null},
    {"type":"tool_use","id":"toolu_1","name":"calc","input":{"a":1}},
    {"type":"text","text":"world"},
    {"type":"advisor_tool_result","tool_use_id":"x","content":{}}
  ],
  "stop_reason":"tool_use","stop_sequence":null,
  "stop_details":null,
  "container":{"id":"container_9","expires_at":"2026-01-01T00:00:00Z"},
  "usage":{"input_tokens":13,"output_tokens":5,"cache_creation_input_tokens":0,"cache_read_input_tokens":0},
  "diagnostics":{"cache_miss_reason":"none"}
})";
} // namespace

class TestMessage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void accessors();
    void roundTripKeepsUnknownFields();
    void toParamSendsBlocksBackUnchanged();
    void emptyAndMalformed();
    void paramStringForm();
    void paramFromJson_data();
    void paramFromJson();
    void paramCacheControl();
};

void TestMessage::accessors()
{
    const Message m(parse(kReply));
    QVERIFY(m.isValid());
    QCOMPARE(m.id(), u"msg_01"_s);
    QCOMPARE(m.type(), u"message"_s);
    QCOMPARE(m.role(), u"assistant"_s);
    QCOMPARE(m.model(), u"claude-sonnet-4-5-20250929"_s);
    QCOMPARE(m.blockCount(), 5);
    QCOMPARE(m.block(0).type(), ContentBlock::Type::Thinking);
    QCOMPARE(m.block(99), ContentBlock());
    QCOMPARE(m.block(-1), ContentBlock());
    QCOMPARE(m.text(), u"Hello world"_s);
    QCOMPARE(m.toolUses().size(), 1);
    QCOMPARE(m.toolUses().front().toolName(), u"calc"_s);
    QCOMPARE(m.stopReason(), u"tool_use"_s);
    QCOMPARE(m.stopSequence(), QString());
    QCOMPARE(m.usage().value(u"input_tokens").toInt(), 13);
    QCOMPARE(m.containerId(), u"container_9"_s);
    QVERIFY(m.hasBlocksOfUnknownType());
}

void TestMessage::roundTripKeepsUnknownFields()
{
    const QJsonObject json = parse(kReply);
    const Message m = Message::fromJson(json);
    QCOMPARE(m.toJson(), json);
    QVERIFY(m.toJson().contains(u"diagnostics"));
}

void TestMessage::toParamSendsBlocksBackUnchanged()
{
    const Message m(parse(kReply));
    const MessageParam p = m.toParam();
    QCOMPARE(p.role(), MessageParam::Role::Assistant);
    const QJsonObject json = p.toJson();
    QCOMPARE(json.value(u"role").toString(), u"assistant"_s);
    QCOMPARE(json.value(u"content").toArray(), parse(kReply).value(u"content").toArray());
}

void TestMessage::emptyAndMalformed()
{
    const Message empty;
    QVERIFY(!empty.isValid());
    QCOMPARE(empty.blockCount(), 0);
    QVERIFY(empty.content().isEmpty());
    QCOMPARE(empty.text(), QString());
    const Message odd(parse(R"({"id":5,"content":"text","usage":[],"container":"c"})"));
    QVERIFY(!odd.isValid());
    QCOMPARE(odd.id(), QString());
    QVERIFY(odd.usage().isEmpty());
    QCOMPARE(odd.containerId(), QString());
}

void TestMessage::paramStringForm()
{
    const MessageParam u = MessageParam::user(u"Hi"_s);
    QCOMPARE(u.toJson(), parse(R"({"role":"user","content":"Hi"})"));
    QCOMPARE(u.text(), u"Hi"_s);
    MessageParam changed = u;
    changed.append(ContentBlock::makeText(u"more"_s));
    QCOMPARE(changed.toJson(),
             parse(R"({"role":"user","content":[{"type":"text","text":"Hi"},{"type":"text","text":"more"}]})"));
    const QJsonObject prefill = parse("{\"role\":\"assistant\",\"content\":\"The answer is (\"}");
    QCOMPARE(MessageParam::assistant(u"The answer is ("_s).toJson(), prefill);
    QCOMPARE(MessageParam::user(QList{ContentBlock::makeText(u"x"_s)}).toJson(),
             parse(R"({"role":"user","content":[{"type":"text","text":"x"}]})"));
}

void TestMessage::paramFromJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("ok");
    QTest::newRow("string") << QByteArray(R"({"role":"user","content":"Hi"})") << true;
    QTest::newRow("blocks") << QByteArray(
        R"({"role":"assistant","content":[{"type":"text","text":"a"},{"type":"redacted_thinking","data":"d"}]})")
                            << true;
    QTest::newRow("empty blocks") << QByteArray(R"({"role":"user","content":[]})") << true;
    QTest::newRow("system role") << QByteArray(R"({"role":"system","content":"x"})") << false;
    QTest::newRow("no content") << QByteArray(R"({"role":"user"})") << false;
    QTest::newRow("numeric content") << QByteArray(R"({"role":"user","content":1})") << false;
}

void TestMessage::paramFromJson()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, ok);
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    bool parsed = false;
    const MessageParam p = MessageParam::fromJson(o, &parsed);
    QCOMPARE(parsed, ok);
    if (ok)
        QCOMPARE(p.toJson(), o);
    else
        QVERIFY(p.isEmpty());
}

void TestMessage::paramCacheControl()
{
    MessageParam p = MessageParam::user(u"long document"_s);
    p.setCacheControlOnLastBlock(CacheTtl::OneHour);
    QCOMPARE(p.cacheBreakpointCount(), 1);
    QCOMPARE(p.toJson(),
             parse(R"({"role":"user","content":[{"type":"text","text":"long document","cache_control":{"type":"ephemeral","ttl":"1h"}}]})"));
    p.clearCacheControl();
    QCOMPARE(p.cacheBreakpointCount(), 0);
    MessageParam empty;
    empty.setCacheControlOnLastBlock(CacheTtl::FiveMinutes); // nothing to mark: no crash
    QVERIFY(empty.isEmpty());
}

QTEST_GUILESS_MAIN(TestMessage)
#include "tst_message.moc"
