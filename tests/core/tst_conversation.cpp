#include "core/store/conversation.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace claudette;
using namespace Qt::StringLiterals;

namespace {
QJsonArray text(const QString &t)
{
    return QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, t}}};
}
} // namespace

class TestConversation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void linearBranch();
    void editMakesSibling();
    void regenerateAndSwitch();
    void selectSiblingFollowsMostRecentLeaf();
    void selectSiblingOutOfRange();
    void streamingLifecycle_data();
    void streamingLifecycle();
    void snapshotCopiesOnlyTheChangedTurn_data();
    void snapshotCopiesOnlyTheChangedTurn();
    void messagesSkipErrorTurns();
    void attachmentsStoredOnceAndExpanded();
    void titleFromFirstPrompt_data();
    void titleFromFirstPrompt();
    void renameKeepsTitle();
    void settingsSignals();
};

void TestConversation::linearBranch()
{
    Conversation c;
    QSignalSpy appended(&c, &Conversation::turnAppended);
    QSignalSpy branch(&c, &Conversation::currentBranchChanged);
    const QString u1 = c.appendUserTurn(text(u"hello"_s));
    const QString a1 = c.beginAssistantTurn(u"claude-sonnet-4-5"_s, {});
    c.finishAssistantTurn(a1, TurnStatus::Complete,
                          QJsonObject{{"content"_L1, text(u"hi"_s)},
                                      {"stop_reason"_L1, "end_turn"_L1},
                                      {"usage"_L1, QJsonObject{{"output_tokens"_L1, 3}}}});
    QCOMPARE(appended.size(), 2);
    QCOMPARE(branch.size(), 0);
    QCOMPARE(c.currentBranch(), (QStringList{u1, a1}));
    QCOMPARE(c.turn(a1).parentId, u1);
    QCOMPARE(c.turn(a1).stopReason, u"end_turn"_s);
    QCOMPARE(c.turn(a1).usage.value("output_tokens"_L1).toInt(), 3);
    QVERIFY(c.turn(a1).finished.isValid());
    QCOMPARE(c.siblingCount(u1), 1);
    QCOMPARE(c.siblingIndex(u1), 0);
}

void TestConversation::editMakesSibling()
{
    Conversation c;
    const QString u1 = c.appendUserTurn(text(u"one"_s));
    const QString a1 = c.beginAssistantTurn(u"m"_s, {});
    c.finishAssistantTurn(a1, TurnStatus::Complete);
    const QString u2 = c.appendUserTurn(text(u"two"_s));
    QSignalSpy branch(&c, &Conversation::currentBranchChanged);
    QSignalSpy appended(&c, &Conversation::turnAppended);
    // Edit u2: a sibling under a1.
    const QString u2b = c.appendUserTurn(text(u"two, edited"_s), c.turn(u2).parentId);
    QCOMPARE(branch.size(), 1);
    QCOMPARE(appended.size(), 0);
    QCOMPARE(c.currentBranch(), (QStringList{u1, a1, u2b}));
    QCOMPARE(c.siblingCount(u2b), 2);
    QCOMPARE(c.siblingIndex(u2b), 1);
    QCOMPARE(c.siblingIndex(u2), 0);
    QVERIFY(c.contains(u2)); // nothing destroyed
    // Edit the root: a second root.
    const QString r2 = c.appendUserTurn(text(u"other start"_s), QString());
    QCOMPARE(c.currentBranch(), QStringList{r2});
    QCOMPARE(c.siblingCount(u1), 2);
    QCOMPARE(c.children(QString()), (QStringList{u1, r2}));
}

