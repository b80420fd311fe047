#include "core/api/contentblock.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using claudette::CacheTtl;
using claudette::ContentBlock;

namespace {
QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}
} // namespace

class TestContentBlock : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripKeepsEverything_data();
    void roundTripKeepsEverything();
    void knownTypes_data();
    void knownTypes();
    void accessors();
    void toolResults();
    void sources();
    void factories();
    void cacheControl();
    void malformedInput();
};

void TestContentBlock::roundTripKeepsEverything_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("text with citations and unknown field")
        << QByteArray(R"({"type":"text","text":"Hi","citations":[{"type":"char_location",)"
                      R"("cited_text":"x","document_index":0,"start_char_index":0,)"
                      R"("end_char_index":1}],"future_field":{"a":[1,2,3]}})");
    QTest::newRow("unknown block type")
        << QByteArray(R"({"type":"advisor_tool_result","tool_use_id":"srvtoolu_1",)"
                      R"("content":{"type":"advisor_result","text":"ok"},"x":null})");
    QTest::newRow("thinking") << QByteArray(
        R"({"type":"thinking","thinking":"Let me think","signature":"EqQBCkYIBxgCKkB"})");
    QTest::newRow("web search result")
        << QByteArray(R"({"type":"web_search_tool_result","tool_use_id":"srvtoolu_2",)"
                      R"("content":[{"type":"web_search_result","url":"https://e.org",)"
                      R"("title":"E","encrypted_content":"abc","page_age":null}]})");
    QTest::newRow("compaction") << QByteArray(
        R"({"type":"compaction","content":"summary","encrypted_content":"zzz"})");
}

void TestContentBlock::roundTripKeepsEverything()
{
    QFETCH(QByteArray, json);
    const QJsonObject original = QJsonDocument::fromJson(json).object();
    QVERIFY(!original.isEmpty());
    const ContentBlock block = ContentBlock::fromJson(original);
    QCOMPARE(block.toJson(), original);
    // through bytes and back, as a file would
    const QByteArray bytes = QJsonDocument(block.toJson()).toJson(QJsonDocument::Compact);
    QCOMPARE(ContentBlock::fromJson(QJsonDocument::fromJson(bytes).object()), block);
}

void TestContentBlock::knownTypes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("known");
    QTest::addColumn<bool>("assistantOnly");
    const struct
    {
        const char *name;
        bool known;
        bool assistantOnly;
    } rows[] = {
        {"text", true, false},
        {"image", true, false},
        {"document", true, false},
        {"search_result", true, false},
        {"tool_result", true, false},
        {"thinking", true, true},
        {"redacted_thinking", true, true},
        {"tool_use", true, true},
        {"server_tool_use", true, true},
        {"web_search_tool_result", true, true},
        {"web_fetch_tool_result", true, true},
        {"code_execution_tool_result", true, true},
        {"bash_code_execution_tool_result", true, true},
        {"text_editor_code_execution_tool_result", true, true},
        {"tool_search_tool_result", true, true},
        {"container_upload", true, true},
        {"mcp_tool_use", true, true},
        {"mcp_tool_result", true, true},
        {"compaction", true, true},
        {"advisor_tool_result", false, false},
        {"", false, false},
    };
    for (const auto &r : rows)
        QTest::newRow(r.name[0] ? r.name : "empty")
            << QString::fromLatin1(r.name) << r.known << r.assistantOnly;
}

void TestContentBlock::knownTypes()
{
    QFETCH(QString, name);
    QFETCH(bool, known);
    QFETCH(bool, assistantOnly);
    const ContentBlock block(QJsonObject{{u"type"_s, name}});
    QCOMPARE(block.isKnownType(), known);
    QCOMPARE(block.typeName(), name);
    QCOMPARE(block.isAssistantOnlyType(), assistantOnly);
    if (known)
        QCOMPARE(ContentBlock::nameOfType(block.type()), name);
}

