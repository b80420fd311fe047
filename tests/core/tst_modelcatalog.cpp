#include "core/api/modelcatalog.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace claudette;

class TestModelCatalog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtInLoads();
    void lookups_data();
    void lookups();
    void capabilities_data();
    void capabilities();
    void unknownModelIsPermissive();
    void overrideMerges();
    void overrideFile();
    void badDocuments_data();
    void badDocuments();
};

void TestModelCatalog::builtInLoads()
{
    const ModelCatalog c = ModelCatalog::builtIn();
    QVERIFY(c.models().size() >= 15);
    for (const ModelCapabilities &m : c.models()) {
        QVERIFY2(!m.displayName.isEmpty() && m.contextWindow > 0, qPrintable(m.id));
        QVERIFY2(m.maxOutput > 0, qPrintable(m.id));
    }
}

void TestModelCatalog::lookups_data()
{
    QTest::addColumn<QString>("asked");
    QTest::addColumn<QString>("id");
    QTest::newRow("id") << u"claude-opus-4-6"_s << u"claude-opus-4-6"_s;
    QTest::newRow("alias") << u"claude-sonnet-4-5"_s << u"claude-sonnet-4-5-20250929"_s;
    QTest::newRow("alias 4-0") << u"claude-sonnet-4-0"_s << u"claude-sonnet-4-20250514"_s;
    QTest::newRow("latest alias") << u"claude-3-5-haiku-latest"_s << u"claude-3-5-haiku-20241022"_s;
    QTest::newRow("upper case") << u"Claude-Haiku-4-5"_s << u"claude-haiku-4-5-20251001"_s;
    QTest::newRow("dated snapshot") << u"claude-opus-4-6-20260205"_s << u"claude-opus-4-6"_s;
    QTest::newRow("bedrock") << u"us.anthropic.claude-opus-4-6-v1"_s << u"claude-opus-4-6"_s;
    QTest::newRow("bedrock versioned")
        << u"anthropic.claude-haiku-4-5-20251001-v1:0"_s << u"claude-haiku-4-5-20251001"_s;
    QTest::newRow("vertex") << u"claude-haiku-4-5@20251001"_s << u"claude-haiku-4-5-20251001"_s;
    QTest::newRow("unknown") << u"claude-imaginary-9"_s << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestModelCatalog::lookups()
{
    QFETCH(QString, asked);
    QFETCH(QString, id);
    QCOMPARE(ModelCatalog::builtIn().resolve(asked), id);
}

void TestModelCatalog::capabilities_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("prefill");
    QTest::addColumn<bool>("budget");
    QTest::addColumn<bool>("adaptive");
    QTest::addColumn<bool>("effort");
    QTest::addColumn<int>("minCache");
    QTest::addColumn<int>("maxOutput");
    QTest::newRow("haiku 3") << u"claude-3-haiku-20240307"_s << true << false << false << false
                             << 2048 << 4096;
    QTest::newRow("haiku 3.5") << u"claude-3-5-haiku-20241022"_s << true << false << false
                               << false << 2048 << 8192;
    QTest::newRow("sonnet 3.7") << u"claude-3-7-sonnet-20250219"_s << true << true << false
                                << false << 1024 << 64000;
    QTest::newRow("opus 4.1") << u"claude-opus-4-1"_s << true << true << false << false << 1024
                              << 32000;
    QTest::newRow("sonnet 4.5") << u"claude-sonnet-4-5"_s << true << true << false << false
                                << 1024 << 64000;
    QTest::newRow("haiku 4.5") << u"claude-haiku-4-5"_s << true << true << false << false << 4096
                               << 64000;
    QTest::newRow("opus 4.5") << u"claude-opus-4-5"_s << true << true << false << true << 4096
                              << 64000;
    QTest::newRow("opus 4.6") << u"claude-opus-4-6"_s << false << true << true << true << 4096
                              << 128000;
    QTest::newRow("sonnet 4.6") << u"claude-sonnet-4-6"_s << false << true << true << true << 1024
                                << 64000;
    QTest::newRow("opus 4.7") << u"claude-opus-4-7"_s << false << false << true << true << 4096
                              << 128000;
}

