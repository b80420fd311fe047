#include "core/usage/cost.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace claudette;

namespace {
// One million of each kind of token, so every cost equals its price per million.
Usage million(qint64 in, qint64 out, qint64 w5, qint64 w1, qint64 read, qint64 searches = 0)
{
    Usage u;
    u.inputTokens = in;
    u.outputTokens = out;
    u.cacheCreation5mTokens = w5;
    u.cacheCreation1hTokens = w1;
    u.cacheReadTokens = read;
    u.webSearchRequests = searches;
    u.requests = 1;
    return u;
}
constexpr qint64 M = 1'000'000;
} // namespace

class TestCost : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyPriceRow_data();
    void everyPriceRow();
    void oneMillionEach();
    void webSearch();
    void batchHalf();
    void longContext_data();
    void longContext();
    void unknownModel();
    void sumAcrossTurns();
    void overrideFile();
    void badPriceTables_data();
    void badPriceTables();
    void formatting();
};

void TestCost::everyPriceRow_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("row");
    QTest::addColumn<double>("input");
    QTest::addColumn<double>("output");
    QTest::addColumn<double>("write5m");
    QTest::addColumn<double>("write1h");
    QTest::addColumn<double>("read");
    auto row = [](const char *name, const char *model, const char *id, double in, double out,
                  double w5, double w1, double rd) {
        QTest::newRow(name) << QString::fromLatin1(model) << QString::fromLatin1(id) << in << out
                            << w5 << w1 << rd;
    };
    row("opus 4.5", "claude-opus-4-5-20251101", "opus-4-5-plus", 5, 25, 6.25, 10, 0.5);
    row("opus 4.6", "claude-opus-4-6", "opus-4-5-plus", 5, 25, 6.25, 10, 0.5);
    row("opus 4.7 bedrock", "us.anthropic.claude-opus-4-7-v1", "opus-4-5-plus", 5, 25, 6.25, 10,
        0.5);
    row("opus 5", "claude-opus-5", "opus-4-5-plus", 5, 25, 6.25, 10, 0.5);
    row("opus 4", "claude-opus-4-20250514", "opus-4", 15, 75, 18.75, 30, 1.5);
    row("opus 4.1", "claude-opus-4-1", "opus-4", 15, 75, 18.75, 30, 1.5);
    row("sonnet 4", "claude-sonnet-4-20250514", "sonnet-4-long", 3, 15, 3.75, 6, 0.3);
    row("sonnet 4.5", "claude-sonnet-4-5", "sonnet-4-long", 3, 15, 3.75, 6, 0.3);
    row("sonnet 4.6", "claude-sonnet-4-6", "sonnet-4", 3, 15, 3.75, 6, 0.3);
    row("sonnet 3.7", "claude-3-7-sonnet-20250219", "sonnet-4", 3, 15, 3.75, 6, 0.3);
    row("haiku 4.5", "claude-haiku-4-5-20251001", "haiku-4-5", 1, 5, 1.25, 2, 0.1);
    row("haiku 4.5 vertex", "claude-haiku-4-5@20251001", "haiku-4-5", 1, 5, 1.25, 2, 0.1);
    row("haiku 3.5", "claude-3-5-haiku-20241022", "haiku-3-5", 0.8, 4, 1.0, 1.6, 0.08);
    row("haiku 3", "claude-3-haiku-20240307", "haiku-3", 0.25, 1.25, 0.3, 0.5, 0.03);
    row("opus 5.5", "claude-opus-5-5", "opus-5-5", 4, 20, 5, 8, 0.4);
    row("sonnet 5", "claude-sonnet-5", "sonnet-5", 2, 10, 2.5, 4, 0.2);
    row("fable 5.1", "claude-fable-5-1", "fable-5", 10, 50, 12.5, 20, 1);
    row("haiku 5.5", "claude-haiku-5-5", "haiku-5-5", 0.1, 0.5, 0.125, 0.2, 0.01);
}

