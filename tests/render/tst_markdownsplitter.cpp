#include "render/markdownrenderer.h"
#include "render/markdownsplitter.h"
#include "support/testdata.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using claudette::MarkdownBlock;
using claudette::MarkdownRenderer;
using claudette::MarkdownSplitter;
using Kind = claudette::MarkdownBlock::Kind;

namespace {

/// Feeds @p text cut at @p cuts (sorted offsets) and finishes.
QList<MarkdownBlock> splitAt(const QString &text, const QList<qsizetype> &cuts)
{
    MarkdownSplitter splitter;
    QList<MarkdownBlock> blocks;
    qsizetype prev = 0;
    for (qsizetype cut : cuts) {
        blocks += splitter.append(QStringView(text).sliced(prev, cut - prev));
        prev = cut;
    }
    blocks += splitter.append(QStringView(text).sliced(prev));
    blocks += splitter.finish();
    return blocks;
}

QList<MarkdownBlock> splitWhole(const QString &text)
{
    return splitAt(text, {});
}

QString joinedSources(const QList<MarkdownBlock> &blocks)
{
    QString out;
    for (const MarkdownBlock &b : blocks) {
        out += b.source;
    }
    return out;
}

QString describe(const QList<MarkdownBlock> &blocks)
{
    QString out;
    for (const MarkdownBlock &b : blocks) {
        out += u"[%1 @%2] "_s.arg(int(b.kind)).arg(b.offset) + b.source + u"\u00B6\n"_s;
    }
    return out;
}

/// Renders block by block and as a whole; they must agree.
void checkAgreement(const QString &text, const QList<MarkdownBlock> &blocks)
{
    const MarkdownRenderer renderer;
    QString pieces;
    for (const MarkdownBlock &b : blocks) {
        pieces += renderer.toHtml(b.source);
    }
    const QString whole = renderer.toHtml(text);
    if (pieces != whole) {
        qWarning().noquote() << "text:\n" << text << "\nblocks:\n" << describe(blocks)
                             << "\nwhole:\n" << whole << "\npieces:\n" << pieces;
    }
    QCOMPARE(pieces, whole);
}

void checkOffsets(const QString &text, const QList<MarkdownBlock> &blocks)
{
    QCOMPARE(joinedSources(blocks), text);
    qsizetype offset = 0;
    for (const MarkdownBlock &b : blocks) {
        QCOMPARE(b.offset, offset);
        QVERIFY(!b.source.isEmpty());
        offset += b.source.size();
    }
}

const QStringList &randomLines()
{
    static const QStringList lines = {
        u"Hello world"_s, u"Some *emphasis* and **bold** and `code`"_s, u"# Heading"_s,
        u"## Sub heading ##"_s, u""_s, u""_s, u""_s, u"   "_s, u"- item"_s, u"- item two"_s,
        u"  continued item text"_s, u"  - nested item"_s, u"    deeper"_s, u"1. first"_s,
        u"2) second"_s, u"1986. a year"_s, u"> quote"_s, u"> - quoted item"_s, u">"_s,
        u"> ```"_s, u"```"_s, u"```python"_s, u"~~~"_s, u"~~~~"_s, u"````"_s,
        u"    indented code"_s, u"  ```"_s, u"   ~~~"_s, u"  ```js"_s, u"| a | b |"_s,
        u"|---|---|"_s, u"a | b"_s, u"-|-"_s, u"---"_s, u"***"_s, u"- - -"_s, u"==="_s,
        u"lazy line"_s, u"\ttab line"_s, u"  ## indented heading"_s, u"- [ ] task"_s,
        u"- [x] done"_s, u"* star"_s, u"+ plus"_s, u" - one space item"_s, u"<div>html</div>"_s,
        u"def f():"_s, u"    return 1"_s, u"text with https://example.com link"_s,
        u"![img](http://example.com/a.png)"_s, u"Setext"_s, u"#"_s, u"#hashtag"_s,
        u"  para with two spaces"_s, u"10. ten"_s,
    };
    return lines;
}

QString randomDocument(QRandomGenerator &rng)
{
    const QStringList &lines = randomLines();
    const int count = rng.bounded(1, 28);
    QString text;
    for (int i = 0; i < count; ++i) {
        text += lines.at(rng.bounded(int(lines.size())));
        const int ending = rng.bounded(20);
        text += ending == 0 ? u"\r\n"_s : ending == 1 ? u"\r"_s : u"\n"_s;
    }
    if (rng.bounded(3) == 0) {
        text.chop(1); // no final line end
    }
    return text;
}

} // namespace

