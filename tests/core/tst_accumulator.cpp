#include "core/api/accumulator.h"
#include "core/api/jsonparser.h"
#include "core/api/sseparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using claudette::Accumulator;
using claudette::JsonParser;

namespace {

const QByteArray kStart =
    R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":3,"cache_read_input_tokens":4,"output_tokens":1}}})";

QJsonObject json(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

// Applies (event name, data) pairs, expecting each to succeed.
bool feed(Accumulator &accumulator, const QList<std::pair<QByteArray, QByteArray>> &events)
{
    for (const auto &[type, data] : events) {
        if (!accumulator.applyEvent(type, data)) {
            qWarning("event %s failed: %s", type.constData(), qPrintable(accumulator.error()));
            return false;
        }
    }
    return true;
}

QByteArray blockStart(int index, const QByteArray &block)
{
    return R"({"type":"content_block_start","index":)" + QByteArray::number(index) +
           R"(,"content_block":)" + block + "}";
}

QByteArray delta(int index, const QByteArray &delta)
{
    return R"({"type":"content_block_delta","index":)" + QByteArray::number(index) +
           R"(,"delta":)" + delta + "}";
}

QByteArray blockStop(int index)
{
    return R"({"type":"content_block_stop","index":)" + QByteArray::number(index) + "}";
}

const QByteArray kStop = R"({"type":"message_stop"})";

QJsonObject block(const Accumulator &accumulator, int index)
{
    return accumulator.message().value("content"_L1).toArray().at(index).toObject();
}

} // namespace

class TestAccumulator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void textDeltas();
    void fastAndFullPathAgree();
    void literalPathAgrees_data();
    void literalPathAgrees();
    void coalescing();
    void coalescedTextReadMidway();
    void thinkingAndSignature();
    void toolInput_data();
    void toolInput();
    void toolInputUnparsable();
    void citations();
    void compaction();
    void usageReplacement();
    void messageDeltaMalformed();
    void secondMessageStart();
    void endsWithoutMessageStop();
    void endsWithoutAnyMessage();
    void malformedJson_data();
    void malformedJson();
    void nullEvent();
    void unknownEventIgnored();
    void unknownBlockTypeKept();
    void deltaIndexOutOfRange();
    void midStreamError();
    void pingIgnored();
    void eventsBeforeStartIgnored();
    void eventsAfterStopIgnored();
    void invalidUtf8Replaced();
    void fallbackBlockSetsModel();
    void signals_();
    void reset();
    void partialJson_data();
    void partialJson();
    void strictJson_data();
    void strictJson();
};

void TestAccumulator::textDeltas()
{
    Accumulator acc;
    QVERIFY(!acc.isStarted());
    QVERIFY(acc.message().isEmpty());
    QVERIFY(
        feed(acc, {{"message_start", kStart},
                   {"content_block_start", blockStart(0, R"({"type":"text","text":""})")},
                   {"content_block_delta", delta(0, R"({"type":"text_delta","text":"Hello"})")},
                   {"content_block_delta",
                    delta(0, R"({"type":"text_delta","text":", w\u00f6rld \ud83d\ude80\n"})")}}));
    QVERIFY(acc.isStarted());
    QVERIFY(!acc.isFinished());
    QCOMPARE(block(acc, 0).value("text"_L1).toString(), u"Hello, wörld 🚀\n"_s);
    QVERIFY(feed(
        acc,
        {{"content_block_stop", blockStop(0)},
         {"message_delta",
          R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":7}})"},
         {"message_stop", kStop}}));
    QVERIFY(acc.isFinished());
    QVERIFY(acc.endOfStream());
    QVERIFY(acc.error().isEmpty());
    const QJsonObject message = acc.message();
    QCOMPARE(message.value("stop_reason"_L1).toString(), u"end_turn"_s);
    QVERIFY(message.value("stop_sequence"_L1).isNull());
    QCOMPARE(message.value("usage"_L1).toObject().value("output_tokens"_L1).toInt(), 7);
    QCOMPARE(message.value("id"_L1).toString(), u"msg_1"_s);
}

void TestAccumulator::fastAndFullPathAgree()
{
    // The same deltas with an extra field (which the fast path leaves to the full parse), with
    // reordered fields and with padding must give the same message.
    const QList<QByteArray> variants = {
        R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\"b"}})",
        R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\"b","extra":1}})",
        R"({"delta":{"text":"a\"b","type":"text_delta"},"index":0,"type":"content_block_delta"})",
        R"({"type":"content_block_delta","index":0.0,"delta":{"type":"text_delta","text":"a\"b"}}       )",
    };
    for (const QByteArray &variant : variants) {
        Accumulator acc;
        QVERIFY(feed(acc, {{"message_start", kStart},
                           {"content_block_start", blockStart(0, R"({"type":"text","text":"x"})")},
                           {"content_block_delta", variant},
                           {"content_block_delta", variant}}));
        QCOMPARE(block(acc, 0).value("text"_L1).toString(), u"xa\"ba\"b"_s);
    }
}

