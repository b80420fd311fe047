#include "render/markdownrenderer.h"

#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using claudette::MarkdownRenderer;

namespace {

/// Every tag in @p html is one the renderer may produce, with only its own attributes, and no
/// attribute references anything but http(s)/mailto links.
void checkOnlySafeMarkup(const QString &html)
{
    static const QStringList tags = {
        u"p"_s,     u"h1"_s,    u"h2"_s,   u"h3"_s,     u"h4"_s,    u"h5"_s,
        u"h6"_s,    u"em"_s,    u"strong"_s, u"s"_s,    u"u"_s,     u"code"_s,
        u"pre"_s,   u"a"_s,     u"span"_s, u"ul"_s,     u"ol"_s,    u"li"_s,
        u"blockquote"_s, u"hr"_s, u"br"_s, u"table"_s,  u"thead"_s, u"tbody"_s,
        u"tr"_s,    u"th"_s,    u"td"_s};
    static const QStringList attributes = {u"href"_s,  u"title"_s,       u"class"_s,
                                           u"style"_s, u"align"_s,       u"start"_s,
                                           u"border"_s, u"cellspacing"_s, u"cellpadding"_s,
                                           u"data-lang"_s};
    static const QRegularExpression tagRe(u"<(/?)([A-Za-z0-9-]+)([^>]*)>"_s);
    static const QRegularExpression attrRe(u"\\s([A-Za-z-]+)=\"([^\"]*)\""_s);
    auto it = tagRe.globalMatch(html);
    while (it.hasNext()) {
        const auto m = it.next();
        const QString name = m.captured(2).toLower();
        QVERIFY2(tags.contains(name), qPrintable(u"unexpected tag "_s + m.captured(0)));
        auto attrs = attrRe.globalMatch(m.captured(3));
        QString rest = m.captured(3);
        while (attrs.hasNext()) {
            const auto a = attrs.next();
            const QString attr = a.captured(1).toLower();
            QVERIFY2(attributes.contains(attr), qPrintable(u"unexpected attribute "_s + a.captured(0)));
            if (attr == u"href") {
                QVERIFY2(name == u"a", qPrintable(m.captured(0)));
                const QString href = a.captured(2);
                QVERIFY2(href.startsWith(u"https://") || href.startsWith(u"http://") ||
                             href.startsWith(u"mailto:"),
                         qPrintable(href));
            }
            if (attr == u"style") {
                QVERIFY2(!a.captured(2).contains(u"url", Qt::CaseInsensitive), qPrintable(a.captured(0)));
            }
            rest.remove(a.captured(0));
        }
        QVERIFY2(rest.trimmed().isEmpty(), qPrintable(u"unparsed attributes: "_s + m.captured(0)));
    }
    QVERIFY(!html.contains(u"<script", Qt::CaseInsensitive));
    QVERIFY(!html.contains(u"<img", Qt::CaseInsensitive));
    QVERIFY(!html.contains(u"<iframe", Qt::CaseInsensitive));
    QVERIFY(!html.contains(u"javascript:\"", Qt::CaseInsensitive));
}

} // namespace

class TestMarkdownRenderer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void structure_data();
    void structure();
    void safety_data();
    void safety();
    void fencedCode_data();
    void fencedCode();
    void imagePlaceholder();
    void entities();
    void isSafeLink_data();
    void isSafeLink();
};

