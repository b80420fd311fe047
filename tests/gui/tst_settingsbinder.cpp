// The sidebar's conversation settings: edits reach the Chat, the saved file and the request
// body; a request the model would refuse is explained before sending and Send is disabled.
#include "core/api/client.h"
#include "core/chat/chat.h"
#include "core/store/conversation.h"
#include "core/store/conversationfile.h"
#include "core/util/apppaths.h"
#include "gui/composer/prompteditor.h"
#include "gui/composer/prompttextedit.h"
#include "gui/controller/conversationcontroller.h"
#include "gui/sidebar/modellistsource.h"
#include "gui/sidebar/modelpanel.h"
#include "gui/sidebar/settingsbinder.h"
#include "gui/sidebar/sidebar.h"
#include "gui/sidebar/systempromptpanel.h"
#include "gui/sidebar/toolspanel.h"
#include "gui/windows/mainwindow.h"
#include "support/fakeapirig.h"
#include "support/fakeapiserver.h"
#include "support/testdata.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace claudette;
using claudette::test::FakeApiRig;
using claudette::test::FakeApiServer;

namespace {

template<typename T> T *child(QWidget *parent, const char *name)
{
    T *widget = parent->findChild<T *>(QString::fromLatin1(name));
    if (!widget)
        qWarning("no child %s", name);
    return widget;
}

} // namespace

class TestSettingsBinder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void settingsReachTheFileAndTheRequest();
    void thinkingModesAndEffortReachTheRequest();
    void refusalIsExplainedBeforeSending_data();
    void refusalIsExplainedBeforeSending();
    void modelListComesFromTheApiAndIsCached();
    void modelListFetchErrorIsShown();
    void systemPromptPresetsAreSaved();
    void toolFilesAreEditedInTheDialog();

private:
    void makeController();

    std::unique_ptr<FakeApiRig> m_api;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<ConversationController> m_controller;
};

void TestSettingsBinder::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestSettingsBinder::init()
{
    m_api = std::make_unique<FakeApiRig>();
    QVERIFY2(m_api->isReady(), qPrintable(m_api->errorString()));
    // The model list is cached already (the fetch is tested on its own).
    QVERIFY(m_api->cacheModelList(
        R"({"data": [{"id": "claude-sonnet-4-5", "display_name": "Claude Sonnet 4.5"},
                     {"id": "claude-opus-4-6", "display_name": "Claude Opus 4.6"}]})"));
    makeController();
}

void TestSettingsBinder::makeController()
{
    m_controller.reset();
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1100, 800);
    m_controller = std::make_unique<ConversationController>(m_window.get(), m_api->client(),
                                                            AppPaths(m_api->root()));
    m_window->show();
}

void TestSettingsBinder::cleanup()
{
    m_controller.reset();
    m_window.reset();
    m_api.reset();
}