void TestAccumulator::literalPathAgrees_data()
{
    QTest::addColumn<QByteArray>("deltaType");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("blockJson");
    QTest::addColumn<QByteArray>("payload");
    const QList<std::pair<const char *, QByteArray>> payloads = {
        {"plain", "Hello, world"},
        {"empty", ""},
        {"simple escapes", R"(q\" b\\ s\/ \b\f\n\r\t end)"},
        {"unicode escape", R"(caf\u00e9 \u00E9 \u20ac)"},
        {"surrogate pair", R"(\ud83d\ude80!)"},
        {"lone high surrogate", R"(a\ud83db)"},
        {"lone low surrogate", R"(a\ude80b)"},
        {"high surrogate then non-low", R"(\ud83d\u0041)"},
        {"raw UTF-8", "w\xc3\xb6rld \xf0\x9f\x9a\x80"},
        {"invalid UTF-8", "a\xff"
                          "b"},
        {"truncated UTF-8", "a\xe2\x82"},
        {"raw control character", "a\x01"
                                  "b"},
        {"unknown escape", R"(a\qb)"},
        {"short unicode escape", R"(a\u12)"},
        {"bad hex", R"(a\u12g4)"},
        {"long", QByteArray(5000, 'x') + R"(\n)" + QByteArray(5000, 'y')},
        {"JSON text", R"({\"a\": [1, 2]})"},
    };
    const QList<std::tuple<const char *, QByteArray, QByteArray, QByteArray>> kinds = {
        {"text", "text_delta", "text", R"({"type":"text","text":"x"})"},
        {"thinking", "thinking_delta", "thinking", R"({"type":"thinking","thinking":"x"})"},
        {"tool", "input_json_delta", "partial_json",
         R"({"type":"tool_use","id":"t","name":"n","input":{}})"},
    };
    for (const auto &[kindName, deltaType, key, blockJson] : kinds) {
        for (const auto &[name, payload] : payloads)
            QTest::addRow("%s %s", kindName, name) << deltaType << key << blockJson << payload;
    }
}

void TestAccumulator::literalPathAgrees()
{
    // The exact shape the API writes takes the literal fast path; the same event with an extra
    // field takes the full parse. Both must give the same message, or fail alike.
    QFETCH(QByteArray, deltaType);
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, blockJson);
    QFETCH(QByteArray, payload);
    const QByteArray literal = R"({"type":"content_block_delta","index":0,"delta":{"type":")" +
                               deltaType + R"(",")" + key + R"(":")" + payload + R"("}})";
    const QByteArray full = R"({"type":"content_block_delta","index":0,"delta":{"type":")" +
                            deltaType + R"(",")" + key + R"(":")" + payload + R"("},"extra":true})";
    QJsonObject messages[2];
    bool ok[2] = {};
    const QByteArray events[2] = {literal, full};
    for (int i = 0; i < 2; ++i) {
        Accumulator acc;
        QVERIFY(feed(
            acc, {{"message_start", kStart}, {"content_block_start", blockStart(0, blockJson)}}));
        ok[i] = acc.applyEvent("content_block_delta", events[i]) &&
                acc.applyEvent("content_block_delta", events[i]);
        QCOMPARE(acc.hasFailed(), !ok[i]);
        messages[i] = acc.message();
    }
    QCOMPARE(ok[0], ok[1]);
    QCOMPARE(messages[0], messages[1]);
}

