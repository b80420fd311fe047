#include "core/api/modelcatalog.h"
#include "core/chat/cacheplanner.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace claudette;

namespace {
QString words(int tokens)
{
    return QString(tokens * 4, u'x'); // about 4 characters per token
}

MessageRequest conversation(int turns, int tokensPerTurn, bool withTools, bool withSystem)
{
    MessageRequest r(u"claude-sonnet-4-5"_s, 1024);
    if (withTools)
        r.addClientTool(u"t"_s, words(tokensPerTurn), QJsonObject{{"type"_L1, "object"_L1}});
    if (withSystem)
        r.setSystem(words(tokensPerTurn));
    for (int i = 0; i < turns; ++i) {
        r.addMessage(MessageParam::user(words(tokensPerTurn)));
        r.addMessage(MessageParam::assistant(QList<ContentBlock>{
            ContentBlock::makeThinking(u"hmm"_s, u"sig"_s), ContentBlock::makeText(words(10))}));
    }
    r.addMessage(MessageParam::user(words(tokensPerTurn)));
    return r;
}

ModelCapabilities model(int minimum)
{
    ModelCapabilities m;
    m.minCacheableTokens = minimum;
    return m;
}
} // namespace

class TestCachePlanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void offChangesNothing()
    {
        MessageRequest r = conversation(2, 2000, true, true);
        const QJsonObject before = r.toJson();
        const CachePlanner::Plan plan = CachePlanner::apply(r, CacheSettings{}, model(1024));
        QCOMPARE(plan.placed, 0);
        QCOMPARE(r.toJson(), before);
    }

    void placement_data()
    {
        QTest::addColumn<int>("turns");
        QTest::addColumn<int>("perTurn");
        QTest::addColumn<bool>("tools");
        QTest::addColumn<bool>("system");
        QTest::addColumn<int>("minimum");
        QTest::addColumn<QStringList>("places");
        QTest::newRow("all four") << 2 << 2000 << true << true << 1024
                                  << QStringList{u"message 4"_s, u"tools"_s, u"system"_s,
                                                 u"message 2"_s};
        QTest::newRow("no tools") << 2 << 2000 << false << true << 1024
                                  << QStringList{u"message 4"_s, u"system"_s, u"message 2"_s};
        QTest::newRow("short prefix skipped")
            << 2 << 600 << true << true << 1024
            << QStringList{u"message 4"_s, u"system"_s, u"message 2"_s};
        QTest::newRow("opus minimum 4096")
            << 2 << 1500 << true << true << 4096 << QStringList{u"message 4"_s, u"message 2"_s};
        QTest::newRow("too short") << 0 << 100 << true << true << 1024 << QStringList{};
        QTest::newRow("single turn")
            << 0 << 3000 << false << false << 1024 << QStringList{u"message 0"_s};
    }

    void placement()
    {
        QFETCH(int, turns);
        QFETCH(int, perTurn);
        QFETCH(bool, tools);
        QFETCH(bool, system);
        QFETCH(int, minimum);
        QFETCH(QStringList, places);
        MessageRequest r = conversation(turns, perTurn, tools, system);
        const CachePlanner::Plan plan =
            CachePlanner::apply(r, CacheSettings{true, CacheTtl::OneHour}, model(minimum));
        QCOMPARE(plan.places, places);
        QCOMPARE(plan.placed, places.size());
        QCOMPARE(plan.tooShort, places.isEmpty());
        QCOMPARE(r.cacheBreakpointCount(), places.size());
        QVERIFY(r.cacheBreakpointCount() <= 4);
        // In the body: on the tool, the system block and the last block of the turns.
        const QJsonObject body = r.toJson();
        if (places.contains(u"tools"_s))
            QCOMPARE(body["tools"_L1]
                         .toArray()
                         .last()
                         .toObject()["cache_control"_L1]
                         .toObject()["ttl"_L1]
                         .toString(),
                     u"1h"_s);
        if (places.contains(u"system"_s))
            QVERIFY(body["system"_L1].toArray().last().toObject().contains("cache_control"_L1));
        for (const QString &place : places) {
            if (!place.startsWith("message "_L1))
                continue;
            const int index = place.mid(8).toInt();
            const QJsonValue content =
                body["messages"_L1].toArray().at(index).toObject()["content"_L1];
            QVERIFY(content.isArray());
            QVERIFY(content.toArray().last().toObject().contains("cache_control"_L1));
        }
    }

    void existingBreakpointsCount()
    {
        MessageRequest r = conversation(2, 2000, true, true);
        QList<MessageParam> messages = r.messages();
        messages[0].setCacheControlOnLastBlock(CacheTtl::FiveMinutes);
        messages[1].setCacheControlOnLastBlock(CacheTtl::FiveMinutes);
        r.setMessages(messages);
        const CachePlanner::Plan plan =
            CachePlanner::apply(r, CacheSettings{true, CacheTtl::FiveMinutes}, model(1024));
        QCOMPARE(plan.placed, 2);
        QCOMPARE(r.cacheBreakpointCount(), 4);
    }

    void neverOnThinking()
    {
        MessageRequest r(u"m"_s, 100);
        r.addMessage(MessageParam::user(words(3000)));
        r.addMessage(MessageParam::assistant(
            QList<ContentBlock>{ContentBlock::makeThinking(words(10), u"sig"_s)}));
        CachePlanner::apply(r, CacheSettings{true, CacheTtl::FiveMinutes}, model(1024));
        QVERIFY(!r.messages().at(1).content().at(0).hasCacheControl());
    }

    void catalogMinimum()
    {
        const ModelCatalog catalog = ModelCatalog::builtIn();
        QCOMPARE(catalog.capabilities(u"claude-sonnet-4-5"_s).minCacheableTokens, 1024);
        QCOMPARE(catalog.capabilities(u"claude-haiku-4-5"_s).minCacheableTokens, 4096);
        QVERIFY(catalog.capabilities(u"claude-sonnet-4-5"_s).structuredOutputs);
        QVERIFY(!catalog.capabilities(u"claude-3-7-sonnet-20250219"_s).structuredOutputs);
    }

    void settingsJson()
    {
        const CacheSettings s{true, CacheTtl::OneHour};
        QCOMPARE(CacheSettings::fromJson(s.toJson()), s);
        QCOMPARE(CacheSettings::fromJson({}), CacheSettings{});
    }
};

QTEST_GUILESS_MAIN(TestCachePlanner)
#include "tst_cacheplanner.moc"
