#include "core/api/client.h"
#include "core/api/credentials.h"
#include "core/chat/chat.h"
#include "core/store/conversation.h"
#include "core/util/apppaths.h"
#include "gui/composer/prompteditor.h"
#include "gui/controller/conversationcontroller.h"
#include "gui/controller/librarylistmodel.h"
#include "gui/sidebar/modelpanel.h"
#include "gui/sidebar/sidebar.h"
#include "gui/transcript/blocks/codeblockwidget.h"
#include "gui/transcript/blocks/markdownview.h"
#include "gui/transcript/blocks/textblockwidget.h"
#include "gui/transcript/blocks/thinkingblockwidget.h"
#include "gui/transcript/blocks/tooluseblockwidget.h"
#include "gui/transcript/messageitemwidget.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptview.h"
#include "gui/windows/mainwindow.h"
#include "render/markdowndocument.h"
#include "support/fakeapirig.h"
#include "support/fakeapiserver.h"
#include "support/ssebuilder.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace claudette;
using claudette::test::FakeApiRig;
using claudette::test::FakeApiServer;
using claudette::test::SseBuilder;

namespace {

/// A streamed reply that says @p text in pieces of @p piece characters.
QByteArray sseReply(const QString &text, int piece = 8)
{
    return SseBuilder::textReplyInPieces(
        text, piece, QJsonObject{{u"input_tokens"_s, 12}, {u"output_tokens"_s, 1}});
}

} // namespace

class TestConversationController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void statusBarNamesTheModelFromTheStart();
    void typeSendAndStream();
    void stopKeepsWhatArrived();
    void regenerateMakesASiblingReply();
    void editIntoABranchAndSwitchBack();
    void switchConversationsWhileStreaming();
    void errorShowsInlineAndRetryWorks();
    void htmlAndRemoteImagesAreNotInterpretedOrFetched();
    void linksOpenOnlyThroughTheHandler();
    void noKeyRefusesToSend();
    void demoPlaysToTheEnd();
    void exportWritesEachFormat();

private:
    MessageItemWidget *itemForRow(int row) const;
    /// The Messages API requests the server saw (the model list fetched at start is left out).
    QList<FakeApiServer::Request> messageRequests() const;

    std::unique_ptr<FakeApiRig> m_api;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<ConversationController> m_controller;
};

void TestConversationController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestConversationController::init()
{
    m_api = std::make_unique<FakeApiRig>();
    QVERIFY2(m_api->isReady(), qPrintable(m_api->errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1100, 800);
    m_controller = std::make_unique<ConversationController>(m_window.get(), m_api->client(),
                                                            AppPaths(m_api->root()));
    m_window->show();
}

void TestConversationController::cleanup()
{
    m_controller.reset();
    m_window.reset();
    m_api.reset();
}

QList<FakeApiServer::Request> TestConversationController::messageRequests() const
{
    QList<FakeApiServer::Request> list;
    for (const FakeApiServer::Request &request : m_api->server()->requests()) {
        if (request.path.startsWith("/v1/messages"))
            list.append(request);
    }
    return list;
}

MessageItemWidget *TestConversationController::itemForRow(int row) const
{
    TranscriptView *view = m_window->transcriptView();
    view->updateLayoutNow();
    return qobject_cast<MessageItemWidget *>(view->widgetForRow(row));
}

void TestConversationController::statusBarNamesTheModelFromTheStart()
{
    // Before any conversation exists, the status bar names the model a first message would use:
    // the one the sidebar shows, never "No model".
    auto *statusModel = m_window->findChild<QLabel *>(u"statusModel"_s);
    QVERIFY(statusModel);
    const QString model = m_window->sidebar()->modelPanel()->currentModelId();
    QCOMPARE(model, QString(Chat::DefaultModel));
    QCOMPARE(statusModel->text(), model);
}

void TestConversationController::typeSendAndStream()
{
    const QString reply =
        u"Here is **bold** text.\n\n```cpp\nint main() { return 0; }\n```\n\nDone."_s;
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(reply)));
    PromptEditor *editor = m_window->promptEditor();
    editor->setText(u"Hello there"_s);
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    Q_EMIT editor->sendRequested(editor->text(), editor->attachments());
    QVERIFY(m_controller->model());
    QVERIFY(finished.wait(10000));
    QVERIFY(editor->text().isEmpty());
    TranscriptModel *model = m_controller->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(1).data(TranscriptModel::MarkdownRole).toString(), reply);
    QCOMPARE(model->index(1).data(TranscriptModel::StatusRole).toInt(), int(TurnStatus::Complete));
    // The request carried the prompt.
    const QJsonObject request = messageRequests().constFirst().json().object();
    QCOMPARE(request.value("messages"_L1)
                 .toArray()
                 .at(0)
                 .toObject()
                 .value("content"_L1)
                 .toArray()
                 .at(0)
                 .toObject()
                 .value("text"_L1)
                 .toString(),
             u"Hello there"_s);
    // The reply shows as markdown with a code block that has its own Copy button.
    QTRY_VERIFY(itemForRow(1));
    MessageItemWidget *item = itemForRow(1);
    // The finished content reaches the widget on the model's next coalesced update.
    const auto shownCode = [item] {
        QList<CodeBlockWidget *> blocks;
        for (TextBlockWidget *text : item->findChildren<TextBlockWidget *>())
            blocks += text->codeBlocks();
        return blocks;
    };
    QTRY_COMPARE(shownCode().size(), 1);
    CodeBlockWidget *code = shownCode().constFirst();
    QCOMPARE(code->code(), u"int main() { return 0; }"_s);
    QVERIFY(code->findChild<QToolButton *>(u"copyCodeButton"_s));
    QCOMPARE(item->markdown(), reply);
    // Saved in the library, with the status bar figures.
    QVERIFY(QFileInfo::exists(m_controller->currentPath()));
    QCOMPARE(m_controller->chat()->totalUsage().outputTokens, 20);
}