class TestMarkdownSplitter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void expectedBlocks_data();
    void expectedBlocks();
    void samples_data();
    void samples();
    void randomDocumentsAgree();
    void closesAsSoonAsKnown();
    void openTailAndKind();
    void crlfSplitAcrossDeltas();
    void emptyAndBlankInput();
    void workIsLinear();
};

void TestMarkdownSplitter::expectedBlocks_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("sources");
    QTest::addColumn<QList<int>>("kinds");

    const int T = int(Kind::Text), H = int(Kind::Heading), R = int(Kind::ThematicBreak),
              F = int(Kind::FencedCode);
    QTest::newRow("paragraphs") << u"one\ntwo\n\nthree\n"_s
                                << QStringList{u"one\ntwo\n\n"_s, u"three\n"_s} << QList<int>{T, T};
    QTest::newRow("heading") << u"# Title\nbody\n"_s << QStringList{u"# Title\n"_s, u"body\n"_s}
                             << QList<int>{H, T};
    QTest::newRow("rule") << u"***\n---\ntext"_s
                          << QStringList{u"***\n"_s, u"---\n"_s, u"text"_s} << QList<int>{R, R, T};
    QTest::newRow("fence") << u"intro:\n```cpp\nint x;\n\nint y;\n```\nafter\n"_s
                           << QStringList{u"intro:\n"_s, u"```cpp\nint x;\n\nint y;\n```\n"_s,
                                          u"after\n"_s}
                           << QList<int>{T, F, T};
    QTest::newRow("longer fence") << u"````\n```\nstill\n````\n"_s
                                  << QStringList{u"````\n```\nstill\n````\n"_s} << QList<int>{F};
    QTest::newRow("loose list stays together")
        << u"- a\n\n- b\n\n  more b\n\nafter\n"_s
        << QStringList{u"- a\n\n- b\n\n  more b\n\n"_s, u"after\n"_s} << QList<int>{T, T};
    QTest::newRow("heading interrupts list") << u"- a\n# H\n"_s
                                             << QStringList{u"- a\n"_s, u"# H\n"_s}
                                             << QList<int>{T, H};
    QTest::newRow("leading blanks join next") << u"\n\ntext\n"_s << QStringList{u"\n\ntext\n"_s}
                                              << QList<int>{T};
    QTest::newRow("table swallows fence-like rows")
        << u"| a |\n|---|\n```\nx\n\ny\n"_s << QStringList{u"| a |\n|---|\n```\nx\n\ny\n"_s}
        << QList<int>{T};
    QTest::newRow("indented fence") << u"p\n  ```\ncode\n\nmore\n  ```\n\nend\n"_s
                                    << QStringList{u"p\n  ```\ncode\n\nmore\n  ```\n\n"_s,
                                                   u"end\n"_s}
                                    << QList<int>{T, T};
}

void TestMarkdownSplitter::expectedBlocks()
{
    QFETCH(QString, text);
    QFETCH(QStringList, sources);
    QFETCH(QList<int>, kinds);

    const QList<MarkdownBlock> blocks = splitWhole(text);
    QStringList gotSources;
    QList<int> gotKinds;
    for (const MarkdownBlock &b : blocks) {
        gotSources << b.source;
        gotKinds << int(b.kind);
    }
    QCOMPARE(gotSources, sources);
    QCOMPARE(gotKinds, kinds);
    checkAgreement(text, blocks);
}

