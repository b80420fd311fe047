#include "render/codehighlighter.h"

#include <KSyntaxHighlighting/Repository>

#include <QRegularExpression>

#include <QTest>

using namespace Qt::StringLiterals;
using claudette::CodeHighlighter;

class TestCodeHighlighter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void definitionForLanguage_data();
    void definitionForLanguage();
    void oneSharedRepository();
    void escapesEverything();
    void stateCarriesAcrossLines();
    void lineByLineMatchesWholeBlock();
    void themesDiffer();
};

void TestCodeHighlighter::definitionForLanguage_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("definition"); // empty: plain text

    QTest::newRow("cpp") << u"cpp"_s << u"C++"_s;
    QTest::newRow("c++") << u"c++"_s << u"C++"_s;
    QTest::newRow("CPP upper") << u"CPP"_s << u"C++"_s;
    QTest::newRow("C++ name") << u"C++"_s << u"C++"_s;
    QTest::newRow("c") << u"c"_s << u"C"_s;
    QTest::newRow("js") << u"js"_s << u"JavaScript"_s;
    QTest::newRow("javascript") << u"JavaScript"_s << u"JavaScript"_s;
    QTest::newRow("ts") << u"ts"_s << u"TypeScript"_s;
    QTest::newRow("py") << u"py"_s << u"Python"_s;
    QTest::newRow("python") << u"python"_s << u"Python"_s;
    QTest::newRow("sh") << u"sh"_s << u"Bash"_s;
    QTest::newRow("shell") << u"shell"_s << u"Bash"_s;
    QTest::newRow("bash") << u"bash"_s << u"Bash"_s;
    QTest::newRow("json") << u"json"_s << u"JSON"_s;
    QTest::newRow("yaml") << u"yaml"_s << u"YAML"_s;
    QTest::newRow("yml") << u"yml"_s << u"YAML"_s;
    QTest::newRow("rs") << u"rs"_s << u"Rust"_s;
    QTest::newRow("go") << u"go"_s << u"Go"_s;
    QTest::newRow("by extension: rb") << u"rb"_s << u"Ruby"_s;
    QTest::newRow("by extension: kts") << u"kts"_s << u"Kotlin"_s;
    QTest::newRow("name: Haskell") << u"haskell"_s << u"Haskell"_s;
    QTest::newRow("unknown") << u"nosuchlanguage"_s << QString();
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("path") << u"../../etc/passwd"_s << QString();
}

void TestCodeHighlighter::definitionForLanguage()
{
    QFETCH(QString, language);
    QFETCH(QString, definition);
    const KSyntaxHighlighting::Definition def = CodeHighlighter::definitionForLanguage(language);
    QCOMPARE(def.isValid(), !definition.isEmpty());
    if (def.isValid()) {
        QCOMPARE(def.name(), definition);
    }
}

void TestCodeHighlighter::oneSharedRepository()
{
    QCOMPARE(&CodeHighlighter::sharedRepository(), &CodeHighlighter::sharedRepository());
    QVERIFY(CodeHighlighter::sharedRepository().definitions().size() > 100);
}

void TestCodeHighlighter::escapesEverything()
{
    const CodeHighlighter highlighter;
    const QString code = u"if (a<b && c>d) { s = \"<script>\" + '&'; }"_s;
    for (const QString &lang : {u"cpp"_s, u"nosuchlanguage"_s}) {
        const QString html = highlighter.toHtml(code, lang);
        QVERIFY2(!html.contains(u"<script"), qPrintable(html));
        QVERIFY(html.contains(u"&lt;script&gt;"));
        QVERIFY(html.contains(u"&amp;&amp;"));
        QString stripped = html;
        stripped.remove(QRegularExpression(u"<[^>]*>"_s));
        QVERIFY(!stripped.contains(u'<'));
    }
}

void TestCodeHighlighter::stateCarriesAcrossLines()
{
    const CodeHighlighter highlighter;
    const QString html = highlighter.toHtml(u"/* start\ninside comment\nend */ int x;"_s, u"cpp"_s);
    const QStringList lines = html.split(u'\n');
    QCOMPARE(lines.size(), 3);
    // The middle line is all comment: one styled run, the same style as the first line's.
    const QString style = lines.at(0).section(u'"', 1, 1);
    QVERIFY(!style.isEmpty());
    QCOMPARE(lines.at(1), u"<span style=\""_s + style + u"\">inside comment</span>"_s);
    QVERIFY(lines.at(2).startsWith(u"<span style=\""_s + style + u"\">end */</span>"_s));
}

void TestCodeHighlighter::lineByLineMatchesWholeBlock()
{
    const CodeHighlighter highlighter;
    const QString code = u"def f():\n    \"\"\"doc\n    string\"\"\"\n    return 1  # c"_s;
    const KSyntaxHighlighting::Definition def = CodeHighlighter::definitionForLanguage(u"py");
    KSyntaxHighlighting::State state;
    QStringList lines;
    for (const QString &line : code.split(u'\n')) {
        lines << highlighter.highlightLine(line, def, state);
    }
    QCOMPARE(lines.join(u'\n'), highlighter.toHtml(code, u"python"));
}

void TestCodeHighlighter::themesDiffer()
{
    const CodeHighlighter light(CodeHighlighter::defaultTheme(false));
    const CodeHighlighter dark(CodeHighlighter::defaultTheme(true));
    QVERIFY(light.theme().isValid());
    QVERIFY(dark.theme().isValid());
    QVERIFY(light.blockStyle() != dark.blockStyle());
    QVERIFY(light.blockStyle().startsWith(u"background-color:#"));
    QVERIFY(light.toHtml(u"int x = 1;", u"cpp") != dark.toHtml(u"int x = 1;", u"cpp"));
    // An invalid theme falls back to the default light one.
    QCOMPARE(CodeHighlighter(KSyntaxHighlighting::Theme()).blockStyle(), light.blockStyle());
}

QTEST_GUILESS_MAIN(TestCodeHighlighter)
#include "tst_codehighlighter.moc"
