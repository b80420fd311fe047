// The GUI tool loop (ConversationSession through the ConversationController): approval dialog,
// results back to the model in order, denial, "always allow", the step limit and structured output.
#include "core/api/client.h"
#include "core/chat/chat.h"
#include "core/session/conversationsession.h"
#include "core/session/toollibrary.h"
#include "core/store/conversation.h"
#include "core/util/apppaths.h"
#include "gui/composer/prompteditor.h"
#include "gui/controller/conversationcontroller.h"
#include "gui/dialogs/toolapprovaldialog.h"
#include "gui/sidebar/settingsbinder.h"
#include "gui/sidebar/sidebar.h"
#include "gui/sidebar/toolspanel.h"
#include "gui/tools/dialogtoolapprover.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptroles.h"
#include "gui/windows/mainwindow.h"
#include "support/fakeapirig.h"
#include "support/fakeapiserver.h"
#include "support/ssebuilder.h"
#include "support/testdata.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace claudette;
using claudette::test::FakeApiRig;
using claudette::test::FakeApiServer;
using claudette::test::SseBuilder;

namespace {

const QString kTool = u"pelican_name_generator"_s;

QJsonArray messagesOf(const FakeApiServer::Request &request)
{
    return request.json().object().value("messages"_L1).toArray();
}

} // namespace

class TestToolRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void approvedCallsRunAndResultsGoBackInOrder();
    void denialSendsAnErrorResult();
    void alwaysAllowSkipsTheDialogNextTime();
    void maxStepsStopsTheLoop();
    void stopHaltsTheLoopCleanly();
    void structuredOutput_data();
    void structuredOutput();
    void missingToolIsExplainedBeforeSending();

private:
    /// Puts a tool file named kTool (the command of samples/tools/now.json) in the tools folder
    /// and ticks it in the Tools panel.
    void enableTool();
    /// Answers every approval dialog with @p decision.
    void answerDialogs(ToolApprover::Decision decision);
    bool sendAndWait(const QString &text);

    std::unique_ptr<FakeApiRig> m_api;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<ConversationController> m_controller;
};

void TestToolRun::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestToolRun::init()
{
    m_api = std::make_unique<FakeApiRig>();
    QVERIFY2(m_api->isReady(), qPrintable(m_api->errorString()));
    // A model list in the cache, so nothing asks the API for one.
    QVERIFY(m_api->cacheModelList(
        R"({"data": [{"id": "claude-sonnet-4-5", "display_name": "Claude Sonnet 4.5"}]})"));
    const AppPaths paths(m_api->root());
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1100, 800);
    m_controller = std::make_unique<ConversationController>(m_window.get(), m_api->client(), paths);
    m_window->show();
}

void TestToolRun::cleanup()
{
    m_controller.reset();
    m_window.reset();
    m_api.reset();
}

void TestToolRun::enableTool()
{
    QFile sample(test::dataPath(u"../../samples/tools/now.json"_s));
    QVERIFY(sample.open(QIODevice::ReadOnly));
    QJsonObject json = QJsonDocument::fromJson(sample.readAll()).object();
    json.insert(u"name"_s, kTool);
    ToolLibrary *library = m_controller->toolLibrary();
    QString error;
    QVERIFY2(library->save(json, {}, &error), qPrintable(error));
    ToolsPanel *panel = m_window->sidebar()->toolsPanel();
    panel->setLibrary(library);
    auto *list = panel->findChild<QListWidget *>(u"toolList"_s);
    QVERIFY(list);
    const QList<QListWidgetItem *> items = list->findItems(kTool, Qt::MatchExactly);
    QCOMPARE(items.size(), 1);
    items.first()->setCheckState(Qt::Checked);
    QCOMPARE(m_controller->settingsChat()->enabledTools(), QStringList{kTool});
    QVERIFY(m_controller->settingsChat()->usesTools());
}

