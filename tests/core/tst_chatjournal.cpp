#include "core/api/client.h"
#include "core/chat/chat.h"
#include "core/chat/chatjournal.h"
#include "core/store/conversation.h"
#include "core/store/conversationstore.h"
#include "core/store/journal.h"
#include "support/fakeapirig.h"
#include "support/fakeapiserver.h"
#include "support/ssebuilder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace claudette;
using claudette::test::FakeApiRig;
using claudette::test::FakeApiServer;
using claudette::test::SseBuilder;

/// A reply that Chat streams into a stored conversation is journaled as it arrives (so that what
/// was on disk at a crash opens with the reply up to the last flush, marked interrupted), and the
/// journal goes once the finished reply is saved.
class TestChatJournal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void crashMidStreamKeepsWhatWasFlushed();
    void finishedReplyLeavesNoJournal();

private:
    QString longText() const;
    void addRule(qint64 stallAt);

    std::unique_ptr<FakeApiRig> m_api;
};

void TestChatJournal::init()
{
    m_api = std::make_unique<FakeApiRig>();
    QVERIFY2(m_api->isReady(), qPrintable(m_api->errorString()));
}

void TestChatJournal::cleanup()
{
    m_api.reset();
}

QString TestChatJournal::longText() const
{
    QString text;
    for (int i = 0; i < 200; ++i)
        text += u"word%1 "_s.arg(i);
    return text;
}

void TestChatJournal::addRule(qint64 stallAt)
{
    QList<QByteArray> events{SseBuilder::messageStart(), SseBuilder::textBlockStart()};
    const QString text = longText();
    for (qsizetype i = 0; i < text.size(); i += 16)
        events.append(SseBuilder::textDelta(text.mid(i, 16)));
    events += {SseBuilder::blockStop(), SseBuilder::messageDelta(u"end_turn"_s, 300),
               SseBuilder::messageStop()};
    FakeApiServer::Rule rule;
    rule.method = "POST";
    rule.path = "/v1/messages";
    rule.headers = {{"content-type", "text/event-stream"}};
    rule.body = SseBuilder::body(events);
    rule.chunking = FakeApiServer::Rule::Chunking::Fixed;
    rule.chunkSize = 400;
    rule.dripMs = 5;
    if (stallAt > 0) {
        rule.stallAtBytes = stallAt;
        rule.stallMs = -1;
    }
    m_api->server()->addRule(rule);
}

void TestChatJournal::crashMidStreamKeepsWhatWasFlushed()
{
    addRule(6000);
    const QString journals = m_api->filePath(u"journals"_s);
    const QString path = m_api->filePath(u"c.claudette"_s);
    ConversationStore store(journals);
    QVERIFY(store.create(path).ok);
    Chat chat(m_api->client(), store.conversation());
    ChatJournal journal(&chat, &store);
    QVERIFY(chat.send(u"Count words"_s));
    const QString journalFile = Journal::pathFor(journals, store.conversation()->id());
    // The stream stalls after 6,000 bytes; wait for the journal to hold them (flush <= 250 ms).
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(journalFile).size() > 4000, 5000);
    QTest::qWait(300);

    // "Crash": copy what is on disk now, as a killed process would leave it, and open that.
    QTemporaryDir crashed;
    QVERIFY(QDir().mkpath(crashed.filePath(u"journals"_s)));
    QVERIFY(QFile::copy(path, crashed.filePath(u"c.claudette"_s)));
    QVERIFY(QFile::copy(journalFile,
                        crashed.filePath(u"journals/"_s) + QFileInfo(journalFile).fileName()));
    ConversationStore reopened(crashed.filePath(u"journals"_s));
    const ConversationStore::OpenResult result = reopened.open(crashed.filePath(u"c.claudette"_s));
    QVERIFY2(result.ok, qPrintable(result.errorString));
    QVERIFY(result.replayedJournal);
    const Conversation *conversation = reopened.conversation();
    QCOMPARE(conversation->turnCount(), 2);
    const Turn reply = conversation->turn(conversation->currentBranch().constLast());
    QCOMPARE(reply.status, TurnStatus::Interrupted);
    const QString restored = reply.plainText();
    QVERIFY2(restored.size() > 200, qPrintable(restored));
    QVERIFY(longText().startsWith(restored));
    reopened.close();
    chat.stop();
}

void TestChatJournal::finishedReplyLeavesNoJournal()
{
    addRule(0);
    const QString journals = m_api->filePath(u"journals"_s);
    const QString path = m_api->filePath(u"c.claudette"_s);
    ConversationStore store(journals);
    QVERIFY(store.create(path).ok);
    Chat chat(m_api->client(), store.conversation());
    ChatJournal journal(&chat, &store);
    QSignalSpy finished(&chat, &Chat::replyFinished);
    QVERIFY(chat.send(u"Count words"_s));
    const QString journalFile = Journal::pathFor(journals, store.conversation()->id());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(journalFile), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(journalFile), 5000);
    store.close();

    ConversationStore reopened(journals);
    const ConversationStore::OpenResult result = reopened.open(path);
    QVERIFY(result.ok);
    QVERIFY(!result.replayedJournal);
    const Conversation *conversation = reopened.conversation();
    const Turn reply = conversation->turn(conversation->currentBranch().constLast());
    QCOMPARE(reply.status, TurnStatus::Complete);
    QCOMPARE(reply.plainText(), longText());
}

QTEST_GUILESS_MAIN(TestChatJournal)
#include "tst_chatjournal.moc"
