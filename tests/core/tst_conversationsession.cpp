// ConversationSession: one conversation's plain replies and tool runs, every reply journaled the
// same way (tool-loop steps included), and what a crash leaves opening as a valid history.
#include "core/api/client.h"
#include "core/chat/chat.h"
#include "core/chat/fixedtoolapprover.h"
#include "core/session/conversationsession.h"
#include "core/store/conversation.h"
#include "core/store/conversationstore.h"
#include "core/store/journal.h"
#include "support/fakeapirig.h"
#include "support/fakeapiserver.h"
#include "support/ssebuilder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace claudette;
using claudette::test::FakeApiRig;
using claudette::test::FakeApiServer;
using claudette::test::SseBuilder;

namespace {
QString longText()
{
    QString text;
    for (int i = 0; i < 300; ++i)
        text += u"word%1 "_s.arg(i);
    return text;
}

/// A local tool running @p command.
ToolDefinition tool(const QString &name, const QStringList &command)
{
    const QJsonObject json{{"name"_L1, name},
                           {"description"_L1, u"A test tool"_s},
                           {"input_schema"_L1, QJsonObject{{"type"_L1, "object"_L1}}},
                           {"command"_L1, QJsonArray::fromStringList(command)},
                           {"timeout_seconds"_L1, 60}};
    QString error;
    const std::optional<ToolDefinition> def = ToolDefinition::fromJson(json, {}, &error);
    if (!def)
        qFatal("bad tool: %s", qPrintable(error));
    return *def;
}

QString resultText(const QJsonObject &result)
{
    QString text;
    for (const QJsonValue &b : result.value("content"_L1).toArray())
        text += b["text"_L1].toString();
    return text;
}
} // namespace

class TestConversationSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void plainReplyInMemory();
    void toolLoopOfTwoStepsBecomesTurns();
    void crashDuringStepTwoRestoresIt_data();
    void crashDuringStepTwoRestoresIt();
    void crashWhileToolRunsAnswersTheCall();
    void countTokensBodyIsTheExactRequest();

private:
    /// Step 1 asks for @p toolName; step 2 streams longText() (stalling for good after
    /// @p stallAt bytes when > 0).
    void serveToolThenText(const QString &toolName, qint64 stallAt);
    /// A session on a new file, with the tool @p def given and every call allowed.
    void openWithTool(ConversationSession &session, const ToolDefinition &def, const QString &path);
    /// Copies what is on disk now (the file and its journal) as a killed process leaves it.
    QString crashCopy(const ConversationSession &session, QTemporaryDir &into) const;

    std::unique_ptr<FakeApiRig> m_api;
    FixedToolApprover m_approver{ToolApprover::Decision::AllowOnce};
};

void TestConversationSession::init()
{
    m_approver = FixedToolApprover(ToolApprover::Decision::AllowOnce);
    m_api = std::make_unique<FakeApiRig>();
    QVERIFY2(m_api->isReady(), qPrintable(m_api->errorString()));
}

void TestConversationSession::cleanup()
{
    m_api.reset();
}

void TestConversationSession::serveToolThenText(const QString &toolName, qint64 stallAt)
{
    FakeApiServer::Rule first = FakeApiServer::streamRule(
        SseBuilder::toolUseReply(u"toolu_1"_s, toolName, QJsonObject{}, u"Let me look."_s), 1);
    m_api->server()->addRule(first);
    QList<QByteArray> events{SseBuilder::messageStart(), SseBuilder::textBlockStart()};
    const QString text = longText();
    for (qsizetype i = 0; i < text.size(); i += 16)
        events.append(SseBuilder::textDelta(text.mid(i, 16)));
    events += {SseBuilder::blockStop(), SseBuilder::messageDelta(u"end_turn"_s, 300),
               SseBuilder::messageStop()};
    FakeApiServer::Rule second = FakeApiServer::streamRule(SseBuilder::body(events), 1);
    second.chunking = FakeApiServer::Rule::Chunking::Fixed;
    second.chunkSize = 400;
    second.dripMs = 5;
    if (stallAt > 0) {
        second.stallAtBytes = stallAt;
        second.stallMs = -1;
    }
    m_api->server()->addRule(second);
}

