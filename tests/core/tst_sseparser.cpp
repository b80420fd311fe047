#include "core/api/sseparser.h"

#include <QRandomGenerator>
#include <QTest>

using claudette::SseEvent;
using claudette::SseParser;

namespace {
QList<SseEvent> parseInChunks(const QByteArray &bytes, const QList<qsizetype> &cuts)
{
    SseParser parser;
    QList<SseEvent> out;
    qsizetype prev = 0;
    for (qsizetype cut : cuts) {
        parser.feed(QByteArrayView(bytes).sliced(prev, cut - prev), out);
        prev = cut;
    }
    parser.feed(QByteArrayView(bytes).sliced(prev), out);
    return out;
}

SseEvent ev(const char *type, const char *data, const char *id = "")
{
    return SseEvent{QByteArray(type), QByteArray(data), QByteArray(id)};
}
} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void framing_data();
    void framing();
    void everySplitGivesSameEvents_data();
    void everySplitGivesSameEvents();
    void bomOnlyAtStart();
    void pendingEventDetected();
    void longLineIsLinear();
    void handlerViews();
    void handlerStops();
};

void TestSseParser::framing_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<SseEvent>>("expected");

    QTest::newRow("lf") << QByteArray("event: a\ndata: {\"x\":1}\n\n")
                        << QList<SseEvent>{ev("a", "{\"x\":1}")};
    QTest::newRow("crlf") << QByteArray("event: a\r\ndata: 1\r\n\r\n")
                          << QList<SseEvent>{ev("a", "1")};
    QTest::newRow("cr") << QByteArray("event: a\rdata: 1\r\r") << QList<SseEvent>{ev("a", "1")};
    QTest::newRow("multi-line data") << QByteArray("data: one\ndata: two\ndata:three\n\n")
                                     << QList<SseEvent>{ev("message", "one\ntwo\nthree")};
    QTest::newRow("comment ignored")
        << QByteArray(": keep-alive\ndata: x\n\n") << QList<SseEvent>{ev("message", "x")};
    QTest::newRow("no space after colon")
        << QByteArray("event:a\ndata:x\n\n") << QList<SseEvent>{ev("a", "x")};
    QTest::newRow("only first space stripped")
        << QByteArray("data:  x\n\n") << QList<SseEvent>{ev("message", " x")};
    QTest::newRow("no data, no event") << QByteArray("event: ping\n\n") << QList<SseEvent>{};
    QTest::newRow("empty data dispatches")
        << QByteArray("data:\n\n") << QList<SseEvent>{ev("message", "")};
    QTest::newRow("field without colon")
        << QByteArray("data\n\n") << QList<SseEvent>{ev("message", "")};
    QTest::newRow("unknown field ignored")
        << QByteArray("retry: 10\nfoo: bar\ndata: y\n\n") << QList<SseEvent>{ev("message", "y")};
    QTest::newRow("id persists") << QByteArray("id: 7\ndata: a\n\ndata: b\n\n")
                                 << QList<SseEvent>{ev("message", "a", "7"),
                                                    ev("message", "b", "7")};
    QTest::newRow("type resets") << QByteArray("event: t\ndata: a\n\ndata: b\n\n")
                                 << QList<SseEvent>{ev("t", "a"), ev("message", "b")};
    QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF"
                                       "data: a\n\n")
                         << QList<SseEvent>{ev("message", "a")};
    QTest::newRow("unterminated event not dispatched")
        << QByteArray("data: a\n") << QList<SseEvent>{};
    QTest::newRow("utf8 kept as bytes")
        << QByteArray("data: caf\xC3\xA9\n\n") << QList<SseEvent>{ev("message", "caf\xC3\xA9")};
}

void TestSseParser::framing()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<SseEvent>, expected);
    SseParser parser;
    QCOMPARE(parser.feed(input), expected);
}

void TestSseParser::everySplitGivesSameEvents_data()
{
    framing_data();
}

void TestSseParser::everySplitGivesSameEvents()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<SseEvent>, expected);
    // every 2-way split, then every byte on its own
    for (qsizetype cut = 0; cut <= input.size(); ++cut)
        QCOMPARE(parseInChunks(input, {cut}), expected);
    QList<qsizetype> all;
    for (qsizetype i = 1; i < input.size(); ++i)
        all.append(i);
    QCOMPARE(parseInChunks(input, all), expected);
}

void TestSseParser::bomOnlyAtStart()
{
    SseParser parser;
    const auto events = parser.feed(QByteArray("data: a\n\n\xEF\xBB\xBF"
                                               "data: b\n\n"));
    QCOMPARE(events.size(), 1); // the second BOM makes an unknown field name, not "data"
    QCOMPARE(events.first().data, QByteArray("a"));
}

void TestSseParser::pendingEventDetected()
{
    SseParser parser;
    parser.feed(QByteArray("data: a\n\n"));
    QVERIFY(!parser.hasPendingEvent());
    parser.feed(QByteArray("data: b"));
    QVERIFY(parser.hasPendingEvent());
    parser.feed(QByteArray("\n"));
    QVERIFY(parser.hasPendingEvent());
    QCOMPARE(parser.feed(QByteArray("\n")).size(), 1);
    QVERIFY(!parser.hasPendingEvent());
}

void TestSseParser::longLineIsLinear()
{
    // 8 MB of data in one line, fed in 1 KB chunks: quadratic buffering would take minutes.
    const QByteArray payload(8 * 1024 * 1024, 'x');
    const QByteArray input = "data: " + payload + "\n\n";
    SseParser parser;
    QList<SseEvent> out;
    for (qsizetype i = 0; i < input.size(); i += 1024)
        parser.feed(QByteArrayView(input).sliced(i, qMin<qsizetype>(1024, input.size() - i)), out);
    QCOMPARE(out.size(), 1);
    QCOMPARE(out.first().data.size(), payload.size());
}

QTEST_GUILESS_MAIN(TestSseParser)
void TestSseParser::handlerViews()
{
    // Events inside one chunk, across chunks, with several data lines and with an id: the
    // handler sees what the list overload returns.
    const QByteArray stream = "event: a\ndata: one\n\nevent: b\ndata: tw"
                              "o\ndata: three\nid: 7\n\ndata: four\n\n";
    for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
        SseParser parser;
        QList<SseEvent> seen;
        const SseParser::Handler collect = [&seen](const claudette::SseEventView &event) {
            seen.append(event.toEvent());
            return true;
        };
        QVERIFY(parser.feed(QByteArrayView(stream).first(cut), collect));
        QVERIFY(parser.feed(QByteArrayView(stream).sliced(cut), collect));
        QCOMPARE(seen, SseParser().feed(stream));
        QCOMPARE(seen.size(), 3);
        QCOMPARE(seen.at(1).data, "two\nthree");
        QCOMPARE(seen.at(2).type, "message");
        QCOMPARE(seen.at(2).id, "7");
    }
}

void TestSseParser::handlerStops()
{
    SseParser parser;
    int calls = 0;
    const bool completed =
        parser.feed("data: 1\n\ndata: 2\n\ndata: 3\n\n", [&calls](const claudette::SseEventView &) {
            ++calls;
            return calls < 2;
        });
    QVERIFY(!completed);
    QCOMPARE(calls, 2);
    parser.reset();
    QCOMPARE(parser.feed("data: 4\n\n").size(), 1);
}

#include "tst_sseparser.moc"