void TestMarkdownSplitter::samples_data()
{
    QTest::addColumn<QString>("name");
    const QStringList files = claudette::test::dataFiles(u"render/samples"_s, u"*.md"_s);
    QVERIFY(files.size() >= 4);
    for (const QString &file : files) {
        QTest::newRow(qPrintable(file)) << file;
    }
}

void TestMarkdownSplitter::samples()
{
    QFETCH(QString, name);
    const QString text = QString::fromUtf8(claudette::test::readData(name));
    QVERIFY(!text.isEmpty());

    const QList<MarkdownBlock> whole = splitWhole(text);
    checkOffsets(text, whole);
    checkAgreement(text, whole);
    QVERIFY2(whole.size() > 1 || text.size() < 80, qPrintable(describe(whole)));

    // One character at a time.
    QList<qsizetype> every;
    for (qsizetype i = 1; i < text.size(); ++i) {
        every << i;
    }
    QCOMPARE(splitAt(text, every), whole);
    // Every split in two pieces.
    for (qsizetype i = 1; i < text.size(); ++i) {
        QCOMPARE(splitAt(text, {i}), whole);
    }
    // Random splits.
    QRandomGenerator rng(42);
    for (int round = 0; round < 50; ++round) {
        QList<qsizetype> cuts;
        for (qsizetype pos = rng.bounded(1, 12); pos < text.size(); pos += rng.bounded(1, 12)) {
            cuts << pos;
        }
        QCOMPARE(splitAt(text, cuts), whole);
    }
}

void TestMarkdownSplitter::randomDocumentsAgree()
{
    // CLAUDETTE_SPLITTER_ROUNDS runs a longer search locally.
    const int rounds = qEnvironmentVariableIsSet("CLAUDETTE_SPLITTER_ROUNDS")
                           ? qEnvironmentVariableIntValue("CLAUDETTE_SPLITTER_ROUNDS")
                           : 4000;
    QRandomGenerator rng(20261123);
    for (int round = 0; round < rounds; ++round) {
        const QString text = randomDocument(rng);
        const QList<MarkdownBlock> whole = splitWhole(text);
        checkOffsets(text, whole);
        checkAgreement(text, whole);
        if (QTest::currentTestFailed()) {
            return;
        }
        QList<qsizetype> cuts;
        for (qsizetype pos = rng.bounded(1, 6); pos < text.size(); pos += rng.bounded(1, 6)) {
            cuts << pos;
        }
        QCOMPARE(splitAt(text, cuts), whole);
    }
}

void TestMarkdownSplitter::closesAsSoonAsKnown()
{
    MarkdownSplitter splitter;
    QVERIFY(splitter.append(u"First para").isEmpty());
    QVERIFY(splitter.append(u"graph.\n\n").isEmpty()); // a list could still follow
    QVERIFY(splitter.append(u"Sec").isEmpty()); // lines are classified when complete
    QList<MarkdownBlock> closed = splitter.append(u"ond\n");
    QCOMPARE(closed.size(), 1);
    QCOMPARE(closed.first().source, u"First paragraph.\n\n"_s);
    QCOMPARE(splitter.openTail(), u"Second\n");

    closed = splitter.append(u"```py\nx = 1\n");
    QCOMPARE(closed.size(), 1);
    QCOMPARE(closed.first().source, u"Second\n"_s);
    QCOMPARE(splitter.openKind(), Kind::FencedCode);
    QCOMPARE(splitter.openLanguage(), u"py"_s);

    closed = splitter.append(u"```\n## Done\n");
    QCOMPARE(closed.size(), 2);
    QCOMPARE(closed.at(0).kind, Kind::FencedCode);
    QCOMPARE(closed.at(0).language, u"py"_s);
    QCOMPARE(closed.at(0).offset, 25);
    QCOMPARE(closed.at(1).source, u"## Done\n"_s);
    QCOMPARE(splitter.openTail(), u"");
    QVERIFY(splitter.finish().isEmpty());
}