void TestConversationController::stopKeepsWhatArrived()
{
    FakeApiServer::Rule rule =
        FakeApiServer::streamRule(sseReply(u"Partial answer that goes on and on"_s, 4));
    rule.stallAtBytes = 900;
    rule.stallMs = -1;
    m_api->server()->addRule(rule);
    QVERIFY(m_controller->send(u"Tell me a long story"_s));
    Chat *chat = m_controller->chat();
    QVERIFY(chat->isBusy());
    QTRY_VERIFY(m_window->promptEditor()->isStreaming());
    QTRY_VERIFY(
        !m_controller->model()->index(1).data(TranscriptModel::MarkdownRole).toString().isEmpty());
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    Q_EMIT m_window->stopRequested();
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY(!m_window->promptEditor()->isStreaming());
    m_controller->model()->flush();
    QCOMPARE(m_controller->model()->index(1).data(TranscriptModel::StatusRole).toInt(),
             int(TurnStatus::Stopped));
    QVERIFY(m_controller->model()
                ->index(1)
                .data(TranscriptModel::MarkdownRole)
                .toString()
                .startsWith(u"Partial"_s));
    QTRY_VERIFY(itemForRow(1));
    QVERIFY(itemForRow(1)->findChild<QLabel *>(u"statusLabel"_s)->text().contains(u"Stopped"_s));
}

void TestConversationController::regenerateMakesASiblingReply()
{
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(u"First reply"_s)));
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(u"Second reply"_s)));
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    QVERIFY(m_controller->send(u"Hi"_s));
    QVERIFY(finished.wait(10000));
    const QString first = m_controller->model()->idAt(1);
    QTRY_VERIFY(itemForRow(1));
    auto *regenerate = itemForRow(1)->findChild<QToolButton *>(u"regenerateButton"_s);
    QVERIFY(regenerate && regenerate->isVisible());
    QTRY_VERIFY(regenerate->isEnabled()); // enabled once the finished status reaches the widget
    regenerate->click();
    QVERIFY(finished.wait(10000));
    TranscriptModel *model = m_controller->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(1).data(TranscriptModel::MarkdownRole).toString(), u"Second reply"_s);
    QCOMPARE(model->index(1).data(TranscriptModel::SiblingCountRole).toInt(), 2);
    QVERIFY(m_controller->selectSibling(model->idAt(1), 0));
    QCOMPARE(model->idAt(1), first);
    QCOMPARE(model->index(1).data(TranscriptModel::MarkdownRole).toString(), u"First reply"_s);
}

