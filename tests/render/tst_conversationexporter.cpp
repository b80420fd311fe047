#include "core/store/conversation.h"
#include "render/conversationexporter.h"

#include <QBuffer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using claudette::Conversation;
using claudette::ConversationExporter;
using claudette::TurnStatus;

namespace {
QJsonObject text(const QString &t)
{
    return QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, t}};
}

QByteArray pngBytes()
{
    QImage image(4, 3, QImage::Format_RGB32);
    image.fill(Qt::red);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QJsonObject imageBlock(const QByteArray &bytes)
{
    return QJsonObject{
        {"type"_L1, "image"_L1},
        {"source"_L1, QJsonObject{{"type"_L1, "base64"_L1},
                                  {"media_type"_L1, "image/png"_L1},
                                  {"data"_L1, QString::fromLatin1(bytes.toBase64())}}}};
}

/// A conversation with text, code, an image, thinking, a tool call and its result.
void fill(Conversation &c)
{
    c.setTitle(u"Export <test>"_s);
    c.setSetting(u"system"_s, u"Be brief."_s);
    c.setSetting(u"model"_s, u"claude-sonnet-4-5"_s);
    c.appendUserTurn(QJsonArray{imageBlock(pngBytes()), text(u"What is *this*?"_s)});
    const QString a = c.beginAssistantTurn(u"claude-sonnet-4-5"_s, {});
    const QJsonArray reply{
        QJsonObject{{"type"_L1, "thinking"_L1},
                    {"thinking"_L1, u"Looking at the picture."_s},
                    {"signature"_L1, u"sig"_s}},
        text(u"A red square.\n\n```cpp\nint main() { return 0; }\n```\n"_s),
        QJsonObject{{"type"_L1, "tool_use"_L1},
                    {"id"_L1, u"toolu_1"_s},
                    {"name"_L1, u"measure"_s},
                    {"input"_L1, QJsonObject{{"what"_L1, u"square"_s}}}},
    };
    c.finishAssistantTurn(a, TurnStatus::Complete,
                          QJsonObject{{"content"_L1, reply}, {"stop_reason"_L1, u"tool_use"_s}});
    c.appendUserTurn(QJsonArray{QJsonObject{{"type"_L1, "tool_result"_L1},
                                            {"tool_use_id"_L1, u"toolu_1"_s},
                                            {"content"_L1, u"4 by 3 pixels"_s}}});
}
} // namespace

class TestConversationExporter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void formats_data();
    void formats();
    void markdown();
    void htmlSelfContained();
    void htmlEscapesRawHtml_data();
    void htmlEscapesRawHtml();
    void htmlLinks();
    void apiJson();
    void emptyConversation();
    void errorTurnShown();
};

void TestConversationExporter::formats_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("format"); // -1: none
    QTest::newRow("md") << u"md"_s << int(ConversationExporter::Format::Markdown);
    QTest::newRow("MARKDOWN") << u"MARKDOWN"_s << int(ConversationExporter::Format::Markdown);
    QTest::newRow("html") << u"html"_s << int(ConversationExporter::Format::Html);
    QTest::newRow("htm") << u"htm"_s << int(ConversationExporter::Format::Html);
    QTest::newRow("json") << u"json"_s << int(ConversationExporter::Format::ApiJson);
    QTest::newRow("pdf") << u"pdf"_s << -1;
    QTest::newRow("empty") << QString() << -1;
}

void TestConversationExporter::formats()
{
    QFETCH(QString, name);
    QFETCH(int, format);
    const auto f = ConversationExporter::formatForName(name);
    QCOMPARE(f ? int(*f) : -1, format);
    const auto p = ConversationExporter::formatForPath(u"/tmp/x."_s + name);
    QCOMPARE(p ? int(*p) : -1, format);
    if (f)
        QCOMPARE(ConversationExporter::formatForName(ConversationExporter::suffix(*f)), f);
}

