#include "core/api/accumulator.h"
#include "core/store/conversationfile.h"
#include "core/store/conversationstore.h"
#include "core/store/journal.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cstdio>

using namespace claudette;
using namespace Qt::StringLiterals;

namespace {

QByteArray textDelta(const QString &text)
{
    return QJsonDocument(QJsonObject{{"type"_L1, "content_block_delta"_L1},
                                     {"index"_L1, 0},
                                     {"delta"_L1, QJsonObject{{"type"_L1, "text_delta"_L1},
                                                              {"text"_L1, text}}}})
        .toJson(QJsonDocument::Compact);
}

const QByteArray kMessageStart =
    R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}})";
const QByteArray kBlockStart =
    R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})";

QJsonArray userText(const QString &t)
{
    return QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, t}}};
}

// The crash child: streams "1;2;3;..." into a conversation with the journal, printing each
// sequence number after it was appended, until it is killed.
int crashChild()
{
    const QString path = qEnvironmentVariable("CLAUDETTE_CRASH_FILE");
    const QString journals = qEnvironmentVariable("CLAUDETTE_CRASH_JOURNALS");
    ConversationStore store(journals);
    if (!store.open(path).ok)
        return 2;
    store.commitUserTurn(userText(u"count for me"_s));
    if (!store.waitForSaved())
        return 3;
    store.beginReply(u"claude-sonnet-4-5"_s, {});
    store.appendEvent(kMessageStart);
    store.appendEvent(kBlockStart);
    std::printf("ready\n");
    std::fflush(stdout);
    int n = 0;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        ++n;
        store.appendEvent(textDelta(QString::number(n) + u';'));
        std::printf("%d\n", n);
        std::fflush(stdout);
    });
    tick.start(1);
    return QCoreApplication::exec();
}

} // namespace

class TestJournal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void appendFlushReplay();
    void flushedWithinWindowWithoutNewEvents();
    void cutLastLineIgnored();
    void replayGivesWhatTheAccumulatorGives();
    void replayStopsAtStreamError();
    void finishRemovesJournalAfterSave();
    void reopenReplaysLeftoverJournal();
    void commitUserTurnIsOnDiskBeforeSending();
    void crashAtRandomMoments();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString journals() const { return m_dir->filePath(u"journals"_s); }
};

void TestJournal::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
}

void TestJournal::appendFlushReplay()
{
    Journal j(journals());
    Turn t;
    t.id = u"turn-1"_s;
    t.parentId = u"user-1"_s;
    t.role = u"assistant"_s;
    t.status = TurnStatus::Streaming;
    t.model = u"claude-haiku-4-5"_s;
    QVERIFY(j.begin(u"conv-1"_s, t));
    QVERIFY(j.append(kMessageStart));
    QVERIFY(j.append(kBlockStart));
    QVERIFY(j.append(textDelta(u"Hello"_s)));
    QVERIFY(j.append("{\"type\":\"content_block_delta\",\"index\":0,\n\"delta\":{\"type\":\"text_"
                     "delta\",\"text\":\", world\"}}"));
    QVERIFY(j.append(
        R"({"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}})"));
    QVERIFY(j.flush());
    QCOMPARE(j.flushedSequence(), 5);
    const Journal::Replay r = Journal::replay(Journal::pathFor(journals(), u"conv-1"_s));
    QVERIFY(r.found && r.valid);
    QCOMPARE(r.conversationId, u"conv-1"_s);
    QCOMPARE(r.events, 5);
    QCOMPARE(r.turn.id, u"turn-1"_s);
    QCOMPARE(r.turn.parentId, u"user-1"_s);
    QCOMPARE(r.turn.plainText(), u"Hello, world"_s);
    QCOMPARE(r.turn.status, TurnStatus::Interrupted);
    QCOMPARE(r.turn.stopReason, u"end_turn"_s);
    QCOMPARE(r.turn.usage.value("output_tokens"_L1).toInt(), 9);
    QCOMPARE(r.turn.usage.value("input_tokens"_L1).toInt(), 12);
    QVERIFY(j.append(R"({"type":"message_stop"})"));
    j.close();
    QVERIFY(Journal::replay(j.path()).complete);
    QVERIFY(j.remove());
    QVERIFY(!QFile::exists(j.path()));
}