void TestModelCatalog::capabilities()
{
    QFETCH(QString, model);
    QFETCH(bool, prefill);
    QFETCH(bool, budget);
    QFETCH(bool, adaptive);
    QFETCH(bool, effort);
    QFETCH(int, minCache);
    QFETCH(int, maxOutput);
    const ModelCapabilities c = ModelCatalog::builtIn().capabilities(model);
    QVERIFY(c.known);
    QCOMPARE(c.prefill, prefill);
    QCOMPARE(c.thinkingEnabled, budget);
    QCOMPARE(c.thinkingAdaptive, adaptive);
    QCOMPARE(c.supportsEffort(), effort);
    QCOMPARE(c.minCacheableTokens, minCache);
    QCOMPARE(c.maxOutput, maxOutput);
}

void TestModelCatalog::unknownModelIsPermissive()
{
    const ModelCapabilities c = ModelCatalog::builtIn().capabilities(u"claude-next-7"_s);
    QVERIFY(!c.known);
    QCOMPARE(c.id, u"claude-next-7"_s);
    QCOMPARE(c.displayName, u"claude-next-7"_s);
    QVERIFY(c.prefill && c.thinkingEnabled && c.thinkingAdaptive && c.thinkingDisable);
    QVERIFY(c.samplingParameters && c.temperatureWithTopP && c.supportsEffort());
    QCOMPARE(c.maxOutput, 0);
    // an empty catalog (resource missing) behaves the same
    QVERIFY(ModelCatalog().capabilities(u"claude-opus-4-6"_s).prefill);
}

void TestModelCatalog::overrideMerges()
{
    ModelCatalog c = ModelCatalog::builtIn();
    QString error;
    QVERIFY2(c.merge(R"({"models":[{"id":"claude-opus-4-6","max_output":64000},
        {"id":"my-proxy-model","display_name":"Proxy","aliases":["proxy"],"prefill":false}]})",
                     &error),
             qPrintable(error));
    const ModelCapabilities opus = c.capabilities(u"claude-opus-4-6"_s);
    QCOMPARE(opus.maxOutput, 64000);
    QVERIFY(!opus.prefill); // untouched fields stay
    QCOMPARE(opus.displayName, u"Claude Opus 4.6"_s);
    const ModelCapabilities proxy = c.capabilities(u"proxy"_s);
    QVERIFY(proxy.known);
    QCOMPARE(proxy.displayName, u"Proxy"_s);
    QVERIFY(!proxy.prefill);
}

void TestModelCatalog::overrideFile()
{
    ModelCatalog c = ModelCatalog::builtIn();
    QString error;
    QVERIFY(c.mergeFile(u"/nonexistent/models.json"_s, &error)); // missing: fine
    QTemporaryDir dir;
    const QString path = dir.filePath(u"models.json"_s);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{ broken");
    f.close();
    QVERIFY(!c.mergeFile(path, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY(c.capabilities(u"claude-opus-4-6"_s).known); // unchanged
}

void TestModelCatalog::badDocuments_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not json") << QByteArray("nope");
    QTest::newRow("no models") << QByteArray(R"({"version":1})");
    QTest::newRow("entry without id") << QByteArray(R"({"models":[{"display_name":"x"}]})");
}

void TestModelCatalog::badDocuments()
{
    QFETCH(QByteArray, json);
    ModelCatalog c = ModelCatalog::builtIn();
    const qsizetype before = c.models().size();
    QString error;
    QVERIFY(!c.load(json, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(c.models().size(), before);
}

QTEST_GUILESS_MAIN(TestModelCatalog)
#include "tst_modelcatalog.moc"