void TestMarkdownRenderer::structure_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("expected");

    QTest::newRow("h1") << u"# Title"_s << u"<h1>Title</h1>\n"_s;
    QTest::newRow("h3 closing hashes") << u"### Three ###"_s << u"<h3>Three</h3>\n"_s;
    QTest::newRow("setext") << u"Title\n---"_s << u"<h2>Title</h2>\n"_s;
    QTest::newRow("emphasis") << u"*a* _b_ **c** __d__ ~~e~~"_s
                              << u"<p><em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong> <s>e</s></p>\n"_s;
    QTest::newRow("inline code") << u"use `a < b && c`"_s
                                 << u"<p>use <code>a &lt; b &amp;&amp; c</code></p>\n"_s;
    QTest::newRow("ul") << u"- a\n- b"_s << u"<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"_s;
    QTest::newRow("ol start") << u"3. c\n4. d"_s << u"<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>\n"_s;
    QTest::newRow("loose list") << u"- a\n\n- b"_s
                                << u"<ul>\n<li><p>a</p>\n</li>\n<li><p>b</p>\n</li>\n</ul>\n"_s;
    QTest::newRow("tasks") << u"- [ ] todo\n- [x] done"_s
                           << u"<ul>\n<li class=\"task\"><span class=\"task-box\">\u2610</span> todo</li>\n"
                              u"<li class=\"task done\"><span class=\"task-box\">\u2611</span> done</li>\n</ul>\n"_s;
    QTest::newRow("quote") << u"> quoted\n> text"_s
                           << u"<blockquote>\n<p>quoted\ntext</p>\n</blockquote>\n"_s;
    QTest::newRow("rule") << u"a\n\n***\n\nb"_s << u"<p>a</p>\n<hr>\n<p>b</p>\n"_s;
    QTest::newRow("hard break") << u"a  \nb"_s << u"<p>a<br>\nb</p>\n"_s;
    QTest::newRow("table")
        << u"| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |"_s
        << u"<table class=\"md-table\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n<thead>\n"
           u"<tr><th align=\"left\">a</th><th align=\"center\">b</th><th align=\"right\">c</th></tr>\n"
           u"</thead>\n<tbody>\n<tr><td align=\"left\">1</td><td align=\"center\">2</td>"
           u"<td align=\"right\">3</td></tr>\n</tbody>\n</table>\n"_s;
    QTest::newRow("link") << u"[Qt](https://qt.io \"Qt site\")"_s
                          << u"<p><a href=\"https://qt.io\" title=\"Qt site\">Qt</a></p>\n"_s;
    QTest::newRow("autolink") << u"see https://example.com/a?b=1&c=2."_s
                              << u"<p>see <a href=\"https://example.com/a?b=1&amp;c=2\">https://example.com/a?b=1&amp;c=2</a>.</p>\n"_s;
    QTest::newRow("www autolink") << u"www.example.com"_s
                                  << u"<p><a href=\"http://www.example.com\">www.example.com</a></p>\n"_s;
    QTest::newRow("email autolink") << u"mail me@example.com"_s
                                    << u"<p>mail <a href=\"mailto:me@example.com\">me@example.com</a></p>\n"_s;
    QTest::newRow("indented code") << u"    x < y"_s
                                   << u"<pre class=\"code\" style=\"%1\"><code>x &lt; y</code></pre>\n"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestMarkdownRenderer::structure()
{
    QFETCH(QString, markdown);
    QFETCH(QString, expected);
    const MarkdownRenderer renderer;
    if (expected.contains(u"%1")) {
        expected = expected.arg(renderer.highlighter().blockStyle());
    }
    const QString html = renderer.toHtml(markdown);
    QCOMPARE(html, expected);
    checkOnlySafeMarkup(html);
}

void TestMarkdownRenderer::safety_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("mustContain"); // the hostile text, shown escaped

    QTest::newRow("script") << u"<script>alert(1)</script>"_s << u"&lt;script&gt;alert(1)&lt;/script&gt;"_s;
    QTest::newRow("script inline") << u"hi <script>alert(1)</script> there"_s << u"&lt;script&gt;"_s;
    QTest::newRow("img tag") << u"<img src=http://evil.example/x.png onerror=alert(1)>"_s
                             << u"&lt;img src=http://evil.example/x.png onerror=alert(1)&gt;"_s;
    QTest::newRow("iframe") << u"<iframe src=\"https://evil.example\"></iframe>"_s << u"&lt;iframe"_s;
    QTest::newRow("html block") << u"<div onclick=\"x()\">\n*md*\n</div>"_s << u"&lt;div onclick=&quot;x()&quot;&gt;"_s;
    QTest::newRow("javascript link") << u"[click](javascript:alert(1))"_s
                                     << u"<span class=\"inert-link\">click</span>"_s;
    QTest::newRow("javascript mixed case") << u"[c](JaVaScRiPt:alert(1))"_s
                                           << u"<span class=\"inert-link\">c</span>"_s;
    QTest::newRow("javascript entity") << u"[c](&#106;avascript:alert(1))"_s
                                       << u"<span class=\"inert-link\">c</span>"_s;
    QTest::newRow("javascript autolink") << u"<javascript:alert(1)>"_s
                                         << u"<span class=\"inert-link\">javascript:alert(1)</span>"_s;
    QTest::newRow("data link") << u"[d](data:text/html;base64,PHNjcmlwdD4=)"_s
                               << u"<span class=\"inert-link\">d</span>"_s;
    QTest::newRow("file link") << u"[f](file:///etc/passwd)"_s << u"<span class=\"inert-link\">f</span>"_s;
    QTest::newRow("relative link") << u"[r](../secret)"_s << u"<span class=\"inert-link\">r</span>"_s;
    QTest::newRow("file image") << u"![passwd](file:///etc/passwd)"_s << u"(file:///etc/passwd)"_s;
    QTest::newRow("remote image") << u"![x](http://evil.example/track.png)"_s
                                  << u"(http://evil.example/track.png)"_s;
    QTest::newRow("image in link") << u"[![a](http://x/i.png)](https://ok.example)"_s
                                   << u"<a href=\"https://ok.example\">"_s;
    QTest::newRow("quote in href") << u"[q](https://x.example/\"onmouseover=\"alert(1))"_s
                                   << u"<span class=\"inert-link\">q</span>"_s; // not a valid URL
    QTest::newRow("title escaping") << u"[t](https://x.example \"a\\\"><script>\")"_s
                                    << u"title=\"a&quot;&gt;&lt;script&gt;\""_s;
    QTest::newRow("code lang escaping") << u"```\"><script>\nx\n```"_s
                                        << u"data-lang=\"&quot;&gt;&lt;script&gt;\""_s;
    QTest::newRow("nul") << u"a\u0000b"_s << u"a\uFFFDb"_s;
}