void TestConversationSession::openWithTool(ConversationSession &session, const ToolDefinition &def,
                                           const QString &path)
{
    QFile::remove(path);
    const ConversationStore::OpenResult opened =
        session.create(path, m_api->filePath(u"journals"_s));
    QVERIFY2(opened.ok, qPrintable(opened.errorString));
    ToolSetup setup;
    setup.localTools = {def};
    session.setToolSetup(setup);
    session.setApprover(&m_approver);
}

QString TestConversationSession::crashCopy(const ConversationSession &session,
                                           QTemporaryDir &into) const
{
    const QString journals = m_api->filePath(u"journals"_s);
    const QString journal = Journal::pathFor(journals, session.conversation()->id());
    QDir().mkpath(into.filePath(u"journals"_s));
    const QString copy = into.filePath(u"c.claudette"_s);
    QFile::copy(session.store()->path(), copy);
    if (QFile::exists(journal))
        QFile::copy(journal, into.filePath(u"journals/"_s) + QFileInfo(journal).fileName());
    return copy;
}

void TestConversationSession::plainReplyInMemory()
{
    m_api->server()->addRule(FakeApiServer::streamRule(SseBuilder::textReply(u"Hi there"_s)));
    ConversationSession session(m_api->client());
    session.openInMemory();
    QSignalSpy started(&session, &ConversationSession::replyStarted);
    QSignalSpy finished(&session, &ConversationSession::finished);
    QVERIFY(!session.usesTools());
    QVERIFY(session.send(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, "Hi"_L1}}}));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(finished.at(0).at(0).value<ConversationSession::Outcome>(),
             ConversationSession::Outcome::Completed);
    QCOMPARE(started.count(), 1);
    const Conversation *c = session.conversation();
    QCOMPARE(c->turnCount(), 2);
    QCOMPARE(c->turn(c->currentLeaf()).plainText(), u"Hi there"_s);
    QVERIFY(!session.send(QJsonArray{}));
}

void TestConversationSession::toolLoopOfTwoStepsBecomesTurns()
{
    serveToolThenText(u"echoer"_s, 0);
    ConversationSession session(m_api->client());
    openWithTool(session, tool(u"echoer"_s, {u"echo"_s, u"echoed"_s}),
                 m_api->filePath(u"t.claudette"_s));
    QSignalSpy replies(&session, &ConversationSession::replyFinished);
    QSignalSpy steps(&session, &ConversationSession::stepStarted);
    QSignalSpy finished(&session, &ConversationSession::finished);
    QVERIFY(session.usesTools());
    QVERIFY(session.send(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, "Go"_L1}}}));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.at(0).at(0).value<ConversationSession::Outcome>(),
             ConversationSession::Outcome::Completed);
    QCOMPARE(steps.count(), 2);
    QCOMPARE(replies.count(), 2);
    QCOMPARE(m_approver.asked().size(), 1);

    const Conversation *c = session.conversation();
    const QStringList branch = c->currentBranch();
    QCOMPARE(branch.size(), 4); // prompt, tool_use, tool_result, answer
    const Turn use = c->turn(branch.at(1));
    QCOMPARE(use.status, TurnStatus::Complete);
    QCOMPARE(use.content.at(1)["type"_L1].toString(), u"tool_use"_s);
    QVERIFY(!use.requestId.isEmpty());
    QVERIFY(use.params.contains("max_tokens"_L1));
    const QJsonObject result = c->turn(branch.at(2)).content.at(0).toObject();
    QCOMPARE(result["type"_L1].toString(), u"tool_result"_s);
    QCOMPARE(resultText(result).trimmed(), u"echoed"_s);
    const Turn answer = c->turn(branch.at(3));
    QCOMPARE(answer.status, TurnStatus::Complete);
    QCOMPARE(answer.plainText(), longText());
    // Step 2 sent the tool result after the tool_use.
    const QJsonArray sent =
        m_api->server()->requests().constLast().json().object()["messages"_L1].toArray();
    QCOMPARE(sent.size(), 3);
    QCOMPARE(sent.at(2)["content"_L1][0]["type"_L1].toString(), u"tool_result"_s);
    // Both journals are gone once their turns were saved.
    const QString journal =
        Journal::pathFor(m_api->filePath(u"journals"_s), session.conversation()->id());
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(journal), 5000);
}