void TestToolRun::answerDialogs(ToolApprover::Decision decision)
{
    connect(m_controller->toolApprover(), &DialogToolApprover::dialogShown, this,
            [decision](ToolApprovalDialog *dialog) {
                QVERIFY(dialog->isVisible());
                QCOMPARE(dialog->request().toolName, kTool);
                const char *button = decision == ToolApprover::Decision::AllowOnce ? "allowButton"
                                     : decision == ToolApprover::Decision::AlwaysAllow
                                         ? "alwaysButton"
                                         : "denyButton";
                QPointer<QPushButton> b =
                    dialog->findChild<QPushButton *>(QString::fromLatin1(button));
                QVERIFY(b);
                QTimer::singleShot(0, b, [b] { b->click(); });
            });
}

bool TestToolRun::sendAndWait(const QString &text)
{
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    PromptEditor *editor = m_window->promptEditor();
    editor->setText(text);
    Q_EMIT editor->sendRequested(editor->text(), editor->attachments());
    return finished.wait(20000);
}

void TestToolRun::approvedCallsRunAndResultsGoBackInOrder()
{
    enableTool();
    answerDialogs(ToolApprover::Decision::AllowOnce);
    m_api->server()->addRule(FakeApiServer::streamRule(
        test::readData(u"sse/tool_use_empty_input_parallel__llm-anthropic.sse"_s)));
    m_api->server()->addRule(FakeApiServer::streamRule(
        test::readData(u"sse/text_after_tool_result__llm-anthropic.sse"_s)));
    QVERIFY(sendAndWait(u"Name two pelicans"_s));
    QCOMPARE(m_api->server()->requests().size(), 2);
    QCOMPARE(m_controller->toolApprover()->askedCount(), 2); // allowed once, each time

    // The first request offered the tool.
    const QJsonObject first = m_api->server()->requests().at(0).json().object();
    QCOMPARE(first.value("tools"_L1).toArray().at(0).toObject().value("name"_L1).toString(), kTool);
    // The second sent both results, in the order of the calls, with the command's output.
    const QJsonArray messages = messagesOf(m_api->server()->requests().at(1));
    QCOMPARE(messages.size(), 3);
    const QJsonArray uses = messages.at(1).toObject().value("content"_L1).toArray();
    const QJsonArray results = messages.at(2).toObject().value("content"_L1).toArray();
    QCOMPARE(results.size(), 2);
    int useIndex = 0;
    for (const QJsonValue &use : uses) {
        if (use.toObject().value("type"_L1).toString() != "tool_use"_L1)
            continue;
        const QJsonObject result = results.at(useIndex++).toObject();
        QCOMPARE(result.value("type"_L1).toString(), u"tool_result"_s);
        QCOMPARE(result.value("tool_use_id"_L1).toString(),
                 use.toObject().value("id"_L1).toString());
        QVERIFY(!result.value("is_error"_L1).toBool());
        const QString output =
            result.value("content"_L1).toArray().at(0).toObject().value("text"_L1).toString();
        QVERIFY2(output.contains(u'T') && output.size() >= 19, qPrintable(output)); // ISO date
    }
    QCOMPARE(useIndex, 2);

    // The conversation holds what the model saw: user, tool use, tool results, the answer.
    Conversation *conversation = m_controller->conversation();
    QVERIFY(conversation);
    QCOMPARE(conversation->currentBranch().size(), 4);
    const Turn answer = conversation->turn(conversation->currentLeaf());
    QCOMPARE(answer.status, TurnStatus::Complete);
    QVERIFY2(answer.plainText().contains(u"Charles"_s), qPrintable(answer.plainText()));
    // ... and the transcript shows it.
    TranscriptModel *rows = m_controller->model();
    QTRY_VERIFY(rows->index(rows->rowCount() - 1, 0)
                    .data(TranscriptRoles::SearchTextRole)
                    .toString()
                    .contains(u"Charles"_s));
    QCOMPARE(conversation->messagesForApi().at(2).toObject(), messages.at(2).toObject());
    QVERIFY(m_controller->stepText().isEmpty()); // cleared when the loop completed
    QCOMPARE(m_window->promptEditor()->isStreaming(), false);
}