void TestConversationController::editIntoABranchAndSwitchBack()
{
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(u"About cats"_s)));
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(u"About dogs"_s)));
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    QVERIFY(m_controller->send(u"Tell me about cats"_s));
    QVERIFY(finished.wait(10000));
    TranscriptModel *model = m_controller->model();
    const QString original = model->idAt(0);
    QTRY_VERIFY(itemForRow(0));
    MessageItemWidget *user = itemForRow(0);
    user->findChild<QToolButton *>(u"editButton"_s)->click();
    auto *editor = user->findChild<QPlainTextEdit *>(u"editText"_s);
    QVERIFY(editor && editor->isVisible());
    QCOMPARE(editor->toPlainText(), u"Tell me about cats"_s);
    editor->setPlainText(u"Tell me about dogs"_s);
    user->findChild<QPushButton *>(u"editSubmitButton"_s)->click();
    QVERIFY(finished.wait(10000));
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0).data(TranscriptModel::MarkdownRole).toString(),
             u"Tell me about dogs"_s);
    QCOMPARE(model->index(1).data(TranscriptModel::MarkdownRole).toString(), u"About dogs"_s);
    QCOMPARE(model->index(0).data(TranscriptModel::SiblingCountRole).toInt(), 2);
    // The `< 2/2 >` switcher goes back to the first branch.
    model->flush();
    QTRY_VERIFY(itemForRow(0));
    QTRY_COMPARE(itemForRow(0)->findChild<QLabel *>(u"branchLabel"_s)->text(), u"2/2"_s);
    itemForRow(0)->findChild<QToolButton *>(u"previousBranchButton"_s)->click();
    QCOMPARE(model->idAt(0), original);
    QCOMPARE(model->index(1).data(TranscriptModel::MarkdownRole).toString(), u"About cats"_s);
    // The second request sent the edited text only.
    const QJsonArray messages =
        messageRequests().at(1).json().object().value("messages"_L1).toArray();
    QCOMPARE(messages.size(), 1);
}

void TestConversationController::switchConversationsWhileStreaming()
{
    // The first conversation's reply drips slowly; meanwhile the user opens another one.
    FakeApiServer::Rule slow =
        FakeApiServer::streamRule(sseReply(u"A slow reply, word by word."_s, 3));
    slow.chunking = FakeApiServer::Rule::Chunking::Fixed;
    slow.chunkSize = 64;
    slow.dripMs = 15;
    m_api->server()->addRule(slow);
    QVERIFY(m_controller->send(u"First"_s));
    const QString firstPath = m_controller->currentPath();
    Chat *firstChat = m_controller->chat();
    QVERIFY(firstChat->isBusy());
    LibraryListModel *library = m_controller->libraryModel();
    QTRY_VERIFY(library->isBusy(firstPath));

    // Open a second conversation (a copy saved elsewhere) while the first streams.
    m_controller->newConversation();
    QVERIFY(!m_controller->model());
    QVERIFY(!m_window->promptEditor()->isStreaming());
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().at(0).toString(), firstPath);
    QVERIFY(!library->isBusy(firstPath));
    // The first conversation kept streaming and saving.
    QVERIFY(m_controller->openFile(firstPath));
    QCOMPARE(m_controller->model()->index(1).data(TranscriptModel::MarkdownRole).toString(),
             u"A slow reply, word by word."_s);
    QCOMPARE(m_controller->model()->index(1).data(TranscriptModel::StatusRole).toInt(),
             int(TurnStatus::Complete));
}

