#include "core/usage/cachestats.h"
#include "core/usage/costledger.h"
#include "core/util/apppaths.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace claudette;

namespace {
constexpr int ChildLines = 200;

LedgerEntry entry(const QDateTime &time, double cost, const QString &source = u"cli"_s)
{
    LedgerEntry e;
    e.time = time;
    e.model = u"claude-sonnet-4-5"_s;
    e.usage.inputTokens = 100;
    e.usage.outputTokens = 20;
    e.usage.requests = 1;
    e.costUsd = cost;
    e.conversationId = u"conv-1"_s;
    e.source = source;
    e.requestId = u"req_1"_s;
    return e;
}
} // namespace

class TestCostLedger : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripAndTotals()
    {
        QTemporaryDir dir;
        const AppPaths paths(dir.path());
        CostLedger ledger(paths.ledgerFile());
        QVERIFY(ledger.path().endsWith("ledger.jsonl"_L1));
        const QDateTime now(QDate(2026, 3, 15), QTime(12, 0));
        QVERIFY(ledger.append(entry(now, 0.25)));
        QVERIFY(ledger.append(entry(now.addSecs(-3600), 0.5, u"gui"_s)));
        QVERIFY(ledger.append(entry(now.addDays(-3), 1.0)));     // this month
        QVERIFY(ledger.append(entry(now.addMonths(-1), 100.0))); // last month
        LedgerEntry unknown = entry(now, 0);
        unknown.costUsd.reset();
        QVERIFY(ledger.append(unknown));

        const QList<LedgerEntry> entries = ledger.entries();
        QCOMPARE(entries.size(), 5);
        QCOMPARE(entries.at(1).source, u"gui"_s);
        QCOMPARE(entries.at(0).usage.inputTokens, 100);
        QCOMPARE(entries.at(0).requestId, u"req_1"_s);
        QVERIFY(!entries.at(4).costUsd.has_value());

        const CostLedger::Totals t = ledger.totals(now);
        QCOMPARE(t.todayRequests, 3);
        QVERIFY(qFuzzyCompare(t.todayUsd, 0.75));
        QCOMPARE(t.monthRequests, 4);
        QVERIFY(qFuzzyCompare(t.monthUsd, 1.75));
        QCOMPARE(t.unknownPrice, 1);
    }

    void badLinesAreSkipped()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"ledger.jsonl"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            "not json\n{\"time\":\"x\"}\n{\"time\":\"2026-01-01T00:00:00Z\",\"usage\":{}"); // cut
        file.close();
        CostLedger ledger(path);
        QVERIFY(ledger.append(entry(QDateTime::currentDateTime(), 0.1)));
        int bad = 0;
        const QList<LedgerEntry> entries = ledger.entries(&bad);
        QCOMPARE(entries.size(), 1); // the cut line did not swallow the new one
        QCOMPARE(bad, 3);
        QCOMPARE(CostLedger(dir.filePath(u"none.jsonl"_s)).entries().size(), 0);
    }

    void unwritableLedger()
    {
        CostLedger ledger(u"/proc/claudette-no/ledger.jsonl"_s);
        QString error;
        QVERIFY(!ledger.append(entry(QDateTime::currentDateTime(), 1), &error));
        QVERIFY(!error.isEmpty());
    }

    /// Run as a child process by concurrentProcesses().
    void childWriter()
    {
        const QString path = qEnvironmentVariable("CLAUDETTE_LEDGER_CHILD");
        if (path.isEmpty())
            QSKIP("only run as a child of concurrentProcesses");
        CostLedger ledger(path);
        for (int i = 0; i < ChildLines; ++i)
            QVERIFY(ledger.append(entry(QDateTime::currentDateTime(), 0.001)));
    }

    void concurrentProcesses()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"ledger.jsonl"_s);
        QList<QProcess *> children;
        for (int i = 0; i < 2; ++i) {
            auto *p = new QProcess(this);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(u"CLAUDETTE_LEDGER_CHILD"_s, path);
            p->setProcessEnvironment(env);
            p->start(QCoreApplication::applicationFilePath(), {u"childWriter"_s});
            children.append(p);
        }
        CostLedger ledger(path);
        for (int i = 0; i < ChildLines; ++i)
            QVERIFY(ledger.append(entry(QDateTime::currentDateTime(), 0.001, u"gui"_s)));
        for (QProcess *p : children) {
            QVERIFY(p->waitForFinished(60000));
            QCOMPARE(p->exitCode(), 0);
        }
        int bad = -1;
        const QList<LedgerEntry> entries = ledger.entries(&bad);
        QCOMPARE(bad, 0);
        QCOMPARE(entries.size(), 3 * ChildLines);
        const CostLedger::Totals t = ledger.totals();
        QCOMPARE(t.todayRequests, 3 * ChildLines);
        QVERIFY(qAbs(t.todayUsd - 3 * ChildLines * 0.001) < 1e-9);
    }

    void cacheStats()
    {
        Usage u;
        u.inputTokens = 100;
        u.cacheCreation5mTokens = 2000;
        u.cacheReadTokens = 8000;
        const QDateTime at(QDate(2026, 3, 15), QTime(12, 0), QTimeZone::UTC);
        const CacheStats s = CacheStats::compute(u, u"claude-sonnet-4-5"_s, Pricing::builtIn(),
                                                 CacheTtl::FiveMinutes, at);
        QCOMPARE(s.written, 2000);
        QCOMPARE(s.read, 8000);
        QVERIFY(qFuzzyCompare(s.hitRatio, 8000.0 / 10100.0));
        QVERIFY(s.priceKnown);
        QVERIFY(qFuzzyCompare(s.savedUsd, 8000 * (3.0 - 0.3) / 1e6));
        QVERIFY(qFuzzyCompare(s.writeExtraUsd, 2000 * (3.75 - 3.0) / 1e6));
        QCOMPARE(s.expires, at.addSecs(300));
        const CacheStats hour = CacheStats::compute(u, u"claude-sonnet-4-5"_s, Pricing::builtIn(),
                                                    CacheTtl::OneHour, at);
        QCOMPARE(hour.expires, at.addSecs(3600));
        const CacheStats none = CacheStats::compute(Usage{}, u"unknown-model"_s, Pricing::builtIn(),
                                                    CacheTtl::FiveMinutes, at);
        QVERIFY(!none.expires.isValid());
        QVERIFY(!none.priceKnown);
        QCOMPARE(none.hitRatio, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestCostLedger)
#include "tst_costledger.moc"