void TestToolRun::denialSendsAnErrorResult()
{
    enableTool();
    answerDialogs(ToolApprover::Decision::Deny);
    m_api->server()->addRule(FakeApiServer::streamRule(
        test::readData(u"sse/tool_use_empty_input_parallel__llm-anthropic.sse"_s)));
    m_api->server()->addRule(FakeApiServer::streamRule(
        test::readData(u"sse/text_after_tool_result__llm-anthropic.sse"_s)));
    QVERIFY(sendAndWait(u"Name two pelicans"_s));
    QCOMPARE(m_api->server()->requests().size(), 2);
    const QJsonArray results = messagesOf(m_api->server()->requests().at(1))
                                   .at(2)
                                   .toObject()
                                   .value("content"_L1)
                                   .toArray();
    QCOMPARE(results.size(), 2);
    for (const QJsonValue &v : results) {
        const QJsonObject result = v.toObject();
        QVERIFY(result.value("is_error"_L1).toBool());
        const QString text =
            result.value("content"_L1).toArray().at(0).toObject().value("text"_L1).toString();
        QVERIFY2(text.contains(u"denied"_s), qPrintable(text));
    }
}

void TestToolRun::alwaysAllowSkipsTheDialogNextTime()
{
    enableTool();
    answerDialogs(ToolApprover::Decision::AlwaysAllow);
    for (int i = 0; i < 2; ++i) {
        m_api->server()->addRule(FakeApiServer::streamRule(
            test::readData(u"sse/tool_use_empty_input_parallel__llm-anthropic.sse"_s)));
        m_api->server()->addRule(FakeApiServer::streamRule(
            test::readData(u"sse/text_after_tool_result__llm-anthropic.sse"_s)));
    }
    QVERIFY(sendAndWait(u"Name two pelicans"_s));
    // The second call of the same reply was not asked about.
    QCOMPARE(m_controller->toolApprover()->askedCount(), 1);
    QVERIFY(sendAndWait(u"Two more, please"_s));
    QCOMPARE(m_api->server()->requests().size(), 4);
    QCOMPARE(m_controller->toolApprover()->askedCount(), 1);
    const QJsonArray results = messagesOf(m_api->server()->requests().at(3))
                                   .last()
                                   .toObject()
                                   .value("content"_L1)
                                   .toArray();
    QCOMPARE(results.size(), 2);
    QVERIFY(!results.at(0).toObject().value("is_error"_L1).toBool());
}

void TestToolRun::maxStepsStopsTheLoop()
{
    enableTool();
    answerDialogs(ToolApprover::Decision::AllowOnce);
    auto *maxSteps = m_window->sidebar()->toolsPanel()->findChild<QSpinBox *>(u"maxStepsSpin"_s);
    QVERIFY(maxSteps);
    maxSteps->setValue(1);
    QCOMPARE(m_controller->settingsChat()->maxToolSteps(), 1);
    m_api->server()->addRule(FakeApiServer::streamRule(
        test::readData(u"sse/tool_use_empty_input_parallel__llm-anthropic.sse"_s)));
    QVERIFY(sendAndWait(u"Name two pelicans"_s));
    QCOMPARE(m_api->server()->requests().size(), 1);
    QCOMPARE(m_controller->session()->lastOutcome(), ConversationSession::Outcome::MaxSteps);
    QVERIFY2(m_controller->stepText().contains(u"1 steps"_s) ||
                 m_controller->stepText().contains(u"1 step"_s),
             qPrintable(m_controller->stepText()));
    QCOMPARE(m_controller->toolApprover()->askedCount(), 0);
    // The calls are answered as not run, so the saved history stays valid.
    Conversation *conversation = m_controller->conversation();
    const Turn last = conversation->turn(conversation->currentLeaf());
    QVERIFY(last.isUser());
    QCOMPARE(last.content.size(), 2);
    QVERIFY(last.content.at(0).toObject().value("is_error"_L1).toBool());
}

