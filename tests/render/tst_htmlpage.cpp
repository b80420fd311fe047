#include "render/htmlpage.h"
#include "render/markdownrenderer.h"

#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using claudette::HtmlImage;
using claudette::HtmlPage;
using claudette::HtmlSection;
using claudette::MarkdownRenderer;

class TestHtmlPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void completeSelfContainedPage();
    void escapesTitleLabelsAndAlt();
    void dataUris_data();
    void dataUris();
};

void TestHtmlPage::completeSelfContainedPage()
{
    const MarkdownRenderer renderer;
    QList<HtmlSection> sections;
    sections.append(
        {u"user"_s,
         u"User"_s,
         renderer.toHtml(u"Show me `ls` and ![x](http://evil.example/x.png)"),
         {HtmlImage{QByteArray("\x89PNG\r\n\x1a\nfake", 12), u"image/png"_s, u"shot"_s}}});
    sections.append({u"assistant"_s,
                     u"Claude"_s,
                     renderer.toHtml(u"```bash\nls -la\n```\nSee [docs](https://example.com)."),
                     {}});
    const QString page = HtmlPage::build(u"Conversation"_s, sections);

    QVERIFY(page.startsWith(u"<!DOCTYPE html>\n<html>"));
    QVERIFY(page.endsWith(u"</html>\n"));
    QVERIFY(page.contains(u"<meta charset=\"utf-8\">"));
    QVERIFY(page.contains(u"Content-Security-Policy"));
    QVERIFY(page.contains(u"@media (prefers-color-scheme: dark)"));
    QVERIFY(page.contains(u"<section class=\"message user\">"));
    QVERIFY(page.contains(u"<section class=\"message assistant\">"));
    QVERIFY(page.contains(u"<img src=\"data:image/png;base64,"));
    QVERIFY(!page.contains(u"<script", Qt::CaseInsensitive));
    QVERIFY(!page.contains(u"<link", Qt::CaseInsensitive));
    QVERIFY(!page.contains(u"@import", Qt::CaseInsensitive));
    // Every src is a data: URI; the only remote URL is the link the user can click.
    static const QRegularExpression src(u"\\ssrc=\"([^\"]*)\""_s);
    auto it = src.globalMatch(page);
    int images = 0;
    while (it.hasNext()) {
        QVERIFY(it.next().captured(1).startsWith(u"data:image/png;base64,"));
        ++images;
    }
    QCOMPARE(images, 1);
    QVERIFY(!page.contains(u"url("));
    QVERIFY(page.contains(u"<a href=\"https://example.com\">docs</a>"));
    QVERIFY(page.contains(u"[image: x]"));
}

void TestHtmlPage::escapesTitleLabelsAndAlt()
{
    const QString page = HtmlPage::build(
        u"<script>t</script>"_s,
        {HtmlSection{u"Us\"er <x>"_s,
                     u"<b>label</b>"_s,
                     u"<p>ok</p>\n"_s,
                     {HtmlImage{QByteArray("GIF89a"), u"image/gif"_s, u"\"><script>"_s}}}});
    QVERIFY(!page.contains(u"<script>"));
    QVERIFY(page.contains(u"<title>&lt;script&gt;t&lt;/script&gt;</title>"));
    QVERIFY(page.contains(u"<h2 class=\"role\">&lt;b&gt;label&lt;/b&gt;</h2>"));
    QVERIFY(page.contains(u"<section class=\"message userx\">"));
    QVERIFY(page.contains(u"alt=\"&quot;&gt;&lt;script&gt;\""));
}

void TestHtmlPage::dataUris_data()
{
    QTest::addColumn<QString>("mime");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("expected");
    QTest::newRow("png") << u"image/png"_s << QByteArray("abc") << u"data:image/png;base64,YWJj"_s;
    QTest::newRow("jpeg upper") << u"IMAGE/JPEG"_s << QByteArray("abc")
                                << u"data:image/jpeg;base64,YWJj"_s;
    QTest::newRow("webp") << u"image/webp"_s << QByteArray("a") << u"data:image/webp;base64,YQ=="_s;
    QTest::newRow("svg refused") << u"image/svg+xml"_s << QByteArray("<svg/>") << QString();
    QTest::newRow("html refused") << u"text/html"_s << QByteArray("<b>") << QString();
    QTest::newRow("empty refused") << u"image/png"_s << QByteArray() << QString();
}

void TestHtmlPage::dataUris()
{
    QFETCH(QString, mime);
    QFETCH(QByteArray, data);
    QFETCH(QString, expected);
    QCOMPARE(HtmlPage::dataUri(HtmlImage{data, mime, QString()}), expected);
}

QTEST_GUILESS_MAIN(TestHtmlPage)
#include "tst_htmlpage.moc"