void TestConversationExporter::markdown()
{
    Conversation c;
    fill(c);
    const QString md = ConversationExporter(c).toMarkdown();
    QVERIFY2(md.startsWith(u"# Export <test>\n"_s), qPrintable(md));
    QVERIFY(md.contains(u"## System\n\nBe brief.\n"_s));
    QVERIFY(md.contains(u"## User\n"_s));
    QVERIFY(md.contains(u"[image: image/png]"_s));
    QVERIFY(md.contains(u"What is *this*?"_s));
    QVERIFY(md.contains(u"## Claude (claude-sonnet-4-5)\n"_s));
    QVERIFY(md.contains(u"> **Thinking**\n>\n> Looking at the picture.\n"_s));
    QVERIFY(md.contains(u"```cpp\nint main() { return 0; }\n```\n"_s));
    QVERIFY(
        md.contains(u"**Tool call: measure**\n\n```json\n{\n    \"what\": \"square\"\n}\n```"_s));
    QVERIFY(md.contains(u"**Tool result**\n\n```\n4 by 3 pixels\n```"_s));
    // The order is the branch's.
    QVERIFY(md.indexOf(u"What is"_s) < md.indexOf(u"A red square"_s));
    QVERIFY(md.indexOf(u"A red square"_s) < md.indexOf(u"4 by 3"_s));
}

void TestConversationExporter::htmlSelfContained()
{
    Conversation c;
    fill(c);
    const QString html = ConversationExporter(c).toHtml();
    QVERIFY(html.startsWith(u"<!DOCTYPE html>"_s));
    QVERIFY(html.contains(u"<title>Export &lt;test&gt;</title>"_s));
    // The image is embedded from the attachments table.
    const QString uri = u"data:image/png;base64,"_s + QString::fromLatin1(pngBytes().toBase64());
    QVERIFY(html.contains(u"<img src=\""_s + uri));
    // Code is highlighted with inline styles; thinking in a details box; the tool call readable.
    QVERIFY(html.contains(u"<pre class=\"code\" data-lang=\"cpp\""_s));
    QVERIFY(html.contains(u"<span style="_s));
    QVERIFY(html.contains(u"<details class=\"thinking\"><summary>Thinking</summary>"_s));
    QVERIFY(html.contains(u"Tool call: measure"_s));
    QVERIFY(html.contains(u"4 by 3 pixels"_s));
    // Nothing external: every src is a data: URI, no script, no file: or http resource.
    static const QRegularExpression src(u"\\bsrc=\"([^\"]*)\""_s);
    for (auto it = src.globalMatch(html); it.hasNext();)
        QVERIFY(it.next().captured(1).startsWith(u"data:image/"_s));
    QVERIFY(!html.contains(u"<script"_s, Qt::CaseInsensitive));
    QVERIFY(!html.contains(u"file:"_s, Qt::CaseInsensitive));
    QVERIFY(!html.contains(u"<link"_s, Qt::CaseInsensitive));
}

void TestConversationExporter::htmlEscapesRawHtml_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QString>("forbidden");
    QTest::newRow("script") << u"<script>alert(1)</script>"_s << u"<script"_s;
    QTest::newRow("img remote") << u"<img src=\"http://evil.example/x.png\">"_s
                                << u"<img src=\"http"_s;
    QTest::newRow("md image remote")
        << u"![x](http://evil.example/x.png)"_s << u"<img src=\"http"_s;
    QTest::newRow("md image file") << u"![x](file:///etc/passwd)"_s << u"src=\"file:"_s;
    QTest::newRow("iframe") << u"<iframe src=\"https://evil.example\"></iframe>"_s << u"<iframe"_s;
    QTest::newRow("onerror") << u"<b onmouseover=\"x()\">hi</b>"_s << u"<b onmouseover"_s;
    QTest::newRow("style") << u"<style>body{}</style>"_s << u"<style>body"_s;
}