void TestConversation::regenerateAndSwitch()
{
    Conversation c;
    const QString u1 = c.appendUserTurn(text(u"q"_s));
    const QString a1 = c.beginAssistantTurn(u"m"_s, {});
    c.finishAssistantTurn(a1, TurnStatus::Complete, {{"content"_L1, text(u"first"_s)}});
    const QString a2 = c.beginAssistantTurn(u"m"_s, {}, u1);
    c.finishAssistantTurn(a2, TurnStatus::Complete, {{"content"_L1, text(u"second"_s)}});
    QCOMPARE(c.currentBranch(), (QStringList{u1, a2}));
    QCOMPARE(c.siblingCount(a1), 2);
    QSignalSpy branch(&c, &Conversation::currentBranchChanged);
    QVERIFY(c.selectSibling(a2, 0));
    QCOMPARE(branch.size(), 1);
    QCOMPARE(c.currentBranch(), (QStringList{u1, a1}));
    QCOMPARE(c.messagesForApi().last().toObject().value("content"_L1).toArray(), text(u"first"_s));
}

void TestConversation::selectSiblingFollowsMostRecentLeaf()
{
    Conversation c;
    const QString u1 = c.appendUserTurn(text(u"q"_s));
    const QString a1 = c.beginAssistantTurn(u"m"_s, {});
    c.finishAssistantTurn(a1, TurnStatus::Complete);
    const QString u2 = c.appendUserTurn(text(u"deeper"_s));
    const QString a2 = c.beginAssistantTurn(u"m"_s, {});
    c.finishAssistantTurn(a2, TurnStatus::Complete);
    // Regenerate a1 as a1b, then come back: the branch under a1 ends at a2 again.
    const QString a1b = c.beginAssistantTurn(u"m"_s, {}, u1);
    QCOMPARE(c.currentBranch(), (QStringList{u1, a1b}));
    QVERIFY(c.selectSibling(a1b, 0));
    QCOMPARE(c.currentBranch(), (QStringList{u1, a1, u2, a2}));
    // Inside a1's subtree, switch u2 to an edited sibling, go away and back.
    const QString u2b = c.appendUserTurn(text(u"edited"_s), a1);
    QVERIFY(c.selectSibling(a1, 1));
    QCOMPARE(c.currentLeaf(), a1b);
    QVERIFY(c.selectSibling(a1b, 0));
    QCOMPARE(c.currentBranch(), (QStringList{u1, a1, u2b}));
}

void TestConversation::selectSiblingOutOfRange()
{
    Conversation c;
    const QString u1 = c.appendUserTurn(text(u"q"_s));
    QVERIFY(!c.selectSibling(u1, 1));
    QVERIFY(!c.selectSibling(u1, -1));
    QVERIFY(!c.selectSibling(u"nope"_s, 0));
    QCOMPARE(c.currentBranch(), QStringList{u1});
}

void TestConversation::streamingLifecycle_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("complete") << int(TurnStatus::Complete);
    QTest::newRow("stopped") << int(TurnStatus::Stopped);
    QTest::newRow("interrupted") << int(TurnStatus::Interrupted);
    QTest::newRow("error") << int(TurnStatus::Error);
}

void TestConversation::streamingLifecycle()
{
    QFETCH(int, status);
    Conversation c;
    c.appendUserTurn(text(u"q"_s));
    const QJsonObject params{{"max_tokens"_L1, 1024}};
    const QString a = c.beginAssistantTurn(u"claude-opus-4-5"_s, params);
    QCOMPARE(c.turn(a).status, TurnStatus::Streaming);
    QCOMPARE(c.turn(a).params, params);
    QSignalSpy changed(&c, &Conversation::turnChanged);
    c.setTurnContent(a, text(u"par"_s));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().first().toString(), a);
    TurnError err;
    if (TurnStatus(status) == TurnStatus::Error)
        err = TurnError{u"http"_s, u"overloaded_error"_s, u"Overloaded"_s, 529, u"req_1"_s};
    c.finishAssistantTurn(a, TurnStatus(status), {}, err);
    c.setTurnCost(a, 0.0123);
    const Turn t = c.turn(a);
    QCOMPARE(t.status, TurnStatus(status));
    QCOMPARE(t.content, text(u"par"_s)); // an empty message keeps what streamed
    QCOMPARE(t.error, err);
    QCOMPARE(t.costUsd.value_or(0), 0.0123);
    if (TurnStatus(status) == TurnStatus::Error)
        QCOMPARE(t.requestId, u"req_1"_s);
}