void TestConversationSession::crashDuringStepTwoRestoresIt_data()
{
    // The file as it is at the crash; as it was before step 1 began (the prompt only); as it was
    // when step 1 had begun streaming. In the last two the step 2 journal's header brings step 1
    // and the tool results back.
    QTest::addColumn<int>("fileFrom");
    QTest::newRow("file up to date") << 0;
    QTest::newRow("file holds the prompt only") << 1;
    QTest::newRow("file holds step 1 streaming") << 2;
}

void TestConversationSession::crashDuringStepTwoRestoresIt()
{
    QFETCH(int, fileFrom);
    serveToolThenText(u"echoer"_s, 6000);
    ConversationSession session(m_api->client());
    openWithTool(session, tool(u"echoer"_s, {u"echo"_s, u"echoed"_s}),
                 m_api->filePath(u"c.claudette"_s));
    QByteArray earlyFile;
    const auto keepFile = [&] {
        session.store()->waitForSaved();
        QFile f(session.store()->path());
        if (f.open(QIODevice::ReadOnly))
            earlyFile = f.readAll();
    };
    connect(&session, &ConversationSession::started, this, [&] {
        if (fileFrom == 1)
            keepFile();
    });
    QString streamed;
    connect(&session, &ConversationSession::stepStarted, this, [&](int step) {
        streamed.clear(); // what step 2 streams
        if (step == 1 && fileFrom == 2)
            keepFile();
    });
    connect(&session, &ConversationSession::textAppended, this,
            [&](const QString &, int, const QString &delta) { streamed += delta; });
    QVERIFY(session.send(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, "Go"_L1}}}));
    const QString journal =
        Journal::pathFor(m_api->filePath(u"journals"_s), session.conversation()->id());
    // Step 2 stalls after 6,000 bytes; wait until its journal holds them (flush <= 250 ms).
    QTRY_VERIFY_WITH_TIMEOUT(QFile(journal).size() > 4000 && session.step() == 2, 20000);
    QTest::qWait(300);

    QTemporaryDir crashed;
    const QString copy = crashCopy(session, crashed);
    if (fileFrom != 0) {
        QVERIFY(!earlyFile.isEmpty());
        QFile f(copy);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(earlyFile);
    }
    ConversationSession reopened(m_api->client());
    const ConversationStore::OpenResult result =
        reopened.open(copy, crashed.filePath(u"journals"_s));
    QVERIFY2(result.ok, qPrintable(result.errorString));
    QVERIFY(result.replayedJournal);
    const Conversation *c = reopened.conversation();
    const QStringList branch = c->currentBranch();
    QCOMPARE(branch.size(), 4);
    QCOMPARE(c->turn(branch.at(1)).status, TurnStatus::Complete);
    QCOMPARE(c->turn(branch.at(1)).content.at(1)["type"_L1].toString(), u"tool_use"_s);
    QCOMPARE(resultText(c->turn(branch.at(2)).content.at(0).toObject()).trimmed(), u"echoed"_s);
    const Turn step2 = c->turn(branch.at(3));
    QCOMPARE(step2.status, TurnStatus::Interrupted);
    const QString restored = step2.plainText();
    QVERIFY2(restored.size() > 200, qPrintable(restored));
    QVERIFY(streamed.startsWith(restored));
    QVERIFY(longText().startsWith(restored));
    reopened.close();
    session.stop();
}

