#include "core/api/retrypolicy.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using claudette::ApiError;
using claudette::RetryPolicy;

namespace {

const QDateTime Now(QDate(2026, 1, 15), QTime(12, 0), QTimeZone::UTC);

QHttpHeaders headersOf(std::initializer_list<std::pair<QByteArray, QByteArray>> list)
{
    QHttpHeaders h;
    for (const auto &[name, value] : list)
        h.append(name, value);
    return h;
}

ApiError http(int status)
{
    ApiError e;
    e.kind = ApiError::Kind::Http;
    e.httpStatus = status;
    return e;
}

} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retryable_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("shouldRetry");
        QTest::addColumn<bool>("expected");
        const int Http = int(ApiError::Kind::Http);
        QTest::newRow("400") << Http << 400 << QByteArray() << false;
        QTest::newRow("401") << Http << 401 << QByteArray() << false;
        QTest::newRow("404") << Http << 404 << QByteArray() << false;
        QTest::newRow("408") << Http << 408 << QByteArray() << true;
        QTest::newRow("409") << Http << 409 << QByteArray() << true;
        QTest::newRow("413") << Http << 413 << QByteArray() << false;
        QTest::newRow("429") << Http << 429 << QByteArray() << true;
        QTest::newRow("500") << Http << 500 << QByteArray() << true;
        QTest::newRow("529") << Http << 529 << QByteArray() << true;
        QTest::newRow("400 x-should-retry true") << Http << 400 << QByteArray("true") << true;
        QTest::newRow("529 x-should-retry false") << Http << 529 << QByteArray("false") << false;
        QTest::newRow("429 x-should-retry FALSE ") << Http << 429 << QByteArray(" FALSE ") << false;
        QTest::newRow("500 x-should-retry junk") << Http << 500 << QByteArray("maybe") << true;
        QTest::newRow("connection") << int(ApiError::Kind::Connection) << 0 << QByteArray() << true;
        QTest::newRow("timeout") << int(ApiError::Kind::Timeout) << 0 << QByteArray() << true;
        QTest::newRow("idle") << int(ApiError::Kind::IdleTimeout) << 0 << QByteArray() << false;
        QTest::newRow("deadline") << int(ApiError::Kind::Deadline) << 0 << QByteArray() << false;
        QTest::newRow("cancelled") << int(ApiError::Kind::Cancelled) << 0 << QByteArray() << false;
        QTest::newRow("stream") << int(ApiError::Kind::Stream) << 0 << QByteArray() << false;
        QTest::newRow("protocol") << int(ApiError::Kind::Protocol) << 0 << QByteArray() << false;
    }

    void retryable()
    {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QByteArray, shouldRetry);
        QFETCH(bool, expected);
        ApiError e;
        e.kind = ApiError::Kind(kind);
        e.httpStatus = status;
        QHttpHeaders h;
        if (!shouldRetry.isNull())
            h.append("x-should-retry", shouldRetry);
        QCOMPARE(RetryPolicy::isRetryable(e, h), expected);
        const RetryPolicy policy(2, [] { return 0.0; });
        QCOMPARE(policy.decide(e, h, 0, Now).retry, expected);
    }

    void serverDelay_data()
    {
        QTest::addColumn<QHttpHeaders>("headers");
        QTest::addColumn<qint64>("delay"); // -1: no server delay
        QTest::newRow("none") << QHttpHeaders() << qint64(-1);
        QTest::newRow("retry-after-ms") << headersOf({{"retry-after-ms", "1500"}}) << qint64(1500);
        QTest::newRow("retry-after-ms fractional")
            << headersOf({{"retry-after-ms", "12.4"}}) << qint64(12);
        QTest::newRow("retry-after-ms wins")
            << headersOf({{"retry-after-ms", "200"}, {"retry-after", "9"}}) << qint64(200);
        QTest::newRow("retry-after-ms junk falls back")
            << headersOf({{"retry-after-ms", "soon"}, {"retry-after", "9"}}) << qint64(9000);
        QTest::newRow("retry-after seconds") << headersOf({{"retry-after", "7"}}) << qint64(7000);
        QTest::newRow("retry-after fractional")
            << headersOf({{"retry-after", "0.5"}}) << qint64(500);
        QTest::newRow("retry-after date")
            << headersOf({{"retry-after", "Thu, 15 Jan 2026 12:00:30 GMT"}}) << qint64(30000);
        QTest::newRow("retry-after date past")
            << headersOf({{"retry-after", "Thu, 15 Jan 2026 11:59:00 GMT"}}) << qint64(-60000);
        QTest::newRow("retry-after RFC 850 date")
            << headersOf({{"retry-after", "Thursday, 15-Jan-26 12:00:10 GMT"}}) << qint64(10000);
        QTest::newRow("retry-after asctime date")
            << headersOf({{"retry-after", "Thu Jan 15 12:00:20 2026"}}) << qint64(20000);
        QTest::newRow("retry-after junk") << headersOf({{"retry-after", "later"}}) << qint64(-1);
        QTest::newRow("huge") << headersOf({{"retry-after", "1e300"}}) << qint64(1e12 * 1000);
    }

    void serverDelay()
    {
        QFETCH(QHttpHeaders, headers);
        QFETCH(qint64, delay);
        const std::optional<qint64> d = RetryPolicy::serverDelayMs(headers, Now);
        if (delay == -1)
            QVERIFY(!d);
        else if (delay == qint64(1e12 * 1000))
            QVERIFY(d && *d > RetryPolicy::MaxServerDelayMs);
        else
            QCOMPARE(d.value_or(-12345), delay);
    }

    void decideUsesServerDelay_data()
    {
        QTest::addColumn<QHttpHeaders>("headers");
        QTest::addColumn<bool>("retry");
        QTest::addColumn<qint64>("delay");
        QTest::addColumn<bool>("tooLong");
        QTest::newRow("ms") << headersOf({{"retry-after-ms", "1234"}}) << true << qint64(1234)
                            << false;
        QTest::newRow("60 s exactly waited")
            << headersOf({{"retry-after", "60"}}) << true << qint64(60000) << false;
        QTest::newRow("61 s not waited")
            << headersOf({{"retry-after", "61"}}) << false << qint64(0) << true;
        QTest::newRow("date 30 s") << headersOf({{"retry-after", "Thu, 15 Jan 2026 12:00:30 GMT"}})
                                   << true << qint64(30000) << false;
        QTest::newRow("date 2 min") << headersOf({{"retry-after", "Thu, 15 Jan 2026 12:02:00 GMT"}})
                                    << false << qint64(0) << true;
        QTest::newRow("zero falls back to backoff")
            << headersOf({{"retry-after", "0"}}) << true << qint64(500) << false;
        QTest::newRow("past date falls back")
            << headersOf({{"retry-after", "Thu, 15 Jan 2026 11:00:00 GMT"}}) << true << qint64(500)
            << false;
        QTest::newRow("ms over 60 s")
            << headersOf({{"retry-after-ms", "60001"}}) << false << qint64(0) << true;
    }

    void decideUsesServerDelay()
    {
        QFETCH(QHttpHeaders, headers);
        QFETCH(bool, retry);
        QFETCH(qint64, delay);
        QFETCH(bool, tooLong);
        const RetryPolicy policy(2, [] { return 0.0; });
        const RetryPolicy::Decision d = policy.decide(http(429), headers, 0, Now);
        QCOMPARE(d.retry, retry);
        QCOMPARE(d.serverDelayTooLong, tooLong);
        if (retry)
            QCOMPARE(d.delayMs, delay);
    }

    void backoffAndJitter_data()
    {
        QTest::addColumn<int>("retriesDone");
        QTest::addColumn<qint64>("base");
        QTest::newRow("first retry") << 0 << qint64(500);
        QTest::newRow("second") << 1 << qint64(1000);
        QTest::newRow("third") << 2 << qint64(2000);
        QTest::newRow("fourth") << 3 << qint64(4000);
        QTest::newRow("fifth capped") << 4 << qint64(8000);
        QTest::newRow("tenth capped") << 9 << qint64(8000);
        QTest::newRow("absurd capped") << 100000 << qint64(8000);
    }

    void backoffAndJitter()
    {
        QFETCH(int, retriesDone);
        QFETCH(qint64, base);
        // No jitter at random 0, the full 25 % just below 1.
        QCOMPARE(RetryPolicy(2, [] { return 0.0; }).backoffMs(retriesDone), base);
        QCOMPARE(RetryPolicy(2, [] { return 0.5; }).backoffMs(retriesDone),
                 qint64(std::llround(double(base) * 0.875)));
        const qint64 low = RetryPolicy(2, [] { return 0.999999; }).backoffMs(retriesDone);
        QVERIFY(low >= base * 3 / 4 && low < base);
        // The real random source stays within the bounds.
        const RetryPolicy real(2);
        for (int i = 0; i < 200; ++i) {
            const qint64 d = real.backoffMs(retriesDone);
            QVERIFY2(d >= base * 3 / 4 && d <= base, qPrintable(QString::number(d)));
        }
        // A broken random source does not produce nonsense.
        QCOMPARE(RetryPolicy(2, [] { return std::nan(""); }).backoffMs(retriesDone), base);
        QCOMPARE(RetryPolicy(2, [] { return 7.0; }).backoffMs(retriesDone), base);
    }

    void maxRetries_data()
    {
        QTest::addColumn<int>("maxRetries");
        QTest::newRow("default") << -1;
        QTest::newRow("0") << 0;
        QTest::newRow("1") << 1;
        QTest::newRow("5") << 5;
    }

    void maxRetries()
    {
        QFETCH(int, maxRetries);
        RetryPolicy policy;
        if (maxRetries >= 0)
            policy.setMaxRetries(maxRetries);
        const int expected = maxRetries >= 0 ? maxRetries : 2;
        QCOMPARE(policy.maxRetries(), expected);
        int retries = 0;
        while (policy.decide(http(529), {}, retries, Now).retry && retries < 100)
            ++retries;
        QCOMPARE(retries, expected);
        // A server delay does not let it go past the maximum.
        QVERIFY(!policy.decide(http(529), headersOf({{"retry-after", "1"}}), expected, Now).retry);
    }

    void negativeMaxRetriesIsZero() { QCOMPARE(RetryPolicy(-3).maxRetries(), 0); }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