void TestJournal::flushedWithinWindowWithoutNewEvents()
{
    Journal j(journals());
    Turn t;
    t.id = u"t"_s;
    t.role = u"assistant"_s;
    QVERIFY(j.begin(u"c"_s, t));
    QVERIFY(j.append(kMessageStart));
    QVERIFY(j.append(kBlockStart)); // within the window: buffered
    QVERIFY(j.append(textDelta(u"quiet"_s)));
    // Nothing else arrives; the timer writes it within the window.
    QTRY_VERIFY_WITH_TIMEOUT(Journal::replay(j.path()).turn.plainText() == u"quiet"_s, 1000);
}

void TestJournal::cutLastLineIgnored()
{
    Journal j(journals());
    Turn t;
    t.id = u"t"_s;
    t.role = u"assistant"_s;
    QVERIFY(j.begin(u"c"_s, t));
    j.append(kMessageStart);
    j.append(kBlockStart);
    j.append(textDelta(u"kept"_s));
    j.close();
    QFile f(j.path());
    QVERIFY(f.open(QIODevice::Append));
    f.write(R"({"seq":4,"event":{"type":"content_block_delta","index":0,"delta":{"type":"text_de)");
    f.close();
    const auto r = Journal::replay(j.path());
    QVERIFY(r.valid);
    QCOMPARE(r.events, 3);
    QCOMPARE(r.turn.plainText(), u"kept"_s);
    // A garbage journal is recognised as such.
    QFile g(m_dir->filePath(u"garbage.jsonl"_s));
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write("not json\n");
    g.close();
    const auto bad = Journal::replay(g.fileName());
    QVERIFY(bad.found);
    QVERIFY(!bad.valid);
    QVERIFY(!bad.errorString.isEmpty());
}

void TestJournal::replayGivesWhatTheAccumulatorGives()
{
    // Replay feeds the journaled events to an Accumulator, as the API layer does while
    // streaming: thinking, signatures, tool input (partial JSON while cut off) and usage come
    // back exactly as a live Accumulator has them.
    const QList<QByteArray> events = {
        kMessageStart,
        R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}})",
        R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me see."}})",
        R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"c2ln"}})",
        R"({"type":"content_block_stop","index":0})",
        R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"weather","input":{}}})",
        R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Par"}})",
    };
    Journal j(journals());
    Turn t;
    t.id = u"t"_s;
    t.role = u"assistant"_s;
    t.status = TurnStatus::Streaming;
    QVERIFY(j.begin(u"c"_s, t));
    Accumulator live;
    for (const QByteArray &e : events) {
        QVERIFY(j.append(e));
        QVERIFY(live.applyEvent(Journal::eventName(QJsonDocument::fromJson(e).object()), e));
    }
    j.close();
    const auto r = Journal::replay(j.path());
    QVERIFY(r.valid);
    QCOMPARE(r.events, events.size());
    QVERIFY(!r.complete);
    QCOMPARE(r.turn.status, TurnStatus::Interrupted);
    const QJsonObject message = live.message();
    QCOMPARE(r.turn.content, message.value("content"_L1).toArray());
    QCOMPARE(r.turn.usage, message.value("usage"_L1).toObject());
    QCOMPARE(r.turn.model, u"claude-sonnet-4-5"_s);
    const QJsonObject thinking = r.turn.content.at(0).toObject();
    QCOMPARE(thinking.value("thinking"_L1).toString(), u"Let me see."_s);
    QCOMPARE(thinking.value("signature"_L1).toString(), u"c2ln"_s);
    const QJsonObject tool = r.turn.content.at(1).toObject();
    QCOMPARE(tool.value("name"_L1).toString(), u"weather"_s);
    QVERIFY(tool.value("input"_L1).isObject());
}