void TestContentBlock::accessors()
{
    const ContentBlock text(parse(R"({"type":"text","text":"Hello","citations":[{"a":1}]})"));
    QCOMPARE(text.type(), ContentBlock::Type::Text);
    QCOMPARE(text.text(), u"Hello"_s);
    QCOMPARE(text.citations().size(), 1);

    const ContentBlock thinking = ContentBlock::makeThinking(u"hmm"_s, u"sig"_s);
    QCOMPARE(thinking.thinking(), u"hmm"_s);
    QCOMPARE(thinking.signature(), u"sig"_s);
    QCOMPARE(ContentBlock::makeRedactedThinking(u"opaque"_s).redactedData(), u"opaque"_s);

    const ContentBlock use(parse(
        R"({"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}})"));
    QCOMPARE(use.toolUseId(), u"toolu_1"_s);
    QCOMPARE(use.toolName(), u"get_weather"_s);
    QCOMPARE(use.toolInput().value(u"city").toString(), u"Paris"_s);
    QCOMPARE(ContentBlock::makeToolUse(u"toolu_1"_s, u"get_weather"_s,
                                       QJsonObject{{u"city"_s, u"Paris"_s}}),
             use);

    const ContentBlock server(parse(
        R"({"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"q"}})"));
    QCOMPARE(server.toolUseId(), u"srvtoolu_1"_s);
    const ContentBlock mcp(parse(
        R"({"type":"mcp_tool_use","id":"mcptoolu_1","name":"echo","server_name":"srv","input":{}})"));
    QCOMPARE(mcp.toolUseId(), u"mcptoolu_1"_s);
    QCOMPARE(mcp.serverName(), u"srv"_s);
    const ContentBlock webResult(
        parse(R"({"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]})"));
    QCOMPARE(webResult.toolUseId(), u"srvtoolu_1"_s);
}

void TestContentBlock::toolResults()
{
    const ContentBlock str = ContentBlock::makeToolResult(u"toolu_1"_s, u"259.75 USD"_s);
    QCOMPARE(str.toJson(), parse(R"({"type":"tool_result","tool_use_id":"toolu_1",)"
                                 R"("content":"259.75 USD"})"));
    QCOMPARE(str.resultText(), u"259.75 USD"_s);
    QVERIFY(!str.isError());
    QVERIFY(str.resultBlocks().isEmpty());

    const ContentBlock err = ContentBlock::makeToolResult(u"toolu_2"_s, u"boom"_s, true);
    QVERIFY(err.isError());
    QCOMPARE(err.json().value(u"is_error"), QJsonValue(true));

    const ContentBlock blocks = ContentBlock::makeToolResult(
        u"toolu_3"_s,
        {ContentBlock::makeText(u"one"_s), ContentBlock::makeImage("\x89PNG", u"image/png"_s),
         ContentBlock::makeText(u"two"_s)});
    QCOMPARE(blocks.resultBlocks().size(), 3);
    QCOMPARE(blocks.resultText(), u"one\ntwo"_s);
    QCOMPARE(blocks.resultBlocks().at(1).type(), ContentBlock::Type::Image);
}