void TestConversation::snapshotCopiesOnlyTheChangedTurn_data()
{
    QTest::addColumn<QString>("change");
    QTest::newRow("content") << u"content"_s;
    QTest::newRow("finish") << u"finish"_s;
    QTest::newRow("cost") << u"cost"_s;
    QTest::newRow("request id") << u"request id"_s;
}

void TestConversation::snapshotCopiesOnlyTheChangedTurn()
{
    // An autosave snapshot shares every turn with the conversation; a change afterwards copies
    // the turn it changes and leaves the snapshot as it was.
    QFETCH(QString, change);
    Conversation c;
    for (int i = 0; i < 50; ++i)
        c.appendUserTurn(text(u"question %1"_s.arg(i)));
    const QString a = c.beginAssistantTurn(u"claude-sonnet-4-5"_s, {});
    c.setTurnContent(a, text(u"part"_s));
    const ConversationData snapshot = c.data();
    const qsizetype changed = snapshot.turns.size() - 1;
    QCOMPARE(snapshot.turns.at(changed).id, a);
    if (change == "content"_L1)
        c.setTurnContent(a, text(u"partial reply"_s));
    else if (change == "finish"_L1)
        c.finishAssistantTurn(a, TurnStatus::Complete);
    else if (change == "cost"_L1)
        c.setTurnCost(a, 0.5);
    else
        c.setTurnRequestId(a, u"req_2"_s);
    const ConversationData now = c.data();
    QCOMPARE(now.turns.size(), snapshot.turns.size());
    for (qsizetype i = 0; i < now.turns.size(); ++i) {
        if (i == changed)
            QVERIFY(&now.turns.at(i) != &snapshot.turns.at(i));
        else
            QCOMPARE(&now.turns.at(i), &snapshot.turns.at(i)); // the same object, not a copy
    }
    // The snapshot still holds the turn as it was when taken.
    const Turn before = snapshot.turns.at(changed);
    QCOMPARE(before.content, text(u"part"_s));
    QCOMPARE(before.status, TurnStatus::Streaming);
    QVERIFY(!before.costUsd);
    QVERIFY(before.requestId.isEmpty());
    QVERIFY(!(c.turn(a).content == before.content && c.turn(a).status == before.status &&
              c.turn(a).costUsd == before.costUsd && c.turn(a).requestId == before.requestId));
    // Iterating reads every turn in order.
    qsizetype n = 0;
    for (const Turn &t : snapshot.turns)
        QCOMPARE(t.id, snapshot.turns.at(n++).id);
    QCOMPARE(n, snapshot.turns.size());
    QCOMPARE(snapshot.turns.last().id, a);
}

void TestConversation::messagesSkipErrorTurns()
{
    Conversation c;
    c.appendUserTurn(text(u"q"_s));
    const QString bad = c.beginAssistantTurn(u"m"_s, {});
    c.setTurnContent(bad, text(u"partial before the error"_s));
    c.finishAssistantTurn(bad, TurnStatus::Error, {},
                          TurnError{u"stream"_s, u"overloaded_error"_s, u"x"_s, 200, {}});
    c.appendUserTurn(text(u"again"_s));
    const QString empty = c.beginAssistantTurn(u"m"_s, {});
    c.finishAssistantTurn(empty, TurnStatus::Stopped);
    const QJsonArray messages = c.messagesForApi();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).toObject().value("role"_L1).toString(), u"user"_s);
    QCOMPARE(messages.at(1).toObject().value("content"_L1).toArray(), text(u"again"_s));
}