void TestCost::everyPriceRow()
{
    QFETCH(QString, model);
    QFETCH(QString, row);
    QFETCH(double, input);
    QFETCH(double, output);
    QFETCH(double, write5m);
    QFETCH(double, write1h);
    QFETCH(double, read);
    const Pricing pricing = Pricing::builtIn();
    // 10k of each kind: below every long-context threshold.
    const qint64 n = 10'000;
    const Cost c = Cost::compute(million(n, n, n, n, n), model, pricing);
    QVERIFY(c.known);
    QCOMPARE(c.priceRowId, row);
    QVERIFY(!c.longContext);
    QCOMPARE(c.input, input * n / M);
    QCOMPARE(c.output, output * n / M);
    QCOMPARE(c.cacheWrite5m, write5m * n / M);
    QCOMPARE(c.cacheWrite1h, write1h * n / M);
    QCOMPARE(c.cacheRead, read * n / M);
    QCOMPARE(c.webSearch, 0.0);
    QVERIFY(qFuzzyCompare(c.total(), (input + output + write5m + write1h + read) * n / M));
    // a 1-hour write always costs twice the input price
    QVERIFY(qFuzzyCompare(write1h, 2 * input));
}

void TestCost::oneMillionEach()
{
    // Sonnet 4.6 has no long-context surcharge: a million of each is the plain table sum.
    const Cost c = Cost::compute(million(M, M, M, M, M), u"claude-sonnet-4-6"_s,
                                 Pricing::builtIn());
    QCOMPARE(c.total(), 3 + 15 + 3.75 + 6 + 0.3);
    QCOMPARE(c.toString(), u"$28.05"_s);
}

void TestCost::webSearch()
{
    const Cost c = Cost::compute(million(0, 0, 0, 0, 0, 3), u"claude-haiku-4-5"_s,
                                 Pricing::builtIn());
    QCOMPARE(c.webSearch, 0.03);
    QCOMPARE(c.total(), 0.03);
    QCOMPARE(c.toString(), u"$0.0300"_s);
}

void TestCost::batchHalf()
{
    const Pricing p = Pricing::builtIn();
    const Usage u = million(1000, 2000, 3000, 4000, 5000, 2);
    const Cost normal = Cost::compute(u, u"claude-opus-4-6"_s, p);
    const Cost batch = Cost::compute(u, u"claude-opus-4-6"_s, p, true);
    QVERIFY(batch.batch);
    QCOMPARE(batch.input, normal.input / 2);
    QCOMPARE(batch.output, normal.output / 2);
    QCOMPARE(batch.cacheWrite5m, normal.cacheWrite5m / 2);
    QCOMPARE(batch.cacheWrite1h, normal.cacheWrite1h / 2);
    QCOMPARE(batch.cacheRead, normal.cacheRead / 2);
    QCOMPARE(batch.webSearch, normal.webSearch); // searches are not discounted
}