void TestJournal::replayStopsAtStreamError()
{
    // A stream error ends the reply: what came before it is restored, nothing after it.
    Journal j(journals());
    Turn t;
    t.id = u"t"_s;
    t.role = u"assistant"_s;
    QVERIFY(j.begin(u"c"_s, t));
    j.append(kMessageStart);
    j.append(kBlockStart);
    j.append(textDelta(u"before"_s));
    j.append(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
    j.append(textDelta(u" after"_s));
    j.append(R"({"type":"message_stop"})");
    j.close();
    const auto r = Journal::replay(j.path());
    QVERIFY(r.valid);
    QCOMPARE(r.events, 6);
    QCOMPARE(r.turn.plainText(), u"before"_s);
    QVERIFY(!r.complete);
    QCOMPARE(r.turn.status, TurnStatus::Interrupted);
}

void TestJournal::finishRemovesJournalAfterSave()
{
    const QString path = m_dir->filePath(u"c.claudette"_s);
    ConversationStore store(journals());
    QVERIFY(store.create(path).ok);
    store.commitUserTurn(userText(u"hi"_s));
    const QString id = store.beginReply(u"claude-sonnet-4-5"_s, {{"max_tokens"_L1, 100}});
    store.appendEvent(kMessageStart);
    store.appendEvent(kBlockStart);
    store.appendEvent(textDelta(u"Hi there"_s));
    const QString journal = Journal::pathFor(journals(), store.conversation()->id());
    QVERIFY(QFile::exists(journal));
    QTRY_COMPARE(store.conversation()->turn(id).plainText(), u"Hi there"_s);
    QSignalSpy saved(&store, &ConversationStore::saved);
    store.finishReply(TurnStatus::Complete);
    QTRY_VERIFY(!QFile::exists(journal));
    const auto loaded = ConversationFile::load(path);
    QVERIFY(loaded.ok());
    const Turn t = loaded.data->turns.last();
    QCOMPARE(t.id, id);
    QCOMPARE(t.status, TurnStatus::Complete);
    QCOMPARE(t.plainText(), u"Hi there"_s);
    QCOMPARE(t.params.value("max_tokens"_L1).toInt(), 100);
}

void TestJournal::reopenReplaysLeftoverJournal()
{
    const QString path = m_dir->filePath(u"c.claudette"_s);
    QString convId;
    QString userId;
    {
        ConversationStore store(journals());
        QVERIFY(store.create(path).ok);
        convId = store.conversation()->id();
        userId = store.commitUserTurn(userText(u"tell me"_s));
        QVERIFY(store.waitForSaved());
    }
    // A journal as a crashed process leaves it.
    {
        Journal j(journals());
        Turn t;
        t.id = u"reply-1"_s;
        t.parentId = userId;
        t.role = u"assistant"_s;
        t.status = TurnStatus::Streaming;
        QVERIFY(j.begin(convId, t));
        j.append(kMessageStart);
        j.append(kBlockStart);
        j.append(textDelta(u"Once upon"_s));
        j.flush();
    }
    ConversationStore store(journals());
    const auto r = store.open(path);
    QVERIFY(r.ok);
    QVERIFY(r.replayedJournal);
    QCOMPARE(store.conversation()->currentLeaf(), u"reply-1"_s);
    const Turn t = store.conversation()->turn(u"reply-1"_s);
    QCOMPARE(t.status, TurnStatus::Interrupted);
    QCOMPARE(t.plainText(), u"Once upon"_s);
    QVERIFY(store.waitForSaved());
    QTRY_VERIFY(!QFile::exists(Journal::pathFor(journals(), convId)));
    QCOMPARE(ConversationFile::load(path).data->turns.last().status, TurnStatus::Interrupted);
}

void TestJournal::commitUserTurnIsOnDiskBeforeSending()
{
    const QString path = m_dir->filePath(u"c.claudette"_s);
    ConversationStore store(journals());
    QVERIFY(store.create(path).ok);
    QSignalSpy committed(&store, &ConversationStore::turnCommitted);
    const QString id = store.commitUserTurn(userText(u"important"_s));
    QVERIFY(committed.wait(5000));
    QCOMPARE(committed.first().first().toString(), id);
    // At the moment of the signal the file holds the turn.
    const auto loaded = ConversationFile::load(path);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.data->turns.last().id, id);
    QCOMPARE(loaded.data->turns.last().plainText(), u"important"_s);
}