void TestConversationExporter::htmlEscapesRawHtml()
{
    QFETCH(QString, reply);
    QFETCH(QString, forbidden);
    Conversation c;
    c.appendUserTurn(QJsonArray{text(reply)});
    const QString a = c.beginAssistantTurn(u"claude-sonnet-4-5"_s, {});
    c.finishAssistantTurn(a, TurnStatus::Complete,
                          QJsonObject{{"content"_L1, QJsonArray{text(reply)}}});
    c.setTitle(reply);
    const QString html = ConversationExporter(c).toHtml();
    QVERIFY2(!html.contains(forbidden, Qt::CaseInsensitive), qPrintable(html));
    // The text itself is still there, escaped.
    QVERIFY(html.contains(u"&lt;"_s) || html.contains(u"[image: x]"_s));
}

void TestConversationExporter::htmlLinks()
{
    Conversation c;
    c.appendUserTurn(QJsonArray{text(u"links"_s)});
    const QString a = c.beginAssistantTurn(u"claude-sonnet-4-5"_s, {});
    c.finishAssistantTurn(
        a, TurnStatus::Complete,
        QJsonObject{{"content"_L1, QJsonArray{text(u"[safe](https://example.com/a) "
                                                   "[bad](javascript:alert(1)) "
                                                   "[local](file:///etc/passwd)"_s)}}});
    const QString html = ConversationExporter(c).toHtml();
    QVERIFY(html.contains(u"<a href=\"https://example.com/a\">safe</a>"_s));
    QVERIFY(!html.contains(u"href=\"javascript"_s));
    QVERIFY(!html.contains(u"href=\"file"_s));
    QVERIFY(html.contains(u">bad<"_s));
    QVERIFY(html.contains(u">local<"_s));
}

void TestConversationExporter::apiJson()
{
    Conversation c;
    fill(c);
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(ConversationExporter(c).toApiJson(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject root = doc.object();
    QCOMPARE(root.value("model"_L1).toString(), u"claude-sonnet-4-5"_s);
    QCOMPARE(root.value("system"_L1).toString(), u"Be brief."_s);
    const QJsonArray messages = root.value("messages"_L1).toArray();
    QCOMPARE(messages.size(), 3);
    QCOMPARE(messages, c.messagesForApi());
    // The attachment reference is expanded back to the base64 source.
    const QJsonObject source = messages.at(0)["content"_L1].toArray().at(0)["source"_L1].toObject();
    QCOMPARE(source.value("type"_L1).toString(), u"base64"_s);
    QCOMPARE(source.value("data"_L1).toString(), QString::fromLatin1(pngBytes().toBase64()));
    // The stored turn holds a reference, not the bytes.
    const QString firstId = c.currentBranch().constFirst();
    QCOMPARE(c.turn(firstId).content.at(0)["source"_L1]["type"_L1].toString(), u"attachment"_s);
}

void TestConversationExporter::emptyConversation()
{
    Conversation c;
    const ConversationExporter exporter(c);
    QCOMPARE(exporter.toMarkdown(), u"# Conversation\n"_s);
    QVERIFY(exporter.toHtml().contains(u"<h1>Conversation</h1>"_s));
    const QJsonObject root = QJsonDocument::fromJson(exporter.toApiJson()).object();
    QCOMPARE(root.value("messages"_L1).toArray().size(), 0);
    QVERIFY(!root.contains("system"_L1));
    QVERIFY(!root.contains("model"_L1));
}

void TestConversationExporter::errorTurnShown()
{
    Conversation c;
    c.appendUserTurn(QJsonArray{text(u"hi"_s)});
    const QString a = c.beginAssistantTurn(u"claude-sonnet-4-5"_s, {});
    c.finishAssistantTurn(a, TurnStatus::Error, {},
                          {u"http"_s, u"overloaded_error"_s, u"Overloaded"_s, 529, u"req_1"_s});
    ConversationExporter exporter(c);
    QVERIFY(exporter.toMarkdown().contains(u"overloaded_error: Overloaded"_s));
    QVERIFY(exporter.toHtml().contains(u"overloaded_error: Overloaded"_s));
    // The failed turn is not part of what would be sent.
    QCOMPARE(QJsonDocument::fromJson(exporter.toApiJson())
                 .object()
                 .value("messages"_L1)
                 .toArray()
                 .size(),
             1);
}

QTEST_GUILESS_MAIN(TestConversationExporter)
#include "tst_conversationexporter.moc"