void TestConversation::attachmentsStoredOnceAndExpanded()
{
    Conversation c;
    const QByteArray png = QByteArray("\x89PNG\r\n\x1a\nfake image bytes").toBase64();
    const QJsonObject image{{"type"_L1, "image"_L1},
                            {"source"_L1, QJsonObject{{"type"_L1, "base64"_L1},
                                                      {"media_type"_L1, "image/png"_L1},
                                                      {"data"_L1, QString::fromLatin1(png)}}}};
    const QJsonObject toolResult{{"type"_L1, "tool_result"_L1},
                                 {"tool_use_id"_L1, "t1"_L1},
                                 {"content"_L1, QJsonArray{image}}};
    c.appendUserTurn(QJsonArray{image, text(u"what is it?"_s).first()});
    c.appendUserTurn(QJsonArray{image, toolResult});
    QCOMPARE(c.attachments().size(), 1);
    const QString sha = c.attachments().keys().first();
    QCOMPARE(sha.size(), 64);
    // Stored content refers to the table, everywhere.
    const QJsonArray stored = c.turn(c.currentLeaf()).content;
    QCOMPARE(stored.at(0).toObject().value("source"_L1).toObject(),
             (QJsonObject{{"type"_L1, "attachment"_L1}, {"sha256"_L1, sha}}));
    QCOMPARE(stored.at(1)
                 .toObject()
                 .value("content"_L1)
                 .toArray()
                 .at(0)
                 .toObject()
                 .value("source"_L1)
                 .toObject()
                 .value("type"_L1)
                 .toString(),
             u"attachment"_s);
    // Sent content has the base64 back, byte for byte.
    const QJsonArray sent = c.messagesForApi();
    QCOMPARE(sent.at(0).toObject().value("content"_L1).toArray().at(0).toObject(), image);
    QCOMPARE(sent.at(1).toObject().value("content"_L1).toArray().at(1).toObject(), toolResult);
}

void TestConversation::titleFromFirstPrompt_data()
{
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<QString>("title");
    QTest::newRow("short") << u"  Explain   QSaveFile\n please "_s << u"Explain QSaveFile please"_s;
    QTest::newRow("long") << u"word "_s.repeated(30) << (u"word "_s.repeated(12).trimmed() + u'…');
    QTest::newRow("empty") << QString() << QString();
}

void TestConversation::titleFromFirstPrompt()
{
    QFETCH(QString, prompt);
    QFETCH(QString, title);
    Conversation c;
    QSignalSpy spy(&c, &Conversation::titleChanged);
    c.appendUserTurn(text(prompt));
    QCOMPARE(c.title(), title);
    QCOMPARE(spy.size(), title.isEmpty() ? 0 : 1);
    c.appendUserTurn(text(u"second prompt"_s));
    QCOMPARE(c.title(), title.isEmpty() ? u"second prompt"_s : title);
}

void TestConversation::renameKeepsTitle()
{
    Conversation c;
    c.setTitle(u"Mine"_s);
    c.appendUserTurn(text(u"a prompt"_s));
    QCOMPARE(c.title(), u"Mine"_s);
}

void TestConversation::settingsSignals()
{
    Conversation c;
    QSignalSpy settings(&c, &Conversation::settingsChanged);
    QSignalSpy changed(&c, &Conversation::changed);
    c.setSetting(u"model"_s, u"claude-haiku-4-5"_s);
    c.setSetting(u"model"_s, u"claude-haiku-4-5"_s); // no change, no signal
    c.setSetting(u"future_key"_s, QJsonObject{{"a"_L1, 1}});
    QCOMPARE(settings.size(), 2);
    QCOMPARE(changed.size(), 2);
    c.setSetting(u"future_key"_s, QJsonValue(QJsonValue::Undefined));
    QVERIFY(!c.settings().contains("future_key"_L1));
    c.setDraft(QJsonObject{{"text"_L1, "unsent"_L1}});
    QCOMPARE(c.draft().value("text"_L1).toString(), u"unsent"_s);
}

QTEST_GUILESS_MAIN(TestConversation)
#include "tst_conversation.moc"