void TestMarkdownSplitter::openTailAndKind()
{
    MarkdownSplitter splitter;
    splitter.append(u"# T\npara\n\n- x\n");
    QCOMPARE(splitter.openTail(), u"para\n\n- x\n");
    QCOMPARE(splitter.openKind(), Kind::Text);
    QCOMPARE(splitter.openOffset(), 4);
    QCOMPARE(splitter.length(), 14);
    const QList<MarkdownBlock> last = splitter.finish();
    QCOMPARE(last.size(), 1);
    QCOMPARE(last.first().source, u"para\n\n- x\n"_s);
    splitter.reset();
    QCOMPARE(splitter.length(), 0);
    QCOMPARE(splitter.scannedCharacters(), 0);
}

void TestMarkdownSplitter::crlfSplitAcrossDeltas()
{
    // A CR at the end of a delta must wait: CR LF is one line end, CR alone is another.
    const QString text = u"# A\r\n\r\npara\r\rnext\r"_s;
    QList<qsizetype> cuts;
    for (qsizetype i = 1; i < text.size(); ++i) {
        cuts << i;
    }
    const QList<MarkdownBlock> whole = splitWhole(text);
    QCOMPARE(splitAt(text, cuts), whole);
    QCOMPARE(whole.first().source, u"# A\r\n"_s);
    checkAgreement(text, whole);
}

void TestMarkdownSplitter::emptyAndBlankInput()
{
    QVERIFY(splitWhole(QString()).isEmpty());
    MarkdownSplitter splitter;
    QVERIFY(splitter.append(u"").isEmpty());
    QVERIFY(splitter.append(u"\n\n  \n").isEmpty());
    const QList<MarkdownBlock> last = splitter.finish();
    QCOMPARE(last.size(), 1);
    QCOMPARE(last.first().source, u"\n\n  \n"_s);
    QCOMPARE(MarkdownRenderer().toHtml(last.first().source), QString());
}

void TestMarkdownSplitter::workIsLinear()
{
    // 20,000 small deltas into one growing reply: prose, lists, a long fence, a long line.
    QString reply;
    QRandomGenerator rng(7);
    const QStringList words = {u"token "_s, u"the "_s, u"**bold** "_s, u"`x` "_s, u"\n"_s,
                               u"\n\n"_s, u"- item "_s, u"\n```cpp\n"_s, u"int x = 1;\n"_s,
                               u"\n```\n"_s, u"# H\n"_s};
    QList<qsizetype> cuts;
    while (cuts.size() < 20000) {
        reply += words.at(rng.bounded(int(words.size())));
        cuts << reply.size();
    }
    cuts.removeLast();
    reply += QString(50000, u'a'); // one long unterminated line at the end, also in small deltas
    for (qsizetype pos = cuts.last() + 3; pos < reply.size(); pos += 3) {
        cuts << pos;
    }

    MarkdownSplitter splitter;
    qsizetype prev = 0;
    qsizetype maxTail = 0;
    int closed = 0;
    for (qsizetype cut : cuts) {
        closed += splitter.append(QStringView(reply).sliced(prev, cut - prev)).size();
        prev = cut;
        maxTail = std::max(maxTail, splitter.openTail().size());
    }
    closed += splitter.append(QStringView(reply).sliced(prev)).size();
    closed += splitter.finish().size();

    const double ratio = double(splitter.scannedCharacters()) / double(reply.size());
    qInfo("%lld deltas, %lld chars, %d blocks, scanned %lld (%.2f per char), longest tail %lld",
          qlonglong(cuts.size() + 1), qlonglong(reply.size()), closed,
          qlonglong(splitter.scannedCharacters()), ratio, qlonglong(maxTail));
    QVERIFY(closed > 100);
    QVERIFY2(ratio <= 3.0, qPrintable(QString::number(ratio)));
}

QTEST_GUILESS_MAIN(TestMarkdownSplitter)
#include "tst_markdownsplitter.moc"
