// The differential test against the official TypeScript SDK: every recorded stream under
// tests/data/sse (and the hand-made edge cases under tests/data/sse_cases), fed through SseParser
// and Accumulator in many chunkings, must give exactly the final Message the SDK's beta
// MessageStream gives for the same bytes (tests/data/golden, written by tests/sdk/gen_goldens.mjs),
// or fail where the SDK fails.
#include "core/api/accumulator.h"
#include "core/api/sseparser.h"
#include "support/testdata.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using claudette::Accumulator;
using claudette::SseEvent;
using claudette::SseParser;

namespace {

struct Outcome
{
    bool ok = false;
    QString error;
    QJsonObject message;
};

// How the bytes go in: as SseEvent copies into Accumulator::apply(), or the way MessageStream
// does it (events as views into Accumulator::applyEvent(), deltas coalesced and flushed after
// every read, the announced text and thinking added up as a window would).
enum class Feeding
{
    Copies,
    AsMessageStream
};

// Feeds @p bytes cut at @p cuts (ascending offsets) and ends the stream.
Outcome run(const QByteArray &bytes, const QList<qsizetype> &cuts,
            Feeding feeding = Feeding::Copies)
{
    SseParser parser;
    Accumulator accumulator;
    QMap<int, QString> announced; // per block: its text (or thinking) as the signals told it
    if (feeding == Feeding::AsMessageStream) {
        accumulator.setCoalescing(true);
        QObject::connect(&accumulator, &Accumulator::blockStarted,
                         [&announced](int index, const QJsonObject &block) {
                             announced[index] =
                                 block["text"_L1].toString() + block["thinking"_L1].toString();
                         });
        const auto append = [&announced](int index, const QString &delta) {
            announced[index] += delta;
        };
        QObject::connect(&accumulator, &Accumulator::textAppended, append);
        QObject::connect(&accumulator, &Accumulator::thinkingAppended, append);
    }
    QList<SseEvent> events;
    qsizetype previous = 0;
    auto feed = [&](qsizetype end) {
        const QByteArrayView chunk = QByteArrayView(bytes).sliced(previous, end - previous);
        previous = end;
        if (feeding == Feeding::AsMessageStream) {
            parser.feed(chunk, [&accumulator](const claudette::SseEventView &event) {
                accumulator.applyEvent(event.type, event.data);
                return true;
            });
            accumulator.flushDeltas();
            return;
        }
        events.clear();
        parser.feed(chunk, events);
        for (const SseEvent &event : std::as_const(events))
            accumulator.apply(event);
    };
    for (qsizetype cut : cuts)
        feed(cut);
    feed(bytes.size());
    Outcome outcome;
    outcome.ok = accumulator.endOfStream();
    outcome.error = accumulator.error();
    outcome.message = accumulator.message();
    if (feeding == Feeding::AsMessageStream && outcome.ok) {
        // What the signals announced must add up to each block's final text and thinking.
        const QJsonArray content = outcome.message.value("content"_L1).toArray();
        for (qsizetype i = 0; i < content.size(); ++i) {
            const QJsonValue block = content.at(i);
            const QString expected = block["text"_L1].toString() + block["thinking"_L1].toString();
            const QString told = announced.value(int(i));
            if (told != expected) {
                outcome.ok = false;
                outcome.error = u"block %1: the signals announced %2 characters, the message "
                                u"holds %3"_s.arg(i)
                                    .arg(told.size())
                                    .arg(expected.size());
                break;
            }
        }
    }
    return outcome;
}

// Deep equality where numbers compare by value (the SDK's are all doubles). Returns the path of
// the first difference, or an empty string.
QString difference(const QJsonValue &a, const QJsonValue &b, const QString &path)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() == b.toDouble() ? QString() : path;
    if (a.type() != b.type())
        return path + u" (type)"_s;
    if (a.isObject()) {
        const QJsonObject x = a.toObject();
        const QJsonObject y = b.toObject();
        for (auto it = x.begin(); it != x.end(); ++it) {
            if (!y.contains(it.key()))
                return path + u'.' + it.key() + u" (only in ours)"_s;
            if (QString d = difference(it.value(), y.value(it.key()), path + u'.' + it.key());
                !d.isEmpty())
                return d;
        }
        for (auto it = y.begin(); it != y.end(); ++it) {
            if (!x.contains(it.key()))
                return path + u'.' + it.key() + u" (only in the SDK's)"_s;
        }
        return {};
    }
    if (a.isArray()) {
        const QJsonArray x = a.toArray();
        const QJsonArray y = b.toArray();
        if (x.size() != y.size())
            return path + u" (array size %1 vs %2)"_s.arg(x.size()).arg(y.size());
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (QString d = difference(x.at(i), y.at(i), path + u'[' + QString::number(i) + u']');
                !d.isEmpty())
                return d;
        }
        return {};
    }
    return a == b ? QString() : path;
}