void TestCost::longContext_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<qint64>("input");
    QTest::addColumn<qint64>("cacheRead");
    QTest::addColumn<bool>("isLong");
    QTest::addColumn<double>("expected");
    // Sonnet 4/4.5 over 200k input tokens: $6 in, $22.50 out for the whole request.
    QTest::newRow("sonnet 4.5 at 200k") << u"claude-sonnet-4-5"_s << qint64(200'000) << qint64(0)
                                        << false << (200'000 * 3.0 + 1000 * 15.0) / M;
    QTest::newRow("sonnet 4.5 above 200k")
        << u"claude-sonnet-4-5"_s << qint64(200'001) << qint64(0) << true
        << (200'001 * 6.0 + 1000 * 22.5) / M;
    QTest::newRow("sonnet 4 cache reads count")
        << u"claude-sonnet-4-20250514"_s << qint64(1000) << qint64(250'000) << true
        << (1000 * 6.0 + 1000 * 22.5 + 250'000 * 0.6) / M;
    QTest::newRow("sonnet 4.6 no surcharge")
        << u"claude-sonnet-4-6"_s << qint64(500'000) << qint64(0) << false
        << (500'000 * 3.0 + 1000 * 15.0) / M;
    QTest::newRow("haiku 5.5 over 100k") << u"claude-haiku-5-5"_s << qint64(150'000) << qint64(0)
                                         << true << (150'000 * 0.5 + 1000 * 2.5) / M;
}

void TestCost::longContext()
{
    QFETCH(QString, model);
    QFETCH(qint64, input);
    QFETCH(qint64, cacheRead);
    QFETCH(bool, isLong);
    QFETCH(double, expected);
    const Cost c = Cost::compute(million(input, 1000, 0, 0, cacheRead), model, Pricing::builtIn());
    QCOMPARE(c.longContext, isLong);
    QVERIFY2(qFuzzyCompare(c.total(), expected),
             qPrintable(u"%1 != %2"_s.arg(c.total()).arg(expected)));
}

void TestCost::unknownModel()
{
    const Cost c = Cost::compute(million(10, 10, 0, 0, 0), u"gpt-5"_s, Pricing::builtIn());
    QVERIFY(!c.known);
    QCOMPARE(c.total(), 0.0);
    QCOMPARE(c.toString(), u"price unknown"_s);
    QVERIFY(!Cost::compute({}, {}, Pricing::builtIn()).known);
    QVERIFY(!Cost::compute({}, u"claude-opus-4-6"_s, Pricing()).known); // empty table
}

void TestCost::sumAcrossTurns()
{
    const Pricing p = Pricing::builtIn();
    Cost total;
    total += Cost::compute(million(M, 0, 0, 0, 0), u"claude-haiku-4-5"_s, p);
    total += Cost::compute(million(0, M, 0, 0, 0), u"claude-haiku-4-5"_s, p);
    QVERIFY(total.known);
    QCOMPARE(total.requests, 2);
    QCOMPARE(total.total(), 6.0);
    QCOMPARE(total.priceRowId, u"haiku-4-5"_s);
    total += Cost::compute(million(M, 0, 0, 0, 0), u"mystery"_s, p);
    QVERIFY(!total.known);
    QCOMPARE(total.toString(), u"price unknown"_s);
}

void TestCost::overrideFile()
{
    Pricing p = Pricing::builtIn();
    QString error;
    QVERIFY(p.mergeFile(u"/nonexistent/pricing.json"_s, &error));
    QTemporaryDir dir;
    const QString path = dir.filePath(u"pricing.json"_s);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"families":[
        {"id":"haiku-4-5","patterns":["claude-haiku-4-5*"],"input":2,"output":10},
        {"id":"local","patterns":["my-*"],"input":1,"output":1,"cache_read":0}],
        "web_search_per_1000":20})");
    f.close();
    QVERIFY2(p.mergeFile(path, &error), qPrintable(error));
    const Cost haiku = Cost::compute(million(M, 0, M, M, 0, 1), u"claude-haiku-4-5"_s, p);
    QCOMPARE(haiku.input, 2.0);
    QCOMPARE(haiku.cacheWrite5m, 2.5); // 1.25x input when not given
    QCOMPARE(haiku.cacheWrite1h, 4.0); // 2x input when not given
    QCOMPARE(haiku.webSearch, 0.02);
    QCOMPARE(Cost::compute(million(M, 0, 0, 0, 0), u"my-model"_s, p).priceRowId, u"local"_s);
    QCOMPARE(p.rows().front().id, u"local"_s); // new rows are tried first
}

void TestCost::badPriceTables_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not json") << QByteArray("{");
    QTest::newRow("no families") << QByteArray(R"({"version":1})");
    QTest::newRow("row without patterns")
        << QByteArray(R"({"families":[{"id":"x","input":1,"output":1}]})");
    QTest::newRow("negative price")
        << QByteArray(R"({"families":[{"id":"x","patterns":["x"],"input":-1,"output":1}]})");
    QTest::newRow("price as text")
        << QByteArray(R"({"families":[{"id":"x","patterns":["x"],"input":"1","output":1}]})");
    QTest::newRow("incomplete long context") << QByteArray(
        R"({"families":[{"id":"x","patterns":["x"],"input":1,"output":1,"long_context":{"input":2}}]})");
}

void TestCost::badPriceTables()
{
    QFETCH(QByteArray, json);
    Pricing p = Pricing::builtIn();
    const qsizetype rows = p.rows().size();
    QString error;
    QVERIFY(!p.merge(json, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(p.rows().size(), rows);
    QVERIFY(!p.load(json));
    QCOMPARE(p.rows().size(), rows);
}

void TestCost::formatting()
{
    QCOMPARE(Cost::formatUsd(0.000113), u"$0.0001"_s);
    QCOMPARE(Cost::formatUsd(0.5), u"$0.5000"_s);
    QCOMPARE(Cost::formatUsd(12.345), u"$12.35"_s);
    QCOMPARE(Cost().toString(), u"price unknown"_s);
}

QTEST_GUILESS_MAIN(TestCost)
#include "tst_cost.moc"