void TestConversationSession::crashWhileToolRunsAnswersTheCall()
{
    serveToolThenText(u"sleeper"_s, 0);
    ConversationSession session(m_api->client());
    const QString marker = m_api->filePath(u"ran"_s);
    openWithTool(
        session,
        tool(u"sleeper"_s, {u"sh"_s, u"-c"_s, u"echo x >> '"_s + marker + u"'; sleep 30"_s}),
        m_api->filePath(u"s.claudette"_s));
    QSignalSpy calls(&session, &ConversationSession::toolCallStarted);
    QVERIFY(session.send(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, "Go"_L1}}}));
    QTRY_COMPARE_WITH_TIMEOUT(calls.count(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(marker), 10000);
    session.store()->waitForSaved();

    QTemporaryDir crashed;
    const QString copy = crashCopy(session, crashed);
    session.stop();
    ConversationSession reopened(m_api->client());
    QVERIFY(reopened.open(copy, crashed.filePath(u"journals"_s)).ok);
    const Conversation *c = reopened.conversation();
    QStringList branch = c->currentBranch();
    QCOMPARE(branch.size(), 3); // prompt, tool_use, the answer to it
    const QJsonObject answer = c->turn(branch.at(2)).content.at(0).toObject();
    QCOMPARE(answer["type"_L1].toString(), u"tool_result"_s);
    QCOMPARE(answer["tool_use_id"_L1].toString(), u"toolu_1"_s);
    QCOMPARE(answer["is_error"_L1].toBool(), true);
    QCOMPARE(resultText(answer), u"Not run (interrupted)."_s);

    // The next request is valid (the call answered) and nothing runs again unasked.
    m_api->server()->clearRules();
    m_api->server()->addRule(FakeApiServer::streamRule(SseBuilder::textReply(u"Sorry."_s)));
    FixedToolApprover approver(ToolApprover::Decision::AllowOnce);
    ToolSetup setup;
    setup.localTools = {tool(u"sleeper"_s, {u"true"_s})};
    reopened.setToolSetup(setup);
    reopened.setApprover(&approver);
    QSignalSpy finished(&reopened, &ConversationSession::finished);
    QVERIFY(
        reopened.send(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, "Again"_L1}}}));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    const QJsonArray sent =
        m_api->server()->requests().constLast().json().object()["messages"_L1].toArray();
    QCOMPARE(sent.at(1)["content"_L1][1]["type"_L1].toString(), u"tool_use"_s);
    QCOMPARE(sent.at(2)["content"_L1][0]["tool_use_id"_L1].toString(), u"toolu_1"_s);
    QVERIFY(approver.asked().isEmpty());
    QFile ran(marker);
    QVERIFY(ran.open(QIODevice::ReadOnly));
    QCOMPARE(ran.readAll(), QByteArray("x\n"));
}

void TestConversationSession::countTokensBodyIsTheExactRequest()
{
    ConversationSession session(m_api->client());
    session.openInMemory();
    ToolSetup setup;
    setup.localTools = {tool(u"echoer"_s, {u"echo"_s})};
    session.setToolSetup(setup);
    session.chat()->setTemperature(0.5);
    QString problem;
    const MessageRequest request = session.buildRequest(
        QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, "Count"_L1}}}, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QJsonObject body = request.countTokensBody();
    QCOMPARE(body["tools"_L1][0]["name"_L1].toString(), u"echoer"_s);
    QCOMPARE(body["messages"_L1].toArray().size(), 1);
    QVERIFY(!body.contains("max_tokens"_L1));
    QVERIFY(!body.contains("temperature"_L1));
    QCOMPARE(body["model"_L1], request.toJson()["model"_L1]);

    m_api->server()->addRule(
        QJsonObject{{"match"_L1, QJsonObject{{"path"_L1, "/v1/messages/count_tokens"_L1}}},
                    {"body"_L1, "{\"input_tokens\": 42}"_L1}});
    MessageRequest beta = request;
    beta.addBeta(u"test-beta-1"_s);
    ApiCall *call = m_api->client()->countTokens(beta);
    QSignalSpy done(call, &ApiCall::finished);
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 10000);
    const FakeApiServer::Request sent = m_api->server()->requests().constLast();
    QCOMPARE(sent.json().object(), body);
    QVERIFY(sent.header("anthropic-beta").contains("test-beta-1"));
}

QTEST_GUILESS_MAIN(TestConversationSession)
#include "tst_conversationsession.moc"