QStringList recordings()
{
    return claudette::test::dataFiles(u"sse"_s, u"*.sse"_s) +
           claudette::test::dataFiles(u"sse_cases"_s, u"*.sse"_s);
}

QList<qsizetype> randomCuts(qsizetype size, quint32 seed)
{
    QRandomGenerator random(seed);
    // Mix tiny and large chunks, as networks deliver them.
    const int maxChunk = (seed % 2) ? 7 : 300;
    QList<qsizetype> cuts;
    for (qsizetype at = 1 + random.bounded(maxChunk); at < size; at += 1 + random.bounded(maxChunk))
        cuts.append(at);
    return cuts;
}

} // namespace

class TestRecordings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void matchesSdk_data();
    void matchesSdk();
    void everyTwoWaySplit_data();
    void everyTwoWaySplit();

private:
    bool check(const Outcome &outcome, const QJsonObject &golden, const QString &how);
};

void TestRecordings::initTestCase()
{
    QVERIFY2(claudette::test::dataFiles(u"sse"_s, u"*.sse"_s).size() >= 18,
             "the recordings are missing from tests/data/sse");
}

bool TestRecordings::check(const Outcome &outcome, const QJsonObject &golden, const QString &how)
{
    if (golden.contains("sdk_error"_L1)) {
        if (outcome.ok) {
            qWarning("%s: succeeded where the SDK failed with: %s", qPrintable(how),
                     qPrintable(golden.value("sdk_error"_L1).toString()));
            return false;
        }
        return true;
    }
    if (!outcome.ok) {
        qWarning("%s: failed: %s", qPrintable(how), qPrintable(outcome.error));
        return false;
    }
    if (const QString d = difference(outcome.message, golden, u"message"_s); !d.isEmpty()) {
        qWarning(
            "%s: differs from the SDK at %s\nours: %s", qPrintable(how), qPrintable(d),
            QJsonDocument(outcome.message).toJson(QJsonDocument::Compact).left(2000).constData());
        return false;
    }
    return true;
}

void TestRecordings::matchesSdk_data()
{
    QTest::addColumn<QString>("file");
    for (const QString &file : recordings())
        QTest::newRow(qPrintable(QFileInfo(file).completeBaseName())) << file;
}

void TestRecordings::matchesSdk()
{
    QFETCH(QString, file);
    const QByteArray bytes = claudette::test::readData(file);
    QVERIFY(!bytes.isEmpty());
    const QString goldenName = u"golden/"_s + QFileInfo(file).completeBaseName() + u".json"_s;
    const QJsonObject golden =
        QJsonDocument::fromJson(claudette::test::readData(goldenName)).object();
    QVERIFY2(!golden.isEmpty(), qPrintable(u"no golden "_s + goldenName));

    QVERIFY(check(run(bytes, {}), golden, u"whole"_s));

    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < bytes.size(); ++i)
        everyByte.append(i);
    QVERIFY(check(run(bytes, everyByte), golden, u"1-byte chunks"_s));

    for (quint32 seed = 1; seed <= 8; ++seed) {
        QVERIFY(check(run(bytes, randomCuts(bytes.size(), seed)), golden,
                      u"random chunks, seed %1"_s.arg(seed)));
    }

    // The same chunkings the way MessageStream feeds them.
    QVERIFY(check(run(bytes, {}, Feeding::AsMessageStream), golden, u"streamed whole"_s));
    QVERIFY(check(run(bytes, everyByte, Feeding::AsMessageStream), golden,
                  u"streamed in 1-byte chunks"_s));
    for (quint32 seed = 1; seed <= 64; ++seed) {
        QVERIFY(check(run(bytes, randomCuts(bytes.size(), seed), Feeding::AsMessageStream), golden,
                      u"streamed in random chunks, seed %1"_s.arg(seed)));
    }
}

void TestRecordings::everyTwoWaySplit_data()
{
    QTest::addColumn<QString>("file");
    for (const QString &file : recordings()) {
        if (QFileInfo(claudette::test::dataPath(file)).size() <= 16 * 1024)
            QTest::newRow(qPrintable(QFileInfo(file).completeBaseName())) << file;
    }
}

void TestRecordings::everyTwoWaySplit()
{
    QFETCH(QString, file);
    const QByteArray bytes = claudette::test::readData(file);
    const QJsonObject golden =
        QJsonDocument::fromJson(claudette::test::readData(
                                    u"golden/"_s + QFileInfo(file).completeBaseName() + u".json"_s))
            .object();
    QVERIFY(!golden.isEmpty());
    for (qsizetype at = 1; at < bytes.size(); ++at) {
        QVERIFY(check(run(bytes, {at}), golden, u"split at %1"_s.arg(at)));
        QVERIFY(check(run(bytes, {at}, Feeding::AsMessageStream), golden,
                      u"streamed, split at %1"_s.arg(at)));
    }
}

QTEST_GUILESS_MAIN(TestRecordings)
#include "tst_recordings.moc"