void TestMarkdownRenderer::safety()
{
    QFETCH(QString, markdown);
    QFETCH(QString, mustContain);
    const QString html = MarkdownRenderer().toHtml(markdown);
    QVERIFY2(html.contains(mustContain), qPrintable(html));
    checkOnlySafeMarkup(html);
}

void TestMarkdownRenderer::fencedCode_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("highlighted");

    QTest::newRow("cpp") << u"cpp"_s << u"int main() { return 0; } // done"_s << true;
    QTest::newRow("c++") << u"c++"_s << u"#include <vector>"_s << true;
    QTest::newRow("python") << u"python"_s << u"def f(x):\n    return \"s\""_s << true;
    QTest::newRow("py") << u"py"_s << u"import os"_s << true;
    QTest::newRow("js") << u"js"_s << u"const x = 1; // c"_s << true;
    QTest::newRow("ts") << u"ts"_s << u"let x: number = 1;"_s << true;
    QTest::newRow("rust") << u"rust"_s << u"fn main() { let x = 1; }"_s << true;
    QTest::newRow("json") << u"json"_s << u"{\"a\": [1, true, null]}"_s << true;
    QTest::newRow("bash") << u"bash"_s << u"echo \"$HOME\" # c"_s << true;
    QTest::newRow("yaml") << u"yaml"_s << u"key: value # c"_s << true;
    QTest::newRow("go") << u"go"_s << u"package main\nfunc main() {}"_s << true;
    QTest::newRow("unknown") << u"nosuchlanguage"_s << u"if (a < b) {}"_s << false;
    QTest::newRow("none") << QString() << u"plain <text>"_s << false;
}

void TestMarkdownRenderer::fencedCode()
{
    QFETCH(QString, language);
    QFETCH(QString, code);
    QFETCH(bool, highlighted);
    const MarkdownRenderer renderer;
    const QString markdown = u"```"_s + language + u'\n' + code + u"\n```\n"_s;
    const QString html = renderer.toHtml(markdown);
    QVERIFY2(html.startsWith(u"<pre class=\"code\""), qPrintable(html));
    QVERIFY(html.endsWith(u"</code></pre>\n"));
    QCOMPARE(html.contains(u"<span style=\"color:"), highlighted);
    checkOnlySafeMarkup(html);
    // Highlighting changes markup only: the text is the code, escaped.
    QString text = html;
    text.remove(QRegularExpression(u"<[^>]*>"_s));
    text.replace(u"&lt;"_s, u"<"_s).replace(u"&gt;"_s, u">"_s).replace(u"&quot;"_s, u"\""_s);
    text.replace(u"&#39;"_s, u"'"_s).replace(u"&amp;"_s, u"&"_s);
    QCOMPARE(text.trimmed(), code);
}

void TestMarkdownRenderer::imagePlaceholder()
{
    const QString html = MarkdownRenderer().toHtml(u"![a *cat* photo](https://img.example/cat.png)"_s);
    QVERIFY2(html.contains(u">[image: a cat photo]</span> <span class=\"image-url\">(https://img.example/cat.png)</span>"),
             qPrintable(html));
    QVERIFY(!html.contains(u"<em>"));
    checkOnlySafeMarkup(html);
}

void TestMarkdownRenderer::entities()
{
    const QString html = MarkdownRenderer().toHtml(u"&copy; &#60;b&#x3E; &amp;lt; &nosuch; &#0;"_s);
    QCOMPARE(html, u"<p>\u00A9 &lt;b&gt; &amp;lt; &amp;nosuch; \uFFFD</p>\n"_s);
}

void TestMarkdownRenderer::isSafeLink_data()
{
    QTest::addColumn<QString>("href");
    QTest::addColumn<bool>("safe");
    QTest::newRow("https") << u"https://example.com/x"_s << true;
    QTest::newRow("http") << u"http://example.com"_s << true;
    QTest::newRow("HTTPS upper") << u"HTTPS://EXAMPLE.COM"_s << true;
    QTest::newRow("mailto") << u"mailto:a@b.c"_s << true;
    QTest::newRow("no host") << u"http:///etc/passwd"_s << false;
    QTest::newRow("javascript") << u"javascript:alert(1)"_s << false;
    QTest::newRow("vbscript") << u"vbscript:x"_s << false;
    QTest::newRow("data") << u"data:text/html,x"_s << false;
    QTest::newRow("file") << u"file:///etc/passwd"_s << false;
    QTest::newRow("relative") << u"/etc/passwd"_s << false;
    QTest::newRow("ftp") << u"ftp://example.com"_s << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("empty mailto") << u"mailto:"_s << false;
}

void TestMarkdownRenderer::isSafeLink()
{
    QFETCH(QString, href);
    QFETCH(bool, safe);
    QCOMPARE(MarkdownRenderer::isSafeLink(href), safe);
}

QTEST_GUILESS_MAIN(TestMarkdownRenderer)
#include "tst_markdownrenderer.moc"
