#include "core/api/client.h"
#include "core/store/conversation.h"
#include "core/store/conversationfile.h"
#include "core/util/apppaths.h"
#include "gui/composer/prompteditor.h"
#include "gui/controller/conversationcontroller.h"
#include "gui/windows/mainwindow.h"
#include "support/fakeapirig.h"
#include "support/fakeapiserver.h"
#include "support/testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace claudette;
using claudette::test::FakeApiRig;
using claudette::test::FakeApiServer;

/// The composer's unsent text and attachments survive a quit, a crash (written within 400 ms), and
/// switching conversations; a corrupt draft file is set aside with a clear message.
class TestComposerDraft : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void newConversationDraftSurvivesARestart();
    void quittingWritesTheDraftAtOnce();
    void draftGoesWithTheConversationItStartsAndStaysPerConversation();
    void corruptDraftFileIsSetAsideWithAMessage();
    void attachmentChangesReachTheConversationDraftBetweenTextEdits();

private:
    void start();
    void stop();
    void answerMessagesWithAShortReply();
    PromptEditor *composer() const { return m_window->promptEditor(); }
    QString draftFile() const { return AppPaths(m_api->root()).draftFile(); }

    std::unique_ptr<FakeApiRig> m_api;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<ConversationController> m_controller;
};

void TestComposerDraft::init()
{
    m_api = std::make_unique<FakeApiRig>();
    QVERIFY2(m_api->isReady(), qPrintable(m_api->errorString()));
    start();
}

void TestComposerDraft::cleanup()
{
    stop();
    m_api.reset();
}

void TestComposerDraft::start()
{
    m_window = std::make_unique<MainWindow>();
    m_controller = std::make_unique<ConversationController>(m_window.get(), m_api->client(),
                                                            AppPaths(m_api->root()));
    m_window->show();
}

void TestComposerDraft::stop()
{
    m_controller.reset();
    m_window.reset();
}

// Every POST /v1/messages streams a short recorded reply.
void TestComposerDraft::answerMessagesWithAShortReply()
{
    m_api->server()->addRule(
        FakeApiServer::streamRule(test::readData(u"sse/plain_text_short__pydantic-ai.sse"_s), -1));
}

void TestComposerDraft::newConversationDraftSurvivesARestart()
{
    QImage image(40, 30, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    composer()->setText(u"half a thought"_s);
    QVERIFY(composer()->addImage(image, u"plot.png"_s));
    const QByteArray bytes = composer()->attachments().constFirst().data;
    // Written within the debounce, with no quit needed (a crash after this keeps it).
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(draftFile()), 2000);

    stop();
    start();
    QCOMPARE(composer()->text(), u"half a thought"_s);
    QCOMPARE(composer()->attachments().size(), 1);
    QCOMPARE(composer()->attachments().constFirst().data, bytes);
    QCOMPARE(composer()->attachments().constFirst().name, u"plot.png"_s);
    QCOMPARE(composer()->attachments().constFirst().imageSize, QSize(40, 30));

    // Emptying the composer removes the draft file.
    composer()->clear();
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(draftFile()), 2000);
}

void TestComposerDraft::quittingWritesTheDraftAtOnce()
{
    composer()->setText(u"typed just before quitting"_s);
    stop(); // no event loop turn in between
    QFile file(draftFile());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(file.readAll()).object().value("text"_L1).toString(),
             u"typed just before quitting"_s);
}