void TestSettingsBinder::settingsReachTheFileAndTheRequest()
{
    ModelPanel *model = m_window->sidebar()->modelPanel();
    child<QSpinBox>(model, "maxTokensSpin")->setValue(2000);
    child<QCheckBox>(model, "temperatureCheck")->setChecked(true);
    child<QDoubleSpinBox>(model, "temperatureSpin")->setValue(0.3);
    child<QCheckBox>(model, "topKCheck")->setChecked(true);
    child<QSpinBox>(model, "topKSpin")->setValue(20);
    auto *tier = child<QComboBox>(model, "serviceTierCombo");
    tier->setCurrentIndex(tier->findData(u"standard_only"_s));
    child<QPlainTextEdit>(model, "stopEdit")->setPlainText(u"END\n###"_s);
    child<QLineEdit>(model, "prefillEdit")->setText(u"Dear"_s);
    auto *thinking = child<QComboBox>(model, "thinkingCombo");
    QVERIFY(model->problem().isEmpty());
    auto *system = child<QPlainTextEdit>(m_window->sidebar()->systemPromptPanel(), "systemEdit");
    system->setPlainText(u"Answer in French."_s);
    Q_UNUSED(thinking);

    m_api->server()->addRule(
        FakeApiServer::streamRule(test::readData(u"sse/plain_text__llm-anthropic.sse"_s)));
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    QVERIFY(m_controller->send(u"Write a letter"_s));
    QVERIFY(finished.wait(10000));

    // The request carried every setting.
    const QJsonObject body = m_api->server()->requests().at(0).json().object();
    QCOMPARE(body.value("max_tokens"_L1).toInt(), 2000);
    QCOMPARE(body.value("temperature"_L1).toDouble(), 0.3);
    QCOMPARE(body.value("top_k"_L1).toInt(), 20);
    QCOMPARE(body.value("service_tier"_L1).toString(), u"standard_only"_s);
    QCOMPARE(body.value("stop_sequences"_L1).toArray(), QJsonArray({u"END"_s, u"###"_s}));
    QCOMPARE(body.value("system"_L1).toString(), u"Answer in French."_s);
    const QJsonArray messages = body.value("messages"_L1).toArray();
    QCOMPARE(messages.last().toObject().value("role"_L1).toString(), u"assistant"_s);
    QCOMPARE(
        messages.last().toObject().value("content"_L1).toArray().at(0).toObject().value("text"_L1),
        u"Dear"_s);
    // The reply shows as prefill + continuation.
    Conversation *conversation = m_controller->conversation();
    const Turn reply = conversation->turn(conversation->currentLeaf());
    QVERIFY(reply.content.at(0).toObject().value("text"_L1).toString().startsWith(u"Dear"_s));

    // The saved file keeps the settings; reopening shows them in the sidebar.
    const QString path = m_controller->currentPath();
    QTRY_VERIFY(QFile::exists(path));
    m_controller.reset(); // closes (and saves) the conversation
    const ConversationFile::LoadResult loaded = ConversationFile::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorString));
    const QJsonObject settings = loaded.data->settings;
    QCOMPARE(settings.value("temperature"_L1).toDouble(), 0.3);
    QCOMPARE(settings.value("service_tier"_L1).toString(), u"standard_only"_s);
    QCOMPARE(settings.value("prefill"_L1).toString(), u"Dear"_s);
    QCOMPARE(settings.value("system"_L1).toString(), u"Answer in French."_s);

    makeController();
    QVERIFY(m_controller->openFile(path));
    model = m_window->sidebar()->modelPanel();
    QCOMPARE(child<QDoubleSpinBox>(model, "temperatureSpin")->value(), 0.3);
    QVERIFY(child<QCheckBox>(model, "temperatureCheck")->isChecked());
    QVERIFY(!child<QCheckBox>(model, "topPCheck")->isChecked());
    QCOMPARE(child<QLineEdit>(model, "prefillEdit")->text(), u"Dear"_s);
    QCOMPARE(child<QPlainTextEdit>(model, "stopEdit")->toPlainText(), u"END\n###"_s);
    QCOMPARE(m_window->sidebar()->systemPromptPanel()->systemPrompt(), u"Answer in French."_s);
    QCOMPARE(m_controller->settingsChat()->serviceTier(), u"standard_only"_s);
}

void TestSettingsBinder::thinkingModesAndEffortReachTheRequest()
{
    ModelPanel *panel = m_window->sidebar()->modelPanel();
    auto *combo = child<QComboBox>(panel, "modelCombo");
    combo->setEditText(u"claude-opus-4-8"_s);
    QMetaObject::invokeMethod(combo->lineEdit(), "editingFinished");
    auto *thinking = child<QComboBox>(panel, "thinkingCombo");
    auto *display = child<QComboBox>(panel, "thinkingDisplayCombo");
    auto *effort = child<QComboBox>(panel, "effortCombo");
    thinking->setCurrentIndex(thinking->findData(u"adaptive"_s));
    QVERIFY(display->isEnabled());
    display->setCurrentIndex(display->findData(u"omitted"_s));
    effort->setCurrentIndex(effort->findData(u"xhigh"_s));
    QVERIFY2(panel->problem().isEmpty(), qPrintable(panel->problem()));

    m_api->server()->addRule(
        FakeApiServer::streamRule(test::readData(u"sse/plain_text__llm-anthropic.sse"_s)));
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    QVERIFY(m_controller->send(u"Think"_s));
    QVERIFY(finished.wait(10000));
    QJsonObject body = m_api->server()->requests().at(0).json().object();
    QCOMPARE(body.value("thinking"_L1).toObject(),
             (QJsonObject{{"type"_L1, "adaptive"_L1}, {"display"_L1, "omitted"_L1}}));
    QCOMPARE(body.value("output_config"_L1).toObject().value("effort"_L1).toString(), u"xhigh"_s);

    // Between tool calls: no display to choose.
    thinking->setCurrentIndex(thinking->findData(u"between_tools"_s));
    QVERIFY(!display->isEnabled());
    QVERIFY(m_controller->send(u"Work"_s));
    QVERIFY(finished.wait(10000));
    body = m_api->server()->requests().at(1).json().object();
    QCOMPARE(body.value("thinking"_L1).toObject(), (QJsonObject{{"type"_L1, "between_tools"_L1}}));
}