void TestAccumulator::coalescing()
{
    Accumulator acc;
    acc.setCoalescing(true);
    QVERIFY(acc.isCoalescing());
    QStringList log;
    connect(&acc, &Accumulator::blockStarted, this,
            [&log](int index, const QJsonObject &) { log << u"start %1"_s.arg(index); });
    connect(&acc, &Accumulator::textAppended, this, [&log](int index, const QString &text) {
        log << u"text %1 %2"_s.arg(index).arg(text);
    });
    connect(&acc, &Accumulator::thinkingAppended, this, [&log](int index, const QString &text) {
        log << u"thinking %1 %2"_s.arg(index).arg(text);
    });
    connect(&acc, &Accumulator::toolInputAppended, this, [&log](int index, const QString &json) {
        log << u"json %1 %2"_s.arg(index).arg(json);
    });
    connect(&acc, &Accumulator::blockStopped, this,
            [&log](int index) { log << u"stop %1"_s.arg(index); });

    QVERIFY(
        feed(acc, {{"message_start", kStart},
                   {"content_block_start", blockStart(0, R"({"type":"thinking","thinking":""})")},
                   {"content_block_delta", delta(0, R"({"type":"thinking_delta","thinking":"a"})")},
                   {"content_block_delta", delta(0, R"({"type":"thinking_delta","thinking":"b"})")},
                   {"content_block_stop", blockStop(0)},
                   {"content_block_start", blockStart(1, R"({"type":"text","text":""})")},
                   {"content_block_delta", delta(1, R"({"type":"text_delta","text":"He"})")},
                   // the full parse path joins too
                   {"content_block_delta", delta(1, R"({"text":"l","type":"text_delta"})")},
                   {"content_block_delta", delta(1, R"({"type":"text_delta","text":"lo"})")}}));
    // Held back until a flush or another signal.
    QCOMPARE(log, QStringList({u"start 0"_s, u"thinking 0 ab"_s, u"stop 0"_s, u"start 1"_s}));
    acc.flushDeltas();
    QCOMPARE(log.last(), u"text 1 Hello"_s);
    acc.flushDeltas(); // nothing more to tell
    QCOMPARE(log.size(), 5);

    QVERIFY(feed(acc, {{"content_block_delta", delta(1, R"({"type":"text_delta","text":"!"})")},
                       {"content_block_start",
                        blockStart(2, R"({"type":"tool_use","id":"t","name":"n","input":{}})")},
                       {"content_block_delta",
                        delta(2, R"({"type":"input_json_delta","partial_json":"{\"a\":"})")},
                       {"content_block_delta",
                        delta(2, R"({"type":"input_json_delta","partial_json":"\"\u00e9\"}"})")}}));
    QCOMPARE(log.mid(5), QStringList({u"text 1 !"_s, u"start 2"_s}));
    // A failure tells what was held back first.
    QVERIFY(!acc.endOfStream());
    QCOMPARE(log.mid(7), QStringList({u"json 2 {\"a\":\"é\"}"_s}));
    QCOMPARE(block(acc, 1).value("text"_L1).toString(), u"Hello!"_s);
    QCOMPARE(block(acc, 0).value("thinking"_L1).toString(), u"ab"_s);

    // Without coalescing every delta has its own signal.
    Accumulator single;
    QSignalSpy text(&single, &Accumulator::textAppended);
    QVERIFY(
        feed(single, {{"message_start", kStart},
                      {"content_block_start", blockStart(0, R"({"type":"text","text":""})")},
                      {"content_block_delta", delta(0, R"({"type":"text_delta","text":"a"})")},
                      {"content_block_delta", delta(0, R"({"type":"text_delta","text":"b"})")}}));
    QCOMPARE(text.size(), 2);
    QCOMPARE(text.at(1).at(1).toString(), u"b"_s);
}

void TestAccumulator::coalescedTextReadMidway()
{
    // Coalesced deltas are kept as UTF-8 until their text is read; reading it in between (the
    // message, another block's signal) must neither lose nor repeat a character, and each
    // signal must carry exactly the text added since the one before.
    Accumulator acc;
    acc.setCoalescing(true);
    QString told;
    connect(&acc, &Accumulator::textAppended, this,
            [&told](int, const QString &text) { told += text; });
    QVERIFY(feed(acc, {{"message_start", kStart},
                       {"content_block_start", blockStart(0, R"({"type":"text","text":"»"})")},
                       {"content_block_delta", delta(0, R"({"type":"text_delta","text":"é"})")},
                       {"content_block_delta", delta(0, R"({"type":"text_delta","text":"😀"})")}}));
    QCOMPARE(block(acc, 0).value("text"_L1).toString(), u"»é😀"_s);
    QVERIFY(told.isEmpty()); // reading the message does not announce anything
    QVERIFY(feed(acc, {{"content_block_delta", delta(0, R"({"type":"text_delta","text":"ß\n"})")},
                       // the full parse path appends UTF-16 between UTF-8 deltas
                       {"content_block_delta", delta(0, R"({"text":"ü","type":"text_delta"})")},
                       {"content_block_delta", delta(0, R"({"type":"text_delta","text":"ñ"})")}}));
    acc.flushDeltas();
    QCOMPARE(told, u"é😀ß\nüñ"_s);
    QVERIFY(feed(acc, {{"content_block_delta", delta(0, R"({"type":"text_delta","text":"€"})")},
                       {"content_block_stop", blockStop(0)},
                       {"message_stop", kStop}}));
    QCOMPARE(told, u"é😀ß\nüñ€"_s);
    QCOMPARE(block(acc, 0).value("text"_L1).toString(), u"»é😀ß\nüñ€"_s);
}

void TestAccumulator::thinkingAndSignature()
{
    Accumulator acc;
    QSignalSpy thinking(&acc, &Accumulator::thinkingAppended);
    QSignalSpy signature(&acc, &Accumulator::signatureSet);
    QVERIFY(feed(
        acc, {{"message_start", kStart},
              {"content_block_start",
               blockStart(0, R"({"type":"thinking","thinking":"","signature":""})")},
              {"content_block_delta", delta(0, R"({"type":"thinking_delta","thinking":"Let me"})")},
              {"content_block_delta", delta(0, R"({"type":"thinking_delta","thinking":""})")},
              {"content_block_delta", delta(0, R"({"type":"thinking_delta","thinking":" think"})")},
              {"content_block_delta", delta(0, R"({"type":"signature_delta","signature":"EqQB"})")},
              // A text delta to a thinking block is ignored, as by the SDK.
              {"content_block_delta", delta(0, R"({"type":"text_delta","text":"nope"})")},
              {"content_block_stop", blockStop(0)}}));
    const QJsonObject b = block(acc, 0);
    QCOMPARE(b.value("thinking"_L1).toString(), u"Let me think"_s);
    QCOMPARE(b.value("signature"_L1).toString(), u"EqQB"_s);
    QVERIFY(!b.contains("text"_L1));
    QCOMPARE(thinking.size(), 3);
    QCOMPARE(thinking.at(2).at(1).toString(), u" think"_s);
    QCOMPARE(signature.size(), 1);
    QCOMPARE(signature.at(0).at(0).toInt(), 0);
}

void TestAccumulator::toolInput_data()
{
    QTest::addColumn<QByteArray>("blockType");
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<QByteArray>("midway"); // input after all but the last chunk
    QTest::addColumn<QByteArray>("final");

    const QList<QByteArray> chunks = {"", R"({"loc)", R"(ation": "Par)", R"(is", "n": [1, 2)",
                                      R"(]})"};
    for (const char *type : {"tool_use", "server_tool_use", "mcp_tool_use"}) {
        QTest::newRow(type) << QByteArray(type) << chunks
                            << QByteArray(R"({"location":"Paris","n":[1]})")
                            << QByteArray(R"({"location":"Paris","n":[1,2]})");
    }
    QTest::newRow("empty buffer gives {}") << QByteArray("tool_use") << QList<QByteArray>{"", ""}
                                           << QByteArray("{}") << QByteArray("{}");
    QTest::newRow("not a tool block: ignored")
        << QByteArray("text") << chunks << QByteArray("{}") << QByteArray("{}");
}

void TestAccumulator::toolInput()
{
    QFETCH(QByteArray, blockType);
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QByteArray, midway);
    QFETCH(QByteArray, final);

    Accumulator acc;
    QSignalSpy appended(&acc, &Accumulator::toolInputAppended);
    QVERIFY(feed(acc, {{"message_start", kStart},
                       {"content_block_start",
                        blockStart(0, R"({"type":")" + blockType +
                                          R"(","id":"toolu_1","name":"weather","input":{}})")}}));
    auto input = [&] {
        const QJsonValue value = block(acc, 0).value("input"_L1);
        return value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
    };
    for (qsizetype i = 0; i < chunks.size(); ++i) {
        if (i == chunks.size() - 1)
            QCOMPARE(input(), *JsonParser::parse(midway));
        const QByteArray escaped =
            QJsonDocument(QJsonArray{QString::fromUtf8(chunks[i])}).toJson(QJsonDocument::Compact);
        QVERIFY(feed(acc, {{"content_block_delta",
                            delta(0, R"({"type":"input_json_delta","partial_json":)" +
                                         escaped.mid(1, escaped.size() - 2) + "}")}}));
    }
    QVERIFY(feed(acc, {{"content_block_stop", blockStop(0)}}));
    const QJsonValue expected = *JsonParser::parse(final);
    if (blockType == "text") {
        QCOMPARE(input(), expected); // as started
        QCOMPARE(appended.size(), 0);
    } else {
        QCOMPARE(input(), expected);
        QCOMPARE(appended.size(), chunks.size());
        QCOMPARE(appended.at(1).at(1).toString(), QString::fromUtf8(chunks[1]));
    }
}

void TestAccumulator::toolInputUnparsable()
{
    Accumulator acc;
    QSignalSpy failed(&acc, &Accumulator::failed);
    QVERIFY(
        feed(acc, {{"message_start", kStart},
                   {"content_block_start",
                    blockStart(0, R"({"type":"tool_use","id":"t","name":"n","input":{}})")},
                   {"content_block_delta",
                    delta(0, R"({"type":"input_json_delta","partial_json":"{\"a\": nope}"})")}}));
    // Streaming: the partial input cannot be parsed yet and shows as {}.
    QCOMPARE(block(acc, 0).value("input"_L1).toObject(), QJsonObject());
    QVERIFY(!acc.applyEvent("content_block_stop", blockStop(0)));
    QVERIFY(acc.error().contains("Unable to parse tool parameter JSON"_L1));
    QVERIFY(acc.error().contains("nope"_L1));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(block(acc, 0).value("input"_L1).toObject(), QJsonObject());
    QCOMPARE(block(acc, 0).value("name"_L1).toString(), u"n"_s);
}

void TestAccumulator::citations()
{
    Accumulator acc;
    QSignalSpy added(&acc, &Accumulator::citationAdded);
    const QByteArray citation =
        R"({"type":"web_search_result_location","cited_text":"x","url":"https://example.com","title":"T","encrypted_index":"E"})";
    QVERIFY(feed(acc, {{"message_start", kStart},
                       {"content_block_start", blockStart(0, R"({"type":"text","text":""})")},
                       {"content_block_delta",
                        delta(0, R"({"type":"citations_delta","citation":)" + citation + "}")},
                       {"content_block_delta", delta(0, R"({"type":"text_delta","text":"cited"})")},
                       {"content_block_delta",
                        delta(0, R"({"type":"citations_delta","citation":)" + citation + "}")}}));
    const QJsonObject b = block(acc, 0);
    QCOMPARE(b.value("text"_L1).toString(), u"cited"_s);
    QCOMPARE(b.value("citations"_L1).toArray().size(), 2);
    QCOMPARE(b.value("citations"_L1).toArray().at(1).toObject(), json(citation));
    QCOMPARE(added.size(), 2);
    QCOMPARE(added.at(0).at(0).toInt(), 0);
    QCOMPARE(added.at(0).at(1).toJsonObject(), json(citation));
}

void TestAccumulator::compaction()
{
    Accumulator acc;
    QVERIFY(feed(
        acc,
        {{"message_start", kStart},
         {"content_block_start", blockStart(0, R"({"type":"compaction","content":null})")},
         {"content_block_delta",
          delta(
              0,
              R"({"type":"compaction_delta","content":"Summary.","encrypted_content":"ENC"})")}}));
    QCOMPARE(block(acc, 0).value("content"_L1).toString(), u"Summary."_s);
    QCOMPARE(block(acc, 0).value("encrypted_content"_L1).toString(), u"ENC"_s);
    // Without encrypted_content the earlier one stays; a null content is a failed compaction.
    QVERIFY(feed(
        acc, {{"content_block_delta", delta(0, R"({"type":"compaction_delta","content":null})")}}));
    QVERIFY(block(acc, 0).value("content"_L1).isNull());
    QCOMPARE(block(acc, 0).value("encrypted_content"_L1).toString(), u"ENC"_s);
}

void TestAccumulator::usageReplacement()
{
    Accumulator acc;
    QSignalSpy deltas(&acc, &Accumulator::messageDelta);
    QVERIFY(feed(acc, {{"message_start", kStart}}));
    // Only output_tokens: the other counters stay (never added, never dropped).
    QVERIFY(feed(
        acc,
        {{"message_delta",
          R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null,"stop_details":null},"usage":{"output_tokens":5}})"}}));
    QJsonObject usage = acc.message().value("usage"_L1).toObject();
    QCOMPARE(usage.value("output_tokens"_L1).toInt(), 5);
    QCOMPARE(usage.value("input_tokens"_L1).toInt(), 10);
    QCOMPARE(usage.value("cache_creation_input_tokens"_L1).toInt(), 3);
    QCOMPARE(usage.value("cache_read_input_tokens"_L1).toInt(), 4);
    QVERIFY(acc.message().value("stop_details"_L1).isNull());

    // Present counters replace (cumulative totals), null ones do not; stop_details absent drops
    // the key as in the SDK; container only when given.
    QVERIFY(feed(
        acc,
        {{"message_delta",
          R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null,"container":{"id":"c1"}},"usage":{"output_tokens":9,"input_tokens":12,"cache_read_input_tokens":null,"server_tool_use":{"web_search_requests":2},"iterations":[{"input_tokens":1}]},"context_management":{"applied_edits":[]}})"}}));
    const QJsonObject message = acc.message();
    usage = message.value("usage"_L1).toObject();
    QCOMPARE(usage.value("output_tokens"_L1).toInt(), 9);
    QCOMPARE(usage.value("input_tokens"_L1).toInt(), 12);
    QCOMPARE(usage.value("cache_read_input_tokens"_L1).toInt(), 4);
    QCOMPARE(usage.value("server_tool_use"_L1).toObject().value("web_search_requests"_L1).toInt(),
             2);
    QCOMPARE(usage.value("iterations"_L1).toArray().size(), 1);
    QCOMPARE(message.value("stop_reason"_L1).toString(), u"end_turn"_s);
    QVERIFY(!message.contains("stop_details"_L1));
    QCOMPARE(message.value("container"_L1).toObject().value("id"_L1).toString(), u"c1"_s);
    QVERIFY(message.value("context_management"_L1).isObject());

    QCOMPARE(deltas.size(), 2);
    QCOMPARE(deltas.at(1).at(0).toJsonObject().value("stop_reason"_L1).toString(), u"end_turn"_s);
    QCOMPARE(deltas.at(1).at(1).toJsonObject().value("output_tokens"_L1).toInt(), 9);
}

void TestAccumulator::messageDeltaMalformed()
{
    Accumulator acc;
    QVERIFY(feed(acc, {{"message_start", kStart}}));
    QVERIFY(!acc.applyEvent("message_delta",
                            R"({"type":"message_delta","delta":{"stop_reason":"end_turn"}})"));
    QVERIFY(acc.error().contains("message_delta"_L1));
    QCOMPARE(acc.message().value("id"_L1).toString(), u"msg_1"_s);
}

void TestAccumulator::secondMessageStart()
{
    Accumulator acc;
    QSignalSpy failed(&acc, &Accumulator::failed);
    QVERIFY(
        feed(acc, {{"message_start", kStart},
                   {"content_block_start", blockStart(0, R"({"type":"text","text":""})")},
                   {"content_block_delta", delta(0, R"({"type":"text_delta","text":"kept"})")}}));
    QVERIFY(!acc.applyEvent("message_start", kStart));
    QVERIFY(acc.hasFailed());
    QVERIFY(acc.error().contains("message_start"_L1));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(block(acc, 0).value("text"_L1).toString(), u"kept"_s);
    // Sticky: later events are refused, nothing changes, failed is not emitted again.
    QVERIFY(
        !acc.applyEvent("content_block_delta", delta(0, R"({"type":"text_delta","text":"x"})")));
    QCOMPARE(block(acc, 0).value("text"_L1).toString(), u"kept"_s);
    QVERIFY(!acc.endOfStream());
    QCOMPARE(failed.size(), 1);
}

void TestAccumulator::endsWithoutMessageStop()
{
    Accumulator acc;
    QSignalSpy failed(&acc, &Accumulator::failed);
    QSignalSpy finished(&acc, &Accumulator::finished);
    QVERIFY(feed(acc,
                 {{"message_start", kStart},
                  {"content_block_start", blockStart(0, R"({"type":"text","text":""})")},
                  {"content_block_delta", delta(0, R"({"type":"text_delta","text":"partial"})")}}));
    QVERIFY(!acc.endOfStream());
    QVERIFY(acc.error().contains("message_stop"_L1));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(finished.size(), 0);
    QVERIFY(!acc.isFinished());
    QCOMPARE(block(acc, 0).value("text"_L1).toString(), u"partial"_s);
}

void TestAccumulator::endsWithoutAnyMessage()
{
    Accumulator acc;
    QVERIFY(!acc.endOfStream());
    QVERIFY(!acc.error().isEmpty());
    QVERIFY(acc.message().isEmpty());
}

void TestAccumulator::malformedJson_data()
{
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("truncated delta")
        << QByteArray("content_block_delta")
        << QByteArray(
               R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ab)");
    QTest::newRow("trailing garbage")
        << QByteArray("content_block_delta")
        << QByteArray(
               R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ab"}} x)");
    QTest::newRow("control character in string")
        << QByteArray("content_block_delta")
        << QByteArray("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_"
                      "delta\",\"text\":\"a\tb\"}}");
    QTest::newRow("bad escape")
        << QByteArray("content_block_delta")
        << QByteArray(
               R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\x"}})");
    QTest::newRow("unknown event, not JSON") << QByteArray("surprise") << QByteArray("hello");
    QTest::newRow("message_delta")
        << QByteArray("message_delta") << QByteArray(R"({"type":"message_delta",})");
}

void TestAccumulator::malformedJson()
{
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, data);
    Accumulator acc;
    QSignalSpy failed(&acc, &Accumulator::failed);
    QVERIFY(feed(acc, {{"message_start", kStart},
                       {"content_block_start", blockStart(0, R"({"type":"text","text":""})")},
                       {"content_block_delta", delta(0, R"({"type":"text_delta","text":"ab"})")}}));
    QVERIFY(!acc.applyEvent(type, data));
    QVERIFY2(acc.error().contains("Malformed JSON"_L1), qPrintable(acc.error()));
    QVERIFY(acc.error().contains(QString::fromUtf8(type)));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(block(acc, 0).value("text"_L1).toString(), u"ab"_s);
}

void TestAccumulator::nullEvent()
{
    Accumulator acc;
    QVERIFY(feed(acc, {{"message_start", kStart}, {"surprise", "[1]"}, {"surprise", "42"}}));
    QVERIFY(!acc.applyEvent("content_block_delta", "null"));
    QVERIFY(acc.error().contains("null"_L1));
}

void TestAccumulator::unknownEventIgnored()
{
    Accumulator acc;
    QVERIFY(
        feed(acc, {{"message_start", kStart},
                   {"future_event", R"({"type":"future_event","x":1})"},
                   {"content_block_delta",
                    R"({"type":"content_block_delta","index":0,"delta":{"type":"future_delta"}})"},
                   {"content_block_start", blockStart(0, R"({"type":"text","text":""})")},
                   {"content_block_delta", delta(0, R"({"type":"future_delta","x":1})")},
                   {"message_stop", kStop}}));
    QVERIFY(acc.endOfStream());
    QCOMPARE(acc.message().value("content"_L1).toArray().size(), 1);
    QCOMPARE(block(acc, 0), json(R"({"type":"text","text":""})"));
}

void TestAccumulator::unknownBlockTypeKept()
{
    const QByteArray unknown =
        R"({"type":"advisor_tool_result","tool_use_id":"srvtoolu_1","content":{"type":"advisor_result","text":"x","nested":[1,{"a":null}]}})";
    Accumulator acc;
    QSignalSpy started(&acc, &Accumulator::blockStarted);
    QVERIFY(
        feed(acc, {{"message_start", kStart},
                   {"content_block_start", blockStart(0, unknown)},
                   {"content_block_delta", delta(0, R"({"type":"text_delta","text":"ignored"})")},
                   {"content_block_stop", blockStop(0)},
                   {"message_stop", kStop}}));
    QCOMPARE(block(acc, 0), json(unknown));
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.at(0).at(1).toJsonObject(), json(unknown));
}

void TestAccumulator::deltaIndexOutOfRange()
{
    Accumulator acc;
    QVERIFY(feed(
        acc,
        {{"message_start", kStart},
         {"content_block_start", blockStart(0, R"({"type":"text","text":""})")},
         {"content_block_delta", delta(1, R"({"type":"text_delta","text":"a"})")},
         {"content_block_delta", delta(-1, R"({"type":"text_delta","text":"b"})")},
         {"content_block_delta",
          R"({"type":"content_block_delta","index":0.5,"delta":{"type":"text_delta","text":"c"}})"},
         {"content_block_delta",
          R"({"type":"content_block_delta","delta":{"type":"text_delta","text":"d"}})"},
         {"content_block_stop", blockStop(5)}}));
    QCOMPARE(block(acc, 0).value("text"_L1).toString(), QString());
}

void TestAccumulator::midStreamError()
{
    Accumulator acc;
    QSignalSpy failed(&acc, &Accumulator::failed);
    const QByteArray body =
        R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"})";
    QVERIFY(
        feed(acc, {{"message_start", kStart},
                   {"content_block_start", blockStart(0, R"({"type":"text","text":""})")},
                   {"content_block_delta", delta(0, R"({"type":"text_delta","text":"so far"})")}}));
    QVERIFY(!acc.applyEvent("error", body));
    QVERIFY(acc.error().contains("overloaded_error: Overloaded"_L1));
    QCOMPARE(acc.streamErrorBody(), json(body));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(block(acc, 0).value("text"_L1).toString(), u"so far"_s);

    // An error event whose data is not JSON still fails, with the raw text.
    Accumulator raw;
    QVERIFY(!raw.applyEvent("error", "upstream connect error"));
    QVERIFY(raw.error().contains("upstream connect error"_L1));
    QVERIFY(raw.streamErrorBody().isEmpty());
}

void TestAccumulator::pingIgnored()
{
    Accumulator acc;
    QVERIFY(feed(acc, {{"ping", R"({"type": "ping"})"},
                       {"ping", "not json at all"},
                       {"message_start", kStart},
                       {"ping", ""},
                       {"message", "nameless: ignored"},
                       {"content_block_start", ""}}));
    QVERIFY(acc.isStarted());
    QVERIFY(!acc.hasFailed());
}

void TestAccumulator::eventsBeforeStartIgnored()
{
    Accumulator acc;
    QVERIFY(feed(acc, {{"content_block_start", blockStart(0, R"({"type":"text","text":""})")},
                       {"content_block_delta", delta(0, R"({"type":"text_delta","text":"x"})")},
                       {"message_stop", kStop}}));
    QVERIFY(!acc.isStarted());
    QVERIFY(!acc.isFinished());
    QVERIFY(acc.message().isEmpty());
}

void TestAccumulator::eventsAfterStopIgnored()
{
    Accumulator acc;
    QSignalSpy finished(&acc, &Accumulator::finished);
    QVERIFY(feed(acc, {{"message_start", kStart},
                       {"content_block_start", blockStart(0, R"({"type":"text","text":""})")},
                       {"content_block_delta", delta(0, R"({"type":"text_delta","text":"done"})")},
                       {"message_stop", kStop},
                       {"content_block_delta", delta(0, R"({"type":"text_delta","text":" more"})")},
                       {"message_stop", kStop}}));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).toJsonObject(), acc.message());
    QCOMPARE(block(acc, 0).value("text"_L1).toString(), u"done"_s);
    // A second message in the same stream is an error, as in the SDK.
    QVERIFY(!acc.applyEvent("message_start", kStart));
}

void TestAccumulator::invalidUtf8Replaced()
{
    Accumulator acc;
    QVERIFY(feed(acc, {{"message_start", kStart},
                       {"content_block_start", blockStart(0, R"({"type":"text","text":""})")},
                       {"content_block_delta", delta(0, "{\"type\":\"text_delta\",\"text\":\"a\xff"
                                                        "b\"}")}}));
    QCOMPARE(block(acc, 0).value("text"_L1).toString(), u"a\uFFFDb"_s);
}

void TestAccumulator::fallbackBlockSetsModel()
{
    Accumulator acc;
    QVERIFY(feed(acc, {{"message_start", kStart},
                       {"content_block_start",
                        blockStart(0, R"({"type":"fallback","to":{"model":"claude-other"}})")}}));
    QCOMPARE(acc.message().value("model"_L1).toString(), u"claude-other"_s);
    QVERIFY(!acc.applyEvent("content_block_start", blockStart(1, R"({"type":"fallback"})")));
}

void TestAccumulator::signals_()
{
    Accumulator acc;
    QSignalSpy messageStarted(&acc, &Accumulator::messageStarted);
    QSignalSpy blockStarted(&acc, &Accumulator::blockStarted);
    QSignalSpy text(&acc, &Accumulator::textAppended);
    QSignalSpy stopped(&acc, &Accumulator::blockStopped);
    QSignalSpy deltas(&acc, &Accumulator::messageDelta);
    QSignalSpy finished(&acc, &Accumulator::finished);
    QSignalSpy failed(&acc, &Accumulator::failed);
    claudette::SseParser parser;
    const QByteArray stream =
        "event: message_start\ndata: " + kStart +
        "\n\nevent: content_block_start\ndata: " + blockStart(0, R"({"type":"text","text":""})") +
        "\n\nevent: content_block_delta\ndata: " +
        delta(0, R"({"type":"text_delta","text":"Hi"})") +
        "\n\nevent: content_block_start\ndata: " + blockStart(1, R"({"type":"text","text":""})") +
        "\n\nevent: content_block_delta\ndata: " + delta(1, R"({"type":"text_delta","text":"!"})") +
        "\n\nevent: content_block_stop\ndata: " + blockStop(1) +
        "\n\nevent: message_delta\ndata: "
        R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}})"
        "\n\nevent: message_stop\ndata: " +
        kStop + "\n\n";
    for (const claudette::SseEvent &event : parser.feed(stream))
        QVERIFY(acc.apply(event));
    QVERIFY(acc.endOfStream());

    QCOMPARE(messageStarted.size(), 1);
    QCOMPARE(messageStarted.at(0).at(0).toJsonObject().value("id"_L1).toString(), u"msg_1"_s);
    QCOMPARE(messageStarted.at(0).at(0).toJsonObject().value("content"_L1).toArray().size(), 0);
    QCOMPARE(blockStarted.size(), 2);
    QCOMPARE(blockStarted.at(1).at(0).toInt(), 1);
    QCOMPARE(blockStarted.at(1).at(1).toJsonObject().value("type"_L1).toString(), u"text"_s);
    QCOMPARE(text.size(), 2);
    QCOMPARE(text.at(0).at(0).toInt(), 0);
    QCOMPARE(text.at(0).at(1).toString(), u"Hi"_s);
    QCOMPARE(text.at(1).at(0).toInt(), 1);
    QCOMPARE(text.at(1).at(1).toString(), u"!"_s);
    QCOMPARE(stopped.size(), 1);
    QCOMPARE(stopped.at(0).at(0).toInt(), 1);
    QCOMPARE(deltas.size(), 1);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).toJsonObject(), acc.message());
    QCOMPARE(failed.size(), 0);
    QCOMPARE(acc.eventCount(), 8);
}

void TestAccumulator::reset()
{
    Accumulator acc;
    QVERIFY(feed(acc, {{"message_start", kStart}}));
    QVERIFY(!acc.applyEvent("message_start", kStart));
    acc.reset();
    QVERIFY(!acc.isStarted());
    QVERIFY(!acc.hasFailed());
    QVERIFY(acc.error().isEmpty());
    QVERIFY(acc.message().isEmpty());
    QVERIFY(feed(acc, {{"message_start", kStart}, {"message_stop", kStop}}));
    QVERIFY(acc.endOfStream());
}

void TestAccumulator::partialJson_data()
{
    // Expected values produced by the SDK's own partialParse (tests/sdk, @anthropic-ai/sdk
    // 1.12.0, _vendor/partial-json-parser); an empty expectation means it throws.
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    const std::pair<const char *, const char *> cases[] = {
        {R"({"a": 1)", "{}"},
        {R"({"a": "hel)", "{}"},
        {R"({"a": tr)", "{}"},
        {R"({"a": [1, 2)", R"({"a":[1]})"},
        {R"({"a": {"b": null)", R"({"a":{"b":null}})"},
        {R"({"a": -)", "{}"},
        {R"({"a": 1.)", "{}"},
        {R"({"a": 1e)", "{}"},
        {R"({"a": 1e-)", "{}"},
        {R"({"key)", "{}"},
        {R"({"a": 1, "b)", R"({"a":1})"},
        {R"({"a": 1, "b":)", R"({"a":1})"},
        {R"([1, 2,)", "[1,2]"},
        {"[", "[]"},
        {R"("abc)", ""},
        {R"("abc")", R"("abc")"},
        {"12", ""},
        {"12 3", "12"},
        {R"({"a": "x\"y)", "{}"},
        {R"({"a": "x\\")", R"({"a":"x\\"})"},
        {R"({"a": nan})", ""},
        {R"({"a": 1}})", ""},
        {R"({"a": ])", ""},
        {"{\"a\": \"\xc3\xa9", "{}"},
        {R"({"a": 0.5e+3)", "{}"},
        {R"({"a": .5})", ""},
        {"  ", ""},
        {R"({"a": true, "b": fals)", R"({"a":true})"},
        {R"({"a": [ {"b": 1}, {"c")", R"({"a":[{"b":1},{}]})"},
        {R"({"a":"\u00)", "{}"},
    };
    for (const auto &[input, expected] : cases)
        QTest::newRow(input) << QByteArray(input) << QByteArray(expected);
}

void TestAccumulator::partialJson()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QString why;
    const std::optional<QJsonValue> parsed = JsonParser::parsePartial(input, &why);
    if (expected.isEmpty()) {
        QVERIFY2(!parsed, JsonParser::completePartial(input).constData());
        QVERIFY(!why.isEmpty());
    } else {
        QVERIFY2(parsed, qPrintable(why));
        QCOMPARE(*parsed, *JsonParser::parse(expected));
    }
}

void TestAccumulator::strictJson_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("valid");
    QTest::newRow("object") << QByteArray(R"({"a":[1,2.5,-3e2,true,null,"x"]})") << true;
    QTest::newRow("scalar") << QByteArray("42") << true;
    QTest::newRow("padded") << QByteArray(R"({"a":1}      )") << true;
    QTest::newRow("control character") << QByteArray("[\"a\tb\"]") << false;
    QTest::newRow("1.") << QByteArray("[1.]") << false;
    QTest::newRow(".5") << QByteArray("[.5]") << false;
    QTest::newRow("bad escape") << QByteArray(R"(["\x"])") << false;
    QTest::newRow("trailing comma") << QByteArray("[1,]") << false;
    QTest::newRow("trailing garbage") << QByteArray("[1] x") << false;
    QTest::newRow("empty") << QByteArray("") << false;
}

void TestAccumulator::strictJson()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, valid);
    QString why;
    QCOMPARE(JsonParser::parse(input, &why).has_value(), valid);
    QCOMPARE(why.isEmpty(), valid);
    if (valid)
        return;
    // Duplicate keys: the last wins, as with JSON.parse.
    QCOMPARE(JsonParser::parse(R"({"a":1,"a":2})")->toObject().value("a"_L1).toInt(), 2);
}

QTEST_GUILESS_MAIN(TestAccumulator)
#include "tst_accumulator.moc"
