#include "gui/transcript/blocks/codeblockwidget.h"
#include "gui/transcript/blocks/markdownview.h"
#include "render/codehighlighter.h"

#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QtTest/QTest>

using namespace claudette;
using namespace Qt::StringLiterals;

class TestCodeBlockWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void growingBlockHighlightsOnlyNewLines_data();
    void growingBlockHighlightsOnlyNewLines();
    void incrementalMatchesFullHighlight();
    void changedTextStartsOver();
    void themeChangeStartsOver();
    void plainTextWithoutLanguage();
};

void TestCodeBlockWidget::growingBlockHighlightsOnlyNewLines_data()
{
    QTest::addColumn<int>("charsPerDelta");
    QTest::newRow("one character") << 1;
    QTest::newRow("seven characters") << 7;
    QTest::newRow("a line and more") << 40;
}

void TestCodeBlockWidget::growingBlockHighlightsOnlyNewLines()
{
    QFETCH(int, charsPerDelta);
    QString code;
    for (int i = 0; i < 120; ++i)
        code += u"int value%1 = compute(%1); // line %1\n"_s.arg(i);
    code.chop(1);
    const CodeHighlighter highlighter;
    CodeBlockWidget widget;
    qint64 before = 0;
    qint64 most = 0;
    for (qsizetype start = 0; start < code.size(); start += charsPerDelta) {
        const qsizetype end = std::min(start + charsPerDelta, code.size());
        widget.setCode(code.left(end), u"cpp"_s, highlighter);
        const qint64 now = widget.highlightedLineCount();
        const qint64 lines = now - before;
        const qint64 newLines = QStringView(code).sliced(start, end - start).count(u'\n');
        // The new complete lines and the unfinished last one: never the whole block again.
        QVERIFY2(lines <= newLines + 1,
                 qPrintable(u"%1 lines for one delta at %2"_s.arg(lines).arg(end)));
        most = std::max(most, lines);
        before = now;
    }
    QVERIFY(most <= charsPerDelta / 30 + 2);
    QCOMPARE(widget.view()->document()->blockCount(), 120);
    QCOMPARE(widget.view()->toPlainText(), code);
    QCOMPARE(widget.code(), code);
}

void TestCodeBlockWidget::incrementalMatchesFullHighlight()
{
    // A multi-line construct (a block comment) keeps its state across lines and deltas.
    const QString code = u"/* a comment\n   spanning lines */\nint main() {\n    return 0;\n}"_s;
    const CodeHighlighter highlighter;
    CodeBlockWidget incremental;
    for (qsizetype end = 1; end <= code.size(); end += 3)
        incremental.setCode(code.left(end), u"cpp"_s, highlighter);
    incremental.setCode(code, u"cpp"_s, highlighter);
    CodeBlockWidget whole;
    whole.setCode(code, u"cpp"_s, highlighter);
    QCOMPARE(incremental.view()->toPlainText(), code);
    const QTextDocument *a = incremental.view()->document();
    const QTextDocument *b = whole.view()->document();
    QCOMPARE(a->blockCount(), b->blockCount());
    for (QTextBlock x = a->begin(), y = b->begin(); x.isValid(); x = x.next(), y = y.next()) {
        QCOMPARE(x.text(), y.text());
        // Compare the colour of every character.
        for (int i = 0; i < x.length() - 1; ++i) {
            QTextCursor px(x);
            px.setPosition(x.position() + i + 1);
            QTextCursor py(y);
            py.setPosition(y.position() + i + 1);
            QCOMPARE(px.charFormat().foreground().color(), py.charFormat().foreground().color());
        }
    }
    // The comment's second line is coloured as a comment, not as code.
    QTextCursor second(a->findBlockByNumber(1));
    second.setPosition(a->findBlockByNumber(1).position() + 4);
    QTextCursor keyword(a->findBlockByNumber(2));
    keyword.setPosition(a->findBlockByNumber(2).position() + 1);
    QVERIFY(second.charFormat().foreground().color() != keyword.charFormat().foreground().color());
}

void TestCodeBlockWidget::changedTextStartsOver()
{
    const CodeHighlighter highlighter;
    CodeBlockWidget widget;
    widget.setCode(u"a = 1\nb = 2\nc = 3"_s, u"python"_s, highlighter);
    QCOMPARE(widget.highlightedLineCount(), 3);
    widget.setCode(u"x = 1\nb = 2\nc = 3"_s, u"python"_s, highlighter);
    QCOMPARE(widget.highlightedLineCount(), 6);
    QCOMPARE(widget.view()->toPlainText(), u"x = 1\nb = 2\nc = 3"_s);
    // The same text again costs nothing.
    widget.setCode(u"x = 1\nb = 2\nc = 3"_s, u"python"_s, highlighter);
    QCOMPARE(widget.highlightedLineCount(), 6);
    // Another language starts over too.
    widget.setCode(u"x = 1\nb = 2\nc = 3"_s, u"ruby"_s, highlighter);
    QCOMPARE(widget.highlightedLineCount(), 9);
    QCOMPARE(widget.language(), u"ruby"_s);
    // Shorter text.
    widget.setCode(u"x = 1"_s, u"ruby"_s, highlighter);
    QCOMPARE(widget.view()->toPlainText(), u"x = 1"_s);
}

void TestCodeBlockWidget::themeChangeStartsOver()
{
    CodeBlockWidget widget;
    const QString code = u"int x = 42;"_s;
    widget.setCode(code, u"cpp"_s, CodeHighlighter(CodeHighlighter::defaultTheme(false)));
    const QColor light = widget.view()->document()->rootFrame()->frameFormat().background().color();
    widget.setCode(code, u"cpp"_s, CodeHighlighter(CodeHighlighter::defaultTheme(true)));
    const QColor dark = widget.view()->document()->rootFrame()->frameFormat().background().color();
    QVERIFY(light != dark);
    QVERIFY(dark.lightness() < light.lightness());
    QCOMPARE(widget.view()->toPlainText(), code);
}

void TestCodeBlockWidget::plainTextWithoutLanguage()
{
    CodeBlockWidget widget;
    widget.setCode(u"<b>not bold</b>\n  indented"_s, QString(), CodeHighlighter());
    QCOMPARE(widget.view()->toPlainText(), u"<b>not bold</b>\n  indented"_s);
    QCOMPARE(widget.highlightedLineCount(), 2);
}

QTEST_MAIN(TestCodeBlockWidget)
#include "tst_codeblockwidget.moc"
