#include "core/store/conversation.h"
#include "gui/transcript/transcriptmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace claudette;

namespace {
QJsonArray textContent(const QString &text)
{
    return {QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, text}}};
}
} // namespace

class TestTranscriptModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rolesStartAfterUserRole();
    void appendInsertsOneRow();
    void streamingUpdatesAreCoalesced();
    void statusChangeNamesItsRoles();
    void branchSwitchRemovesAndInsertsOnlyTheTail();
    void replacingTheConversationResets();
    void deletedConversationEmptiesTheModel();
};

void TestTranscriptModel::rolesStartAfterUserRole()
{
    TranscriptModel model;
    const auto names = model.roleNames();
    QCOMPARE(int(TranscriptModel::IdRole), Qt::UserRole + 1);
    QCOMPARE(names.value(TranscriptModel::ContentRole), QByteArray("content"));
    QCOMPARE(names.value(TranscriptModel::SiblingCountRole), QByteArray("siblingCount"));
    // No two roles share a number or a name.
    QCOMPARE(QSet<QByteArray>(names.cbegin(), names.cend()).size(), names.size());
}

void TestTranscriptModel::appendInsertsOneRow()
{
    Conversation conversation;
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConversation(&conversation);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const QString user = conversation.appendUserTurn(textContent(u"Hello"_s));
    const QString reply = conversation.beginAssistantTurn(u"claude-x"_s, {});
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0).data(TranscriptModel::IdRole).toString(), user);
    QCOMPARE(model.index(0).data(TranscriptModel::TurnRoleRole).toString(), u"user"_s);
    QCOMPARE(model.index(0).data(TranscriptModel::MarkdownRole).toString(), u"Hello"_s);
    QCOMPARE(model.index(1).data(TranscriptModel::IdRole).toString(), reply);
    QCOMPARE(model.index(1).data(TranscriptModel::StatusRole).toInt(), int(TurnStatus::Streaming));
    QCOMPARE(model.index(1).data(TranscriptModel::ModelRole).toString(), u"claude-x"_s);
    QCOMPARE(model.rowOf(reply), 1);
}

void TestTranscriptModel::streamingUpdatesAreCoalesced()
{
    Conversation conversation;
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConversation(&conversation);
    conversation.appendUserTurn(textContent(u"Hi"_s));
    const QString reply = conversation.beginAssistantTurn(u"m"_s, {});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const qint64 revision = model.index(1).data(TranscriptModel::RevisionRole).toLongLong();
    QString text;
    for (int i = 0; i < 50; ++i) {
        text += u"word "_s;
        conversation.setTurnContent(reply, textContent(text));
    }
    QCOMPARE(changed.size(), 0); // nothing before the 16 ms timer fires
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(reset.size(), 0);
    const QList<QVariant> args = changed.first();
    QCOMPARE(args.at(0).toModelIndex().row(), 1);
    QCOMPARE(args.at(1).toModelIndex().row(), 1);
    const auto roles = args.at(2).value<QList<int>>();
    QVERIFY(roles.contains(TranscriptModel::ContentRole));
    QVERIFY(roles.contains(TranscriptModel::RevisionRole));
    QVERIFY(!roles.contains(TranscriptModel::StatusRole));
    QVERIFY(model.index(1).data(TranscriptModel::RevisionRole).toLongLong() > revision);
    QCOMPARE(model.index(1).data(TranscriptModel::MarkdownRole).toString(), text);
}

void TestTranscriptModel::statusChangeNamesItsRoles()
{
    Conversation conversation;
    TranscriptModel model;
    model.setConversation(&conversation);
    conversation.appendUserTurn(textContent(u"Hi"_s));
    const QString reply = conversation.beginAssistantTurn(u"m"_s, {});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    TurnError error;
    error.kind = u"http"_s;
    error.type = u"overloaded_error"_s;
    error.message = u"Overloaded"_s;
    error.httpStatus = 529;
    error.requestId = u"req_1"_s;
    conversation.finishAssistantTurn(reply, TurnStatus::Error, {}, error);
    model.flush();
    QCOMPARE(changed.size(), 1);
    const auto roles = changed.first().at(2).value<QList<int>>();
    QVERIFY(roles.contains(TranscriptModel::StatusRole));
    QVERIFY(roles.contains(TranscriptModel::ErrorRole));
    const QVariantMap map = model.index(1).data(TranscriptModel::ErrorRole).toMap();
    QCOMPARE(map.value(u"type"_s).toString(), u"overloaded_error"_s);
    QCOMPARE(map.value(u"requestId"_s).toString(), u"req_1"_s);
    QCOMPARE(model.index(1).data(TranscriptModel::StatusTextRole).toString(),
             u"Error: Overloaded"_s);
}

void TestTranscriptModel::branchSwitchRemovesAndInsertsOnlyTheTail()
{
    Conversation conversation;
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConversation(&conversation);
    const QString u1 = conversation.appendUserTurn(textContent(u"one"_s));
    const QString a1 = conversation.beginAssistantTurn(u"m"_s, {});
    conversation.finishAssistantTurn(a1, TurnStatus::Complete, {});
    const QString u2 = conversation.appendUserTurn(textContent(u"two"_s));
    const QString a2 = conversation.beginAssistantTurn(u"m"_s, {});
    conversation.finishAssistantTurn(a2, TurnStatus::Complete, {});
    QCOMPARE(model.rowCount(), 4);

    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    // Edit the second user turn: a sibling of u2 under a1.
    const QString u2b = conversation.appendUserTurn(textContent(u"two, edited"_s), a1);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 2); // rows 2..3 (u2, a2) went
    QCOMPARE(removed.first().at(2).toInt(), 3);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 2);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.idAt(2), u2b);
    QCOMPARE(model.index(2).data(TranscriptModel::SiblingCountRole).toInt(), 2);
    QCOMPARE(model.index(2).data(TranscriptModel::SiblingIndexRole).toInt(), 1);
    QCOMPARE(model.index(0).data(TranscriptModel::IdRole).toString(), u1);

    // Back to the first version: its reply comes back too.
    QVERIFY(conversation.selectSibling(u2b, 0));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.idAt(2), u2);
    QCOMPARE(model.idAt(3), a2);
    QCOMPARE(reset.size(), 0);
}

void TestTranscriptModel::replacingTheConversationResets()
{
    Conversation first;
    first.appendUserTurn(textContent(u"a"_s));
    Conversation second;
    second.appendUserTurn(textContent(u"b"_s));
    second.appendUserTurn(textContent(u"c"_s));
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConversation(&first);
    QCOMPARE(model.rowCount(), 1);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setConversation(&second);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1).data(TranscriptModel::MarkdownRole).toString(), u"c"_s);
}

void TestTranscriptModel::deletedConversationEmptiesTheModel()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    {
        Conversation conversation;
        conversation.appendUserTurn(textContent(u"a"_s));
        model.setConversation(&conversation);
        QCOMPARE(model.rowCount(), 1);
    }
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.index(0).isValid());
}

QTEST_MAIN(TestTranscriptModel)
#include "tst_transcriptmodel.moc"