void TestComposerDraft::draftGoesWithTheConversationItStartsAndStaysPerConversation()
{
    answerMessagesWithAShortReply();

    composer()->setText(u"first question"_s);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(draftFile()), 2000);
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    QVERIFY(m_controller->send(composer()->text(), composer()->attachments()));
    // Sent: the new-conversation draft is gone and the composer is empty.
    QVERIFY(!QFile::exists(draftFile()));
    QVERIFY(composer()->text().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    const QString path = m_controller->currentPath();
    QVERIFY(!path.isEmpty());

    // A draft in this conversation, with a text file attached.
    const QString notes = QDir(m_api->root()).filePath(u"notes.txt"_s);
    QFile text(notes);
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("some notes\n");
    text.close();
    composer()->setText(u"follow-up in progress"_s);
    QCOMPARE(composer()->addFiles({QUrl::fromLocalFile(notes)}), 1);

    // A new conversation starts with its own (empty) draft; going back restores the first one.
    m_controller->newConversation();
    QVERIFY(composer()->text().isEmpty());
    QVERIFY(composer()->attachments().isEmpty());
    composer()->setText(u"another idea"_s);
    QVERIFY(m_controller->openFile(path));
    QCOMPARE(composer()->text(), u"follow-up in progress"_s);
    QCOMPARE(composer()->attachments().size(), 1);
    QCOMPARE(composer()->attachments().constFirst().name, u"notes.txt"_s);

    // The conversation's file holds the draft after quitting; the new one's draft is in its file.
    stop();
    const ConversationFile::LoadResult loaded = ConversationFile::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorString));
    const QJsonObject draft = loaded.data->draft;
    QCOMPARE(draft.value("text"_L1).toString(), u"follow-up in progress"_s);
    QCOMPARE(draft.value("content"_L1).toArray().size(), 1);
    QFile newDraft(draftFile());
    QVERIFY(newDraft.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(newDraft.readAll()).object().value("text"_L1).toString(),
             u"another idea"_s);

    start();
    QCOMPARE(composer()->text(), u"another idea"_s);
    QVERIFY(m_controller->openFile(path));
    QCOMPARE(composer()->text(), u"follow-up in progress"_s);
    QCOMPARE(composer()->attachments().constFirst().data, QByteArray("some notes\n"));
}

void TestComposerDraft::corruptDraftFileIsSetAsideWithAMessage()
{
    stop();
    QFile file(draftFile());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"text\": \"cut off");
    file.close();

    m_window = std::make_unique<MainWindow>();
    m_controller = std::make_unique<ConversationController>(m_window.get(), m_api->client(),
                                                            AppPaths(m_api->root()));
    QVERIFY(m_controller->lastError().contains(u"could not be read"_s));
    QVERIFY(composer()->text().isEmpty());
    QVERIFY(!QFile::exists(draftFile()));
    const QStringList aside = QDir(QFileInfo(draftFile()).absolutePath())
                                  .entryList({u"draft.json.unreadable-*"_s}, QDir::Files);
    QCOMPARE(aside.size(), 1);
    QFile kept(QFileInfo(draftFile()).absolutePath() + u'/' + aside.constFirst());
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("{\"text\": \"cut off"));
}

// The draft's attachment blocks are encoded and interned once per change of the attachments and
// reused while only the text changes; a change of the attachments must still reach the draft.
void TestComposerDraft::attachmentChangesReachTheConversationDraftBetweenTextEdits()
{
    answerMessagesWithAShortReply();
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    QVERIFY(m_controller->send(u"start a conversation"_s, {}));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    Conversation *conversation = m_controller->conversation();
    QVERIFY(conversation);

    const auto draftShas = [conversation] {
        return conversation
            ->referencedAttachments(conversation->draft().value("content"_L1).toArray())
            .keys();
    };
    QImage red(20, 20, QImage::Format_RGB32);
    red.fill(Qt::red);
    QImage blue(30, 10, QImage::Format_RGB32);
    blue.fill(Qt::blue);

    QVERIFY(composer()->addImage(red, u"red.png"_s));
    composer()->setText(u"one"_s);
    QTRY_COMPARE_WITH_TIMEOUT(conversation->draft().value("text"_L1).toString(), u"one"_s, 2000);
    const QStringList redSha = draftShas();
    QCOMPARE(redSha.size(), 1);

    composer()->setText(u"one two"_s);
    QTRY_COMPARE_WITH_TIMEOUT(conversation->draft().value("text"_L1).toString(), u"one two"_s,
                              2000);
    QCOMPARE(draftShas(), redSha);

    // Replace the image, then edit the text again: the draft holds the new image only.
    composer()->removeAttachment(0);
    QVERIFY(composer()->addImage(blue, u"blue.png"_s));
    composer()->setText(u"one two three"_s);
    QTRY_COMPARE_WITH_TIMEOUT(conversation->draft().value("text"_L1).toString(), u"one two three"_s,
                              2000);
    const QStringList blueSha = draftShas();
    QCOMPARE(blueSha.size(), 1);
    QVERIFY(blueSha != redSha);
    QCOMPARE(conversation->draft().value("content"_L1).toArray().size(), 1);

    // No attachments left: the draft has text only.
    composer()->removeAttachment(0);
    composer()->setText(u"text only"_s);
    QTRY_COMPARE_WITH_TIMEOUT(conversation->draft().value("text"_L1).toString(), u"text only"_s,
                              2000);
    QVERIFY(conversation->draft().value("content"_L1).toArray().isEmpty());
}

QTEST_MAIN(TestComposerDraft)
#include "tst_composerdraft.moc"