void TestConversationController::errorShowsInlineAndRetryWorks()
{
    FakeApiServer::Rule overloaded;
    overloaded.method = "POST";
    overloaded.path = "/v1/messages";
    overloaded.status = 529;
    overloaded.headers = {{"content-type", "application/json"}, {"request-id", "req_err_1"}};
    overloaded.body =
        R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})";
    overloaded.times = 1;
    m_api->server()->addRule(overloaded);
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(u"Better now"_s)));
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    QVERIFY(m_controller->send(u"Hi"_s));
    QVERIFY(finished.wait(10000));
    TranscriptModel *model = m_controller->model();
    model->flush();
    QCOMPARE(model->index(1).data(TranscriptModel::StatusRole).toInt(), int(TurnStatus::Error));
    QTRY_VERIFY(itemForRow(1));
    MessageItemWidget *item = itemForRow(1);
    const QString status = item->findChild<QLabel *>(u"statusLabel"_s)->text();
    QVERIFY2(status.contains(u"overloaded_error"_s), qPrintable(status));
    QVERIFY2(status.contains(u"Overloaded"_s), qPrintable(status));
    QVERIFY2(status.contains(u"req_err_1"_s), qPrintable(status));
    auto *retry = item->findChild<QPushButton *>(u"retryButton"_s);
    QVERIFY(retry && retry->isVisible());
    retry->click();
    QVERIFY(finished.wait(10000));
    model->flush();
    QCOMPARE(model->index(1).data(TranscriptModel::MarkdownRole).toString(), u"Better now"_s);
    QCOMPARE(model->index(1).data(TranscriptModel::SiblingCountRole).toInt(), 2);
}

void TestConversationController::htmlAndRemoteImagesAreNotInterpretedOrFetched()
{
    const QString reply =
        u"<img src=\"http://127.0.0.1:9/tracker.png\"> <b>not bold</b>\n\n"
        "![remote](https://example.invalid/cat.png)\n\n<script>alert(1)</script> end"_s;
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(reply)));
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    QVERIFY(m_controller->send(u"Show me"_s));
    QVERIFY(finished.wait(10000));
    QTRY_VERIFY(itemForRow(1));
    MessageItemWidget *item = itemForRow(1);
    QTRY_VERIFY(!item->findChildren<MarkdownView *>().isEmpty());
    const QList<MarkdownView *> views = item->findChildren<MarkdownView *>();
    QString shown;
    for (MarkdownView *view : views) {
        shown += view->toPlainText();
        // The resource loader was never asked for anything, let alone an http URL.
        QVERIFY(view->markdownDocument()->refusedResources().isEmpty());
        QVERIFY(!view->toHtml().contains(u"<img"_s));
    }
    QVERIFY2(shown.contains(u"<b>not bold</b>"_s), qPrintable(shown));
    QVERIFY(shown.contains(u"<script>"_s));
    // Only the one API request went out: nothing fetched the images.
    QCOMPARE(messageRequests().size(), 1);
}

void TestConversationController::linksOpenOnlyThroughTheHandler()
{
    QList<QUrl> opened;
    m_controller->setLinkHandler([&opened](const QUrl &url) { opened << url; });
    m_api->server()->addRule(
        FakeApiServer::streamRule(sseReply(u"See [the docs](https://docs.example.com/x)."_s)));
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    QVERIFY(m_controller->send(u"Link?"_s));
    QVERIFY(finished.wait(10000));
    QVERIFY(opened.isEmpty()); // nothing opens by itself
    QTRY_VERIFY(itemForRow(1));
    MessageItemWidget *item = itemForRow(1);
    const auto linkView = [item]() -> MarkdownView * {
        for (MarkdownView *view : item->findChildren<MarkdownView *>())
            if (view->toHtml().contains(u"https://docs.example.com/x"_s))
                return view;
        return nullptr;
    };
    QTRY_VERIFY(linkView());
    MarkdownView *view = linkView();
    Q_EMIT view->anchorClicked(QUrl(u"https://docs.example.com/x"_s));
    QCOMPARE(opened, QList<QUrl>{QUrl(u"https://docs.example.com/x"_s)});
}

void TestConversationController::noKeyRefusesToSend()
{
    m_api->client()->setCredentials(Credentials());
    QSignalSpy errors(m_controller.get(), &ConversationController::errorShown);
    m_window->promptEditor()->setText(u"Hello"_s);
    QVERIFY(!m_controller->send(u"Hello"_s));
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors.first().at(0).toString().contains(u"API key"_s));
    QCOMPARE(m_window->promptEditor()->text(), u"Hello"_s); // nothing typed is lost
    QCOMPARE(messageRequests().size(), 0);
}