void TestToolRun::stopHaltsTheLoopCleanly()
{
    enableTool();
    // The approval dialog stays open; Stop (Esc in the composer) halts the loop.
    m_api->server()->addRule(FakeApiServer::streamRule(
        test::readData(u"sse/tool_use_empty_input_parallel__llm-anthropic.sse"_s)));
    QSignalSpy shown(m_controller->toolApprover(), &DialogToolApprover::dialogShown);
    PromptEditor *editor = m_window->promptEditor();
    editor->setText(u"Name two pelicans"_s);
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    Q_EMIT editor->sendRequested(editor->text(), editor->attachments());
    QVERIFY(shown.wait(20000));
    QVERIFY(m_window->promptEditor()->isStreaming());
    QVERIFY(m_controller->stepText().contains(u"Step 1 of 10"_s));
    Q_EMIT editor->stopRequested();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(m_controller->session()->lastOutcome(), ConversationSession::Outcome::Stopped);
    QVERIFY(!m_window->promptEditor()->isStreaming());
    Conversation *conversation = m_controller->conversation();
    const Turn last = conversation->turn(conversation->currentLeaf());
    QVERIFY(last.isUser());
    QVERIFY(last.content.at(0).toObject().value("is_error"_L1).toBool());
    // The question closed with the loop, and nothing more was sent.
    QTRY_VERIFY(!m_controller->toolApprover()->currentDialog());
    QCOMPARE(m_api->server()->requests().size(), 1);
}

void TestToolRun::structuredOutput_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("expected");
    QTest::newRow("valid") << u"{\"name\": \"Ada\", \"age\": 36}"_s << true << u"Ada"_s;
    QTest::newRow("invalid") << u"{\"name\": 5}"_s << false << u"/name"_s;
    QTest::newRow("not json") << u"Sorry, no."_s << false << u"not JSON"_s;
}

void TestToolRun::structuredOutput()
{
    QFETCH(QString, reply);
    QFETCH(bool, valid);
    QFETCH(QString, expected);
    ToolsPanel *panel = m_window->sidebar()->toolsPanel();
    auto *mode = panel->findChild<QComboBox *>(u"structuredCombo"_s);
    auto *schema = panel->findChild<QPlainTextEdit *>(u"schemaEdit"_s);
    QVERIFY(mode && schema);
    mode->setCurrentIndex(mode->findData(u"schema"_s));
    schema->setPlainText(
        uR"({"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}}, "required": ["name"], "additionalProperties": false})"_s);
    QVERIFY(panel->schemaProblem().isEmpty());
    QVERIFY(!m_controller->settingsChat()->outputSchema().isEmpty());
    m_api->server()->addRule(FakeApiServer::streamRule(SseBuilder::textReply(reply, 10, 9)));
    QVERIFY(sendAndWait(u"Who wrote the first program?"_s));
    // The schema was sent as output_config.format.
    const QJsonObject request = m_api->server()->requests().at(0).json().object();
    QCOMPARE(request.value("output_config"_L1)
                 .toObject()
                 .value("format"_L1)
                 .toObject()
                 .value("type"_L1)
                 .toString(),
             u"json_schema"_s);
    QCOMPARE(m_controller->session()->structuredResult().ok, valid);
    if (valid) {
        QCOMPARE(panel->structuredStatus(), u"The reply matches the schema."_s);
        QVERIFY(panel->structuredJson().contains(u"\"name\": \"Ada\""_s)); // formatted
    } else {
        QVERIFY2(panel->structuredStatus().contains(expected),
                 qPrintable(panel->structuredStatus()));
        QVERIFY(m_controller->lastError().contains(expected));
    }
}

void TestToolRun::missingToolIsExplainedBeforeSending()
{
    enableTool();
    QVERIFY(m_controller->toolLibrary()->remove(kTool));
    m_controller->settingsBinder()->recheck();
    const QString problem = m_window->promptEditor()->sendBlockedReason();
    QVERIFY2(problem.contains(kTool), qPrintable(problem));
    auto *send = m_window->promptEditor()->findChild<QPushButton *>(u"sendButton"_s);
    m_window->promptEditor()->setText(u"hello"_s);
    QVERIFY(!send->isEnabled());
    QVERIFY(send->toolTip().contains(kTool));
    QVERIFY(!m_controller->send(u"hello"_s));
    QCOMPARE(m_api->server()->requests().size(), 0);
    QVERIFY(m_controller->lastError().contains(kTool));
}

QTEST_MAIN(TestToolRun)
#include "tst_toolrun.moc"