void TestContentBlock::sources()
{
    const QByteArray bytes("\x89PNG\r\n\x1a\nxyz", 11);
    const ContentBlock image = ContentBlock::makeImage(bytes, u"image/png"_s);
    QCOMPARE(image.sourceType(), u"base64"_s);
    QCOMPARE(image.sourceMediaType(), u"image/png"_s);
    QCOMPARE(image.sourceBytes(), bytes);
    QCOMPARE(image.sourceData(), QString::fromLatin1(bytes.toBase64()));

    const ContentBlock url = ContentBlock::makeImageUrl(QUrl(u"https://example.org/a b.png"_s));
    const QJsonObject urlJson = parse(R"({"type":"image","source":{"type":"url",)"
                                      R"("url":"https://example.org/a%20b.png"}})");
    QCOMPARE(url.toJson(), urlJson);
    QCOMPARE(url.sourceUrl(), QUrl(u"https://example.org/a b.png"_s));
    QVERIFY(url.sourceBytes().isEmpty());

    const ContentBlock file = ContentBlock::makeImageFile(u"file_011"_s);
    QCOMPARE(file.toJson(),
             parse(R"({"type":"image","source":{"type":"file","file_id":"file_011"}})"));
    QCOMPARE(file.sourceFileId(), u"file_011"_s);

    const ContentBlock pdf = ContentBlock::makePdf("%PDF-1.4");
    QCOMPARE(pdf.toJson(), parse(R"({"type":"document","source":{"type":"base64",)"
                                 R"("media_type":"application/pdf","data":"JVBERi0xLjQ="}})"));
    const QJsonObject docUrl =
        parse(R"({"type":"document","source":{"type":"url","url":"https://e.org/x.pdf"}})");
    QCOMPARE(ContentBlock::makeDocumentUrl(QUrl(u"https://e.org/x.pdf"_s)).toJson(), docUrl);
    QCOMPARE(ContentBlock::makeDocumentFile(u"file_9"_s).toJson(),
             parse(R"({"type":"document","source":{"type":"file","file_id":"file_9"}})"));

    ContentBlock text = ContentBlock::makePlainTextDocument(u"Grass is green."_s, u"notes.txt"_s);
    text.setContext(u"from the garden"_s);
    text.setCitationsEnabled(true);
    QCOMPARE(text.toJson(),
             parse(R"({"type":"document","source":{"type":"text","media_type":"text/plain",)"
                   R"("data":"Grass is green."},"title":"notes.txt","context":"from the garden",)"
                   R"("citations":{"enabled":true}})"));
    QCOMPARE(text.title(), u"notes.txt"_s);
    QCOMPARE(text.context(), u"from the garden"_s);
    text.setTitle({});
    QVERIFY(!text.json().contains(u"title"));
}

void TestContentBlock::factories()
{
    QCOMPARE(ContentBlock::makeText(u"Hi"_s).toJson(), parse(R"({"type":"text","text":"Hi"})"));
    const ContentBlock search = ContentBlock::makeSearchResult(
        u"https://kb.example/1"_s, u"KB 1"_s, {u"first"_s, u"second"_s});
    const QJsonObject expected =
        parse(R"({"type":"search_result","source":"https://kb.example/1","title":"KB 1",)"
              R"("content":[{"type":"text","text":"first"},{"type":"text","text":"second"}],)"
              R"("citations":{"enabled":true}})");
    QCOMPARE(search.toJson(), expected);
    QCOMPARE(search.searchSource(), u"https://kb.example/1"_s);
    QCOMPARE(search.searchContent().size(), 2);
    QVERIFY(!ContentBlock::makeSearchResult(u"s"_s, u"t"_s, {u"x"_s}, false)
                 .json()
                 .contains(u"citations"));
}

void TestContentBlock::cacheControl()
{
    ContentBlock b = ContentBlock::makeText(u"long"_s);
    QVERIFY(!b.hasCacheControl());
    b.setCacheControl();
    QCOMPARE(b.toJson(),
             parse(R"({"type":"text","text":"long","cache_control":{"type":"ephemeral"}})"));
    QCOMPARE(b.cacheTtl(), CacheTtl::FiveMinutes);
    b.setCacheControl(CacheTtl::OneHour);
    QCOMPARE(b.cacheControl(), parse(R"({"type":"ephemeral","ttl":"1h"})"));
    QCOMPARE(b.cacheTtl(), CacheTtl::OneHour);
    b.clearCacheControl();
    QVERIFY(!b.hasCacheControl());
    QCOMPARE(b.toJson(), parse(R"({"type":"text","text":"long"})"));
}

void TestContentBlock::malformedInput()
{
    // Wrong shapes give empty values, never a crash.
    const ContentBlock notObject = ContentBlock::fromJson(QJsonValue(42));
    QVERIFY(!notObject.isValid());
    QCOMPARE(notObject.type(), ContentBlock::Type::Unknown);
    const ContentBlock weird(parse(R"({"type":"tool_result","tool_use_id":5,"content":7,)"
                                   R"("is_error":"yes","source":"x","input":[1]})"));
    QCOMPARE(weird.toolUseId(), QString());
    QCOMPARE(weird.resultText(), QString());
    QVERIFY(weird.resultBlocks().isEmpty());
    QVERIFY(!weird.isError());
    QCOMPARE(weird.sourceType(), QString());
    QVERIFY(weird.toolInput().isEmpty());
    const QList<ContentBlock> list =
        ContentBlock::listFromJson(QJsonArray{1, u"x"_s, QJsonObject{{u"type"_s, u"text"_s}}});
    QCOMPARE(list.size(), 1);
    ContentBlock bad = ContentBlock::makeImage({}, u"image/png"_s);
    bad.setValue(u"source"_s, QJsonValue(u"garbage"_s));
    QVERIFY(bad.sourceBytes().isEmpty());
}

QTEST_GUILESS_MAIN(TestContentBlock)
#include "tst_contentblock.moc"