void TestSettingsBinder::refusalIsExplainedBeforeSending_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("prefill");
    QTest::addColumn<int>("thinking"); // combo index
    QTest::addColumn<bool>("temperature");
    QTest::addColumn<QString>("expected"); // empty: no refusal

    QTest::newRow("prefill on a model that refuses it")
        << u"claude-opus-4-6"_s << u"Dear"_s << 0 << false << u"prefill"_s;
    QTest::newRow("prefill where allowed")
        << u"claude-sonnet-4-5"_s << u"Dear"_s << 0 << false << QString();
    QTest::newRow("temperature with thinking")
        << u"claude-sonnet-4-5"_s << QString() << 1 << true << u"emperature"_s;
    QTest::newRow("sampling on a model without it")
        << u"claude-opus-4-7"_s << QString() << 0 << true << u"emperature"_s;
}

void TestSettingsBinder::refusalIsExplainedBeforeSending()
{
    QFETCH(QString, model);
    QFETCH(QString, prefill);
    QFETCH(int, thinking);
    QFETCH(bool, temperature);
    QFETCH(QString, expected);
    ModelPanel *panel = m_window->sidebar()->modelPanel();
    auto *combo = child<QComboBox>(panel, "modelCombo");
    combo->setEditText(model);
    QMetaObject::invokeMethod(combo->lineEdit(), "editingFinished");
    QCOMPARE(m_controller->settingsChat()->model(), model);
    child<QLineEdit>(panel, "prefillEdit")->setText(prefill);
    child<QComboBox>(panel, "thinkingCombo")->setCurrentIndex(thinking);
    child<QSpinBox>(panel, "maxTokensSpin")->setValue(8000); // above the thinking budget
    child<QDoubleSpinBox>(panel, "temperatureSpin")->setValue(0.5);
    child<QCheckBox>(panel, "temperatureCheck")->setChecked(temperature);

    PromptEditor *editor = m_window->promptEditor();
    editor->setText(u"Hello"_s);
    auto *send = child<QPushButton>(editor, "sendButton");
    if (expected.isEmpty()) {
        QVERIFY2(panel->problem().isEmpty(), qPrintable(panel->problem()));
        QVERIFY(send->isEnabled());
        return;
    }
    // Shown in the sidebar, on the disabled Send button, and nothing is sent.
    QVERIFY2(panel->problem().contains(expected, Qt::CaseInsensitive),
             qPrintable(panel->problem()));
    QVERIFY(!send->isEnabled());
    QVERIFY(send->toolTip().contains(panel->problem().section(u'\n', 0, 0)));
    QSignalSpy sent(m_window.get(), &MainWindow::sendRequested);
    QTest::keyClick(editor->textEdit(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(sent.count(), 0);
    QVERIFY(!m_controller->send(u"Hello"_s)); // and the controller refuses too
    QCOMPARE(m_api->server()->requests().size(), 0);
    QVERIFY(!m_controller->conversation() || m_controller->conversation()->turnCount() == 0);
    // Putting the setting right lifts the block.
    child<QLineEdit>(panel, "prefillEdit")->clear();
    child<QCheckBox>(panel, "temperatureCheck")->setChecked(false);
    child<QComboBox>(panel, "thinkingCombo")->setCurrentIndex(0);
    QVERIFY2(panel->problem().isEmpty(), qPrintable(panel->problem()));
    QVERIFY(send->isEnabled());
}

void TestSettingsBinder::modelListComesFromTheApiAndIsCached()
{
    FakeApiServer::Rule rule;
    rule.method = "GET";
    rule.path = "/v1/models*";
    rule.headers = {{"content-type", "application/json"}};
    rule.body = R"({"data": [{"type": "model", "id": "claude-new-9", "display_name": "Claude New 9",
                              "created_at": "2026-01-01T00:00:00Z"}],
                    "has_more": false, "first_id": "claude-new-9", "last_id": "claude-new-9"})";
    m_api->server()->addRule(rule);
    ModelListSource *source = m_controller->modelList();
    QSignalSpy changed(source, &ModelListSource::modelsChanged);
    child<QToolButton>(m_window->sidebar()->modelPanel(), "refreshModelsButton")->click();
    QVERIFY(changed.wait(10000));
    auto *combo = child<QComboBox>(m_window->sidebar()->modelPanel(), "modelCombo");
    QCOMPARE(combo->count(), 1);
    QCOMPARE(combo->itemText(0), u"Claude New 9"_s);
    QCOMPARE(combo->itemData(0).toString(), u"claude-new-9"_s);
    // The next start reads the cache without asking.
    m_api->server()->clearRequests();
    makeController();
    combo = child<QComboBox>(m_window->sidebar()->modelPanel(), "modelCombo");
    QCOMPARE(combo->itemData(0).toString(), u"claude-new-9"_s);
    QCOMPARE(m_api->server()->requests().size(), 0);
}