void TestJournal::crashAtRandomMoments()
{
    constexpr int kRuns = 50;
    // The journal writes at most kFlushIntervalMs after an event; allow for scheduling delays
    // of a loaded, sanitised build on top of it.
    constexpr qint64 kWindowMs = Journal::kFlushIntervalMs + 150;
    const QString path = m_dir->filePath(u"crash.claudette"_s);
    {
        ConversationStore store(journals());
        QVERIFY(store.create(path).ok);
    }
    auto *rng = QRandomGenerator::global();
    int nonEmpty = 0;
    for (int run = 0; run < kRuns; ++run) {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"CLAUDETTE_CRASH_FILE"_s, path);
        env.insert(u"CLAUDETTE_CRASH_JOURNALS"_s, journals());
        env.insert(u"ASAN_OPTIONS"_s, u"detect_leaks=0"_s);
        child.setProcessEnvironment(env);
        child.setProgram(QCoreApplication::applicationFilePath());
        child.start();
        QVERIFY(child.waitForStarted());
        QList<std::pair<qint64, int>> received; // (ms since ready, seq)
        QElapsedTimer clock;
        bool ready = false;
        QByteArray buffer;
        const qint64 killAt = rng->bounded(20, 700);
        QElapsedTimer guard;
        guard.start();
        while (!ready || clock.elapsed() < killAt) {
            QVERIFY2(guard.elapsed() < 30000, "the child did not start streaming");
            QVERIFY2(child.state() == QProcess::Running, child.readAllStandardError().constData());
            child.waitForReadyRead(5);
            buffer += child.readAllStandardOutput();
            qsizetype nl;
            while ((nl = buffer.indexOf('\n')) >= 0) {
                const QByteArray line = buffer.left(nl);
                buffer.remove(0, nl + 1);
                if (line == "ready") {
                    ready = true;
                    clock.start();
                } else if (ready) {
                    received.append({clock.elapsed(), line.toInt()});
                }
            }
        }
        const qint64 killedAt = clock.elapsed();
        child.kill(); // SIGKILL
        QVERIFY(child.waitForFinished());
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        int mustHave = 0;
        for (const auto &[when, seq] : received) {
            if (when < killedAt - kWindowMs)
                mustHave = seq;
        }
        ConversationStore store(journals());
        const auto r = store.open(path);
        QVERIFY2(r.ok, qPrintable(r.errorString));
        QVERIFY2(!r.readOnly, qPrintable(r.readOnlyReason)); // the dead child's lock is stale
        const Conversation *c = store.conversation();
        const Turn reply = c->turn(c->currentLeaf());
        QCOMPARE(reply.role, u"assistant"_s);
        QCOMPARE(reply.status, TurnStatus::Interrupted);
        QCOMPARE(c->turn(reply.parentId).plainText(), u"count for me"_s);
        // The text is exactly "1;2;...;n;" for some n >= mustHave.
        const QString text = reply.plainText();
        const QStringList parts = text.split(u';', Qt::SkipEmptyParts);
        for (int i = 0; i < parts.size(); ++i)
            QCOMPARE(parts.at(i).toInt(), i + 1);
        QVERIFY2(parts.size() >= mustHave,
                 qPrintable(
                     u"run %1: killed at %2 ms, restored %3 events, expected at least %4"_s.arg(run)
                         .arg(killedAt)
                         .arg(parts.size())
                         .arg(mustHave)));
        QVERIFY(!text.isEmpty() || mustHave == 0);
        nonEmpty += text.isEmpty() ? 0 : 1;
        QVERIFY(store.waitForSaved());
        QTRY_VERIFY(!QFile::exists(Journal::pathFor(journals(), c->id())));
    }
    QVERIFY(nonEmpty > kRuns / 2);
    // Every run left its user turn and interrupted reply in the file.
    const auto loaded = ConversationFile::load(path);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.data->turns.size(), 2 * kRuns);
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet("CLAUDETTE_CRASH_FILE")) {
        QCoreApplication app(argc, argv);
        return crashChild();
    }
    QCoreApplication app(argc, argv);
    TestJournal test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_journal.moc"