void TestConversationController::demoPlaysToTheEnd()
{
    m_controller->setDemoPace(256, 1);
    QSignalSpy done(m_controller.get(), &ConversationController::demoFinished);
    Q_EMIT m_window->demoRequested();
    QVERIFY(m_controller->isDemoShown());
    QVERIFY(m_window->bannerText().contains(u"demo"_s, Qt::CaseInsensitive));
    QVERIFY(done.wait(30000));
    TranscriptModel *model = m_controller->model();
    QCOMPARE(model->rowCount(), 8);
    for (int row = 1; row < 8; row += 2)
        QCOMPARE(model->index(row).data(TranscriptModel::StatusRole).toInt(),
                 int(TurnStatus::Complete));
    // The prefilled code reply, the thinking and the tool call are all there.
    QVERIFY(
        model->index(3).data(TranscriptModel::MarkdownRole).toString().startsWith(u"```python"_s));
    const QJsonArray thinking = model->index(5).data(TranscriptModel::ContentRole).toJsonArray();
    QCOMPARE(thinking.at(0).toObject().value("type"_L1).toString(), u"thinking"_s);
    const QJsonArray tool = model->index(7).data(TranscriptModel::ContentRole).toJsonArray();
    QCOMPARE(tool.at(1).toObject().value("type"_L1).toString(), u"tool_use"_s);
    QCOMPARE(messageRequests().size(), 0); // nothing was sent
    m_window->transcriptView()->scrollToRow(5);
    QTRY_VERIFY(itemForRow(5));
    QTRY_VERIFY(itemForRow(5)->findChild<ThinkingBlockWidget *>());
    auto *thinkingWidget = itemForRow(5)->findChild<ThinkingBlockWidget *>();
    QVERIFY(!thinkingWidget->isExpanded());
    QVERIFY(thinkingWidget->headerText().startsWith(u"Thought for"_s));
    m_window->transcriptView()->scrollToRow(7);
    QTRY_VERIFY(itemForRow(7));
    QTRY_VERIFY(itemForRow(7)->findChild<ToolUseBlockWidget *>());
    auto *toolWidget = itemForRow(7)->findChild<ToolUseBlockWidget *>();
    QVERIFY(toolWidget->title().contains(u"pelican_name_generator"_s));
    QCOMPARE(toolWidget->inputText().simplified(), u"{ }"_s); // the recorded calls had empty input
}

void TestConversationController::exportWritesEachFormat()
{
    // Nothing shown yet: a clear error, no file.
    QSignalSpy errors(m_controller.get(), &ConversationController::errorShown);
    const QString early = m_api->filePath(u"early.md"_s);
    Q_EMIT m_window->exportRequested(early);
    QCOMPARE(errors.size(), 1);
    QVERIFY(!QFileInfo::exists(early));

    m_api->server()->addRule(
        FakeApiServer::streamRule(sseReply(u"Use `<b>` tags **carefully**."_s)));
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    QVERIFY(m_controller->send(u"How do I bold <text>?"_s));
    QVERIFY(finished.wait(10000));

    const auto read = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const QString md = m_api->filePath(u"out.md"_s);
    Q_EMIT m_window->exportRequested(md);
    QVERIFY(read(md).contains("Use `<b>` tags **carefully**."));
    const QString html = m_api->filePath(u"out.html"_s);
    Q_EMIT m_window->exportRequested(html);
    const QByteArray page = read(html);
    QVERIFY(page.startsWith("<!DOCTYPE html>"));
    QVERIFY(page.contains("How do I bold &lt;text&gt;?"));
    QVERIFY(!page.contains("<b>"));
    const QString json = m_api->filePath(u"out.json"_s);
    Q_EMIT m_window->exportRequested(json);
    const QJsonObject api = QJsonDocument::fromJson(read(json)).object();
    QCOMPARE(api.value("messages"_L1).toArray().size(), 2);
    QCOMPARE(errors.size(), 1);

    // A folder that does not exist, and an unknown suffix: errors, nothing written.
    Q_EMIT m_window->exportRequested(m_api->filePath(u"missing/out.md"_s));
    QCOMPARE(errors.size(), 2);
    QVERIFY(m_controller->lastError().contains(u"missing"_s));
    Q_EMIT m_window->exportRequested(m_api->filePath(u"out.pdf"_s));
    QCOMPARE(errors.size(), 3);
    QVERIFY(!QFileInfo::exists(m_api->filePath(u"out.pdf"_s)));
}

QTEST_MAIN(TestConversationController)
#include "tst_conversationcontroller.moc"
