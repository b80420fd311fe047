#include "core/usage/usage.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using claudette::Usage;

namespace {
QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}
} // namespace

class TestUsage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void claudetteLine();
    void parsesEveryField();
    void splitMissingCountsAsFiveMinutes();
    void partialSplitRestIsFiveMinutes();
    void nullsAndGarbage();
    void sumsOverTurns();
    void jsonRoundTrip();
    void thinkingTokens();
};

void TestUsage::claudetteLine()
{
    const Usage u = Usage::fromJson(parse(
        R"({"input_tokens":13,"output_tokens":5,"cache_creation_input_tokens":0,"cache_read_input_tokens":0})"));
    QCOMPARE(u.toString(),
             u"In: 13; Out: 5; Cache create: 0; Cache read: 0; Total Tokens: 18; Search: 0"_s);
}

void TestUsage::parsesEveryField()
{
    const Usage u = Usage::fromJson(parse(R"({"input_tokens":100,"output_tokens":50,
        "cache_creation_input_tokens":300,"cache_read_input_tokens":400,
        "cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":200},
        "server_tool_use":{"web_search_requests":3,"web_fetch_requests":2},
        "service_tier":"standard","iterations":null})"));
    QCOMPARE(u.inputTokens, 100);
    QCOMPARE(u.outputTokens, 50);
    QCOMPARE(u.cacheCreation5mTokens, 100);
    QCOMPARE(u.cacheCreation1hTokens, 200);
    QCOMPARE(u.cacheCreationTokens(), 300);
    QCOMPARE(u.cacheReadTokens, 400);
    QCOMPARE(u.webSearchRequests, 3);
    QCOMPARE(u.webFetchRequests, 2);
    QCOMPARE(u.totalInputTokens(), 800);
    QCOMPARE(u.totalTokens(), 850);
    QCOMPARE(u.requests, 1);
    QCOMPARE(
        u.toString(),
        u"In: 100; Out: 50; Cache create: 300; Cache read: 400; Total Tokens: 850; Search: 3"_s);
}

void TestUsage::splitMissingCountsAsFiveMinutes()
{
    const Usage u = Usage::fromJson(parse(R"({"input_tokens":1,"output_tokens":1,
        "cache_creation_input_tokens":2048})"));
    QCOMPARE(u.cacheCreation5mTokens, 2048);
    QCOMPARE(u.cacheCreation1hTokens, 0);
}

void TestUsage::partialSplitRestIsFiveMinutes()
{
    const Usage u = Usage::fromJson(parse(R"({"cache_creation_input_tokens":1000,
        "cache_creation":{"ephemeral_1h_input_tokens":600}})"));
    QCOMPARE(u.cacheCreation1hTokens, 600);
    QCOMPARE(u.cacheCreation5mTokens, 400);
}

void TestUsage::nullsAndGarbage()
{
    const Usage u = Usage::fromJson(parse(R"({"input_tokens":null,"output_tokens":"7",
        "cache_read_input_tokens":-5,"server_tool_use":null,"cache_creation":null})"));
    QCOMPARE(u.totalTokens(), 0);
    QCOMPARE(Usage::fromJson({}).toString(),
             u"In: 0; Out: 0; Cache create: 0; Cache read: 0; Total Tokens: 0; Search: 0"_s);
}

void TestUsage::sumsOverTurns()
{
    Usage total;
    total += Usage::fromJson(parse(R"({"input_tokens":13,"output_tokens":5})"));
    total += Usage::fromJson(parse(R"({"input_tokens":30,"output_tokens":7,
        "cache_read_input_tokens":10,"server_tool_use":{"web_search_requests":1}})"));
    QCOMPARE(total.requests, 2);
    QCOMPARE(total.toString(),
             u"In: 43; Out: 12; Cache create: 0; Cache read: 10; Total Tokens: 65; Search: 1"_s);
    const Usage sum = Usage::fromJson(parse(R"({"input_tokens":1})")) +
                      Usage::fromJson(parse(R"({"input_tokens":2})"));
    QCOMPARE(sum.inputTokens, 3);
}

void TestUsage::jsonRoundTrip()
{
    const Usage u = Usage::fromJson(parse(R"({"input_tokens":5,"output_tokens":6,
        "cache_creation_input_tokens":7,"cache_read_input_tokens":8,
        "cache_creation":{"ephemeral_5m_input_tokens":3,"ephemeral_1h_input_tokens":4},
        "server_tool_use":{"web_search_requests":1,"web_fetch_requests":2}})"));
    QCOMPARE(Usage::fromJson(u.toJson()), u);
}

void TestUsage::thinkingTokens()
{
    // output_tokens_details (API 2026-10-21): thinking is part of output_tokens, shown apart.
    const Usage u = Usage::fromJson(parse(R"({"input_tokens":10,"output_tokens":145,
        "output_tokens_details":{"thinking_tokens":47}})"));
    QCOMPARE(u.thinkingTokens, 47);
    QCOMPARE(u.outputTokens, 145);
    QCOMPARE(u.totalTokens(), 155);
    QCOMPARE(u.toString(), u"In: 10; Out: 145; Cache create: 0; Cache read: 0; Total Tokens: "
                           "155; Search: 0; Thinking: 47"_s);
    QCOMPARE(Usage::fromJson(u.toJson()), u);
    Usage total = u;
    total += Usage::fromJson(
        parse(R"({"output_tokens":5,"output_tokens_details":{"thinking_tokens":3}})"));
    QCOMPARE(total.thinkingTokens, 50);
    // Absent, null or garbage: no count, and the line stays claudette's.
    for (const char *json : {R"({"output_tokens":5})", R"({"output_tokens_details":null})",
                             R"({"output_tokens_details":{"thinking_tokens":"x"}})"}) {
        const Usage none = Usage::fromJson(parse(json));
        QCOMPARE(none.thinkingTokens, 0);
        QVERIFY(!none.toString().contains(u"Thinking"));
        QVERIFY(!none.toJson().contains(u"output_tokens_details"));
    }
}

QTEST_GUILESS_MAIN(TestUsage)
#include "tst_usage.moc"