void TestSettingsBinder::modelListFetchErrorIsShown()
{
    FakeApiServer::Rule rule;
    rule.method = "GET";
    rule.path = "/v1/models*";
    rule.status = 401;
    rule.headers = {{"content-type", "application/json"}};
    rule.body =
        R"({"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}})";
    m_api->server()->addRule(rule);
    ModelListSource *source = m_controller->modelList();
    QSignalSpy failed(source, &ModelListSource::fetchFailed);
    child<QToolButton>(m_window->sidebar()->modelPanel(), "refreshModelsButton")->click();
    QVERIFY(failed.wait(10000));
    auto *label = child<QLabel>(m_window->sidebar()->modelPanel(), "modelIdLabel");
    QVERIFY2(label->text().contains(u"could not be fetched"_s), qPrintable(label->text()));
    // The cached list is kept.
    auto *combo = child<QComboBox>(m_window->sidebar()->modelPanel(), "modelCombo");
    QCOMPARE(combo->count(), 2);
}

void TestSettingsBinder::systemPromptPresetsAreSaved()
{
    SystemPromptPanel *panel = m_window->sidebar()->systemPromptPanel();
    QString error;
    QVERIFY(panel->savePreset(u"French"_s, u"Answer in French."_s, &error));
    QVERIFY(!panel->savePreset(u"  "_s, u"x"_s, &error));
    QVERIFY(!error.isEmpty());
    makeController();
    panel = m_window->sidebar()->systemPromptPanel();
    QCOMPARE(panel->presets().size(), 1);
    QVERIFY(panel->choosePreset(u"French"_s));
    QCOMPARE(m_controller->settingsChat()->systemPrompt(), u"Answer in French."_s);
}

void TestSettingsBinder::toolFilesAreEditedInTheDialog()
{
    ToolsPanel *panel = m_window->sidebar()->toolsPanel();
    QString shownError;
    connect(panel, &ToolsPanel::errorShown, this, [&](const QString &m) { shownError = m; });
    // A bad schema is refused in the dialog, then a good one is saved as a file.
    int attempts = 0;
    panel->setDialogRunner([&attempts](QDialog *dialog) {
        ++attempts;
        child<QLineEdit>(dialog, "nameEdit")->setText(u"echo_tool"_s);
        child<QPlainTextEdit>(dialog, "descriptionEdit")->setPlainText(u"Echoes"_s);
        child<QLineEdit>(dialog, "commandEdit")->setText(u"cat"_s);
        auto *schema = child<QPlainTextEdit>(dialog, "schemaEdit");
        schema->setPlainText(u"{\"type\": \"object\", "_s); // broken
        dialog->accept();
        if (dialog->result() == QDialog::Accepted)
            return int(QDialog::Accepted);
        auto *error = child<QLabel>(dialog, "errorLabel");
        if (!error->text().contains(u"not valid JSON"_s))
            return int(QDialog::Rejected);
        schema->setPlainText(u"{\"type\": \"object\", \"properties\": {}}"_s);
        dialog->accept();
        return dialog->result();
    });
    panel->addTool();
    QCOMPARE(attempts, 1);
    QVERIFY2(shownError.isEmpty(), qPrintable(shownError));
    const QString file =
        QDir(AppPaths(m_api->root()).dataDir()).filePath(u"tools/echo_tool.json"_s);
    QVERIFY(QFile::exists(file));
    auto *list = child<QListWidget>(panel, "toolList");
    QCOMPARE(list->count(), 1);
    QCOMPARE(list->item(0)->text(), u"echo_tool"_s);
}

QTEST_MAIN(TestSettingsBinder)
#include "tst_settingsbinder.moc"
