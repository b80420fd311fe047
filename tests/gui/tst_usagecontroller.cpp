#include "core/api/client.h"
#include "core/api/credentials.h"
#include "core/chat/chat.h"
#include "core/secrets/memorysecretstore.h"
#include "core/store/conversation.h"
#include "core/usage/cachestats.h"
#include "core/usage/cost.h"
#include "core/usage/costledger.h"
#include "core/util/apppaths.h"
#include "gui/composer/contextoverflowbar.h"
#include "gui/composer/prompteditor.h"
#include "gui/composer/prompttextedit.h"
#include "gui/composer/tokenestimator.h"
#include "gui/controller/accountcontroller.h"
#include "gui/controller/conversationcontroller.h"
#include "gui/controller/usagecontroller.h"
#include "gui/dialogs/settingsdialog.h"
#include "gui/sidebar/cachingpanel.h"
#include "gui/sidebar/costpanel.h"
#include "gui/sidebar/sidebar.h"
#include "gui/windows/mainwindow.h"
#include "support/fakeapirig.h"
#include "support/fakeapiserver.h"
#include "support/ssebuilder.h"
#include "support/testdata.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMutex>
#include <QPushButton>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace claudette;
using claudette::test::FakeApiRig;
using claudette::test::FakeApiServer;
using claudette::test::SseBuilder;

namespace {

const QString kSecret = u"sk-ant-api03-LEAKCHECK-9f8e7d6c5b4a"_s;

/// A streamed reply saying @p text, with @p usage at message_start and @p stopReason.
QByteArray sseReply(const QString &text, const QJsonObject &usage,
                    const QString &stopReason = u"end_turn"_s)
{
    return SseBuilder::textReplyInPieces(text, int(text.size()), usage, 20, stopReason);
}

QJsonObject plainUsage(int input = 12)
{
    return QJsonObject{{u"input_tokens"_s, input}, {u"output_tokens"_s, 1}};
}

FakeApiServer::Rule errorRule(int status, const QByteArray &type, const QByteArray &message)
{
    FakeApiServer::Rule rule;
    rule.method = "POST";
    rule.path = "/v1/messages";
    rule.status = status;
    rule.headers = {{"content-type", "application/json"}, {"request-id", "req_err"}};
    rule.body =
        R"({"type":"error","error":{"type":")" + type + R"(","message":")" + message + R"("}})";
    rule.times = 1;
    return rule;
}

FakeApiServer::Rule countRule(qint64 tokens, int times = -1)
{
    FakeApiServer::Rule rule;
    rule.method = "POST";
    rule.path = "/v1/messages/count_tokens";
    rule.headers = {{"content-type", "application/json"}};
    rule.body = QJsonDocument(QJsonObject{{u"input_tokens"_s, tokens}}).toJson();
    rule.times = times;
    return rule;
}

int requestsTo(const FakeApiServer &server, const QByteArray &path)
{
    int n = 0;
    for (const FakeApiServer::Request &r : server.requests())
        n += r.pathOnly() == path ? 1 : 0;
    return n;
}

QJsonObject lastRequestTo(const FakeApiServer &server, const QByteArray &path)
{
    const QList<FakeApiServer::Request> requests = server.requests();
    for (auto it = requests.crbegin(); it != requests.crend(); ++it)
        if (it->pathOnly() == path)
            return it->json().object();
    return {};
}

QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        const QMutexLocker lock(&g_logMutex);
        g_log.append(message);
    }
    if (g_previousHandler && type != QtDebugMsg && type != QtInfoMsg)
        g_previousHandler(type, context, message);
}

} // namespace

class TestUsageController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void panelsAreInTheSidebar();
    void everyTabStaysInSight();
    void cachingOnPutsBreakpointsInTheRequest();
    void cachingPanelFigures();
    void cachingPanelFromRecording();
    void costPanelTurnConversationAndLedger();
    void estimateShownAfterTyping();
    void estimateSilentWithoutApi();
    void thresholdAsksFirst_data();
    void thresholdAsksFirst();
    void longContextAsksFirst();
    void promptTooLongOffersLeaveOut();
    void contextWindowExceededOffersSummary();
    void requestTooLargeNamesAttachments();
    void keyAppearsInNoFileAndNoLog();
    void pictureOfThePanels();

private:
    bool sendAndWait(const QString &text);

    std::unique_ptr<FakeApiRig> m_api;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<ConversationController> m_controller;
    std::unique_ptr<UsageController> m_usage;
    QStringList m_questions;
    bool m_answer = true;
};

void TestUsageController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestUsageController::init()
{
    m_api = std::make_unique<FakeApiRig>();
    QVERIFY2(m_api->isReady(), qPrintable(m_api->errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1100, 800);
    const AppPaths paths(m_api->root());
    m_controller = std::make_unique<ConversationController>(m_window.get(), m_api->client(), paths);
    m_usage = std::make_unique<UsageController>(m_window.get(), m_controller.get(), m_api->client(),
                                                paths.ledgerFile());
    m_questions.clear();
    m_answer = true;
    m_usage->setConfirm([this](const QString &, const QString &text) {
        m_questions.append(text);
        return m_answer;
    });
    m_window->show();
}

void TestUsageController::cleanup()
{
    m_usage.reset();
    m_controller.reset();
    m_window.reset();
    m_api.reset();
}

bool TestUsageController::sendAndWait(const QString &text)
{
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    if (!m_controller->send(text))
        return false;
    return finished.wait(10000);
}

void TestUsageController::panelsAreInTheSidebar()
{
    Sidebar *sidebar = m_window->sidebar();
    QStringList tabs;
    for (int i = 0; i < sidebar->count(); ++i)
        tabs.append(sidebar->tabText(i));
    QVERIFY2(tabs.contains(u"Caching"_s) && tabs.contains(u"Cost"_s), qPrintable(tabs.join(u',')));
    QVERIFY(m_window->findChild<CachingPanel *>());
    QVERIFY(m_window->findChild<CostPanel *>());
    QVERIFY(m_window->findChild<ContextOverflowBar *>());
    QVERIFY(!m_usage->overflowBar()->isVisible());
}

void TestUsageController::everyTabStaysInSight()
{
    Sidebar *sidebar = m_window->sidebar();
    auto *splitter = m_window->findChild<QSplitter *>(u"mainSplitter"_s);
    QVERIFY(splitter);
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    auto checkTabs = [sidebar](const char *when) {
        QTabBar *bar = sidebar->tabBar();
        for (int i = 0; i < bar->count(); ++i) {
            const QRect tab = bar->tabRect(i);
            QVERIFY2(bar->rect().contains(tab) && sidebar->rect().contains(tab),
                     qPrintable(u"%1: tab '%2' at %3..%4 of a %5-pixel sidebar"_s
                                    .arg(QString::fromLatin1(when), bar->tabText(i))
                                    .arg(tab.left())
                                    .arg(tab.right())
                                    .arg(sidebar->width())));
        }
        for (const QToolButton *arrow : bar->findChildren<QToolButton *>())
            QVERIFY2(!arrow->isVisible(), when);
    };
    checkTabs("default layout");
    if (QTest::currentTestFailed())
        return;
    // A user drags the sidebar as narrow as it goes (or an old saved layout asks for less).
    splitter->setSizes({260, 2000, 60});
    QCoreApplication::processEvents();
    checkTabs("after narrowing");
    if (QTest::currentTestFailed())
        return;
    // ... and stops at the width that shows every tab.
    QCOMPARE(sidebar->width(), sidebar->minimumSizeHint().width());
    // The window's other panes keep the room they need too.
    QVERIFY(splitter->widget(1)->width() > 0);
}

void TestUsageController::cachingOnPutsBreakpointsInTheRequest()
{
    CachingPanel *panel = m_usage->cachingPanel();
    panel->findChild<QCheckBox *>(u"cacheEnabled"_s)->setChecked(true);
    panel->findChild<QComboBox *>(u"cacheTtl"_s)->setCurrentIndex(1); // 1 hour
    QCOMPARE(panel->cacheSettings().ttl, CacheTtl::OneHour);

    // Long enough to pass Sonnet's minimum cacheable length (1024 tokens).
    const QString prompt =
        QString(u"The quick brown fox jumps over the lazy dog. "_s).repeated(120);
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(u"First."_s, plainUsage())));
    QVERIFY(sendAndWait(prompt));
    // The new conversation took the panel's settings; they are saved with it.
    QCOMPARE(m_controller->chat()->cacheSettings().enabled, true);
    QCOMPARE(m_controller->chat()->cacheSettings().ttl, CacheTtl::OneHour);
    QVERIFY(m_controller->conversation()->settings().contains(u"cache"_s));

    const QJsonObject request = lastRequestTo(*m_api->server(), "/v1/messages");
    const QByteArray json = QJsonDocument(request).toJson(QJsonDocument::Compact);
    QVERIFY2(json.contains(R"("cache_control":{"ttl":"1h","type":"ephemeral"})"),
             json.left(300).constData());

    // Off again: the next request has no breakpoint.
    panel->findChild<QCheckBox *>(u"cacheEnabled"_s)->setChecked(false);
    QCOMPARE(m_controller->chat()->cacheSettings().enabled, false);
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(u"Second."_s, plainUsage())));
    QVERIFY(sendAndWait(prompt));
    const QByteArray second = QJsonDocument(lastRequestTo(*m_api->server(), "/v1/messages"))
                                  .toJson(QJsonDocument::Compact);
    QVERIFY(!second.contains("cache_control"));
}

void TestUsageController::cachingPanelFigures()
{
    // First reply writes 5,000 tokens to the cache; the second reads them back.
    m_api->server()->addRule(FakeApiServer::streamRule(
        sseReply(u"One."_s, QJsonObject{{u"input_tokens"_s, 10},
                                        {u"cache_creation_input_tokens"_s, 5000},
                                        {u"cache_read_input_tokens"_s, 0},
                                        {u"output_tokens"_s, 1}})));
    m_api->server()->addRule(FakeApiServer::streamRule(
        sseReply(u"Two."_s, QJsonObject{{u"input_tokens"_s, 20},
                                        {u"cache_creation_input_tokens"_s, 0},
                                        {u"cache_read_input_tokens"_s, 5000},
                                        {u"output_tokens"_s, 1}})));
    QVERIFY(sendAndWait(u"Hello"_s));
    QVERIFY(sendAndWait(u"Again"_s));

    CachingPanel *panel = m_usage->cachingPanel();
    QTableWidget *table = panel->table();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(0, 1)->text(), QLocale().toString(5000));
    QCOMPARE(table->item(0, 2)->text(), u"0"_s);
    QCOMPARE(table->item(1, 1)->text(), u"0"_s);
    QCOMPARE(table->item(1, 2)->text(), QLocale().toString(5000));
    // 5000 of 5020 input tokens read: 100 % rounded.
    QCOMPARE(table->item(1, 3)->text(), QLocale().toString(100.0, 'f', 0) + u'%');
    // Saved: 5000 tokens at $3.00 instead of $0.30 per million = $0.0135.
    QCOMPARE(table->item(1, 4)->text(), Cost::formatUsd(0.0135));
    // Written above plain input: 5000 × ($3.75 − $3.00) / 1e6 = $0.00375 extra.
    QCOMPARE(table->item(0, 4)->text(), QString(QChar(0x2212) + Cost::formatUsd(0.00375)));
    QVERIFY2(panel->totalsText().contains(u"read %1 tokens"_s.arg(QLocale().toString(5000))),
             qPrintable(panel->totalsText()));

    // The cache lives 5 minutes after the last read.
    const Turn last =
        m_controller->conversation()->turn(m_controller->conversation()->currentLeaf());
    QCOMPARE(panel->expires(), last.finished.addSecs(300));
    panel->setNow([at = last.finished] { return at.addSecs(60); });
    panel->updateExpiry();
    QVERIFY2(panel->expiryText().contains(u"4:00"_s), qPrintable(panel->expiryText()));
    panel->setNow([at = last.finished] { return at.addSecs(301); });
    panel->updateExpiry();
    QVERIFY2(panel->expiryText().contains(u"expired"_s), qPrintable(panel->expiryText()));
}

void TestUsageController::cachingPanelFromRecording()
{
    QFile file(test::dataPath(u"sse/compaction_delta_cache__pydantic-ai.sse"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    m_api->server()->addRule(FakeApiServer::streamRule(file.readAll()));
    QVERIFY(sendAndWait(u"Hello"_s));
    const Conversation *conversation = m_controller->conversation();
    const Turn turn = conversation->turn(conversation->currentLeaf());
    QCOMPARE(turn.status, TurnStatus::Complete);
    QVERIFY(!turn.usage.isEmpty());
    const CacheStats expected =
        CacheStats::compute(Usage::fromJson(turn.usage), turn.model, Pricing::builtIn(),
                            CacheTtl::FiveMinutes, turn.finished);
    QTableWidget *table = m_usage->cachingPanel()->table();
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 1)->text(), QLocale().toString(expected.written));
    QCOMPARE(table->item(0, 2)->text(), QLocale().toString(expected.read));
    QCOMPARE(m_usage->cachingPanel()->expires(), expected.expires);
}

void TestUsageController::costPanelTurnConversationAndLedger()
{
    // A CLI request today and one two months ago are in the shared ledger already.
    const CostLedger ledger(AppPaths(m_api->root()).ledgerFile());
    LedgerEntry cli;
    cli.time = QDateTime::currentDateTime();
    cli.model = u"claude-sonnet-4-5"_s;
    cli.usage.inputTokens = 100;
    cli.usage.requests = 1;
    cli.costUsd = 0.5;
    cli.source = u"cli"_s;
    QVERIFY(ledger.append(cli));
    LedgerEntry old = cli;
    old.time = QDateTime::currentDateTime().addMonths(-2);
    old.costUsd = 7.0;
    QVERIFY(ledger.append(old));

    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(u"Hi."_s, plainUsage(1000))));
    QVERIFY(sendAndWait(u"Hello"_s));
    // 1000 input at $3 + 20 output at $15 per million.
    const double turnCost = 1000 * 3e-6 + 20 * 15e-6;
    CostPanel *panel = m_usage->costPanel();
    QVERIFY2(panel->turnText().contains(Cost::formatUsd(turnCost)), qPrintable(panel->turnText()));
    QVERIFY2(panel->turnText().contains(u"In: 1000; Out: 20"_s), qPrintable(panel->turnText()));
    QVERIFY(panel->conversationText().contains(Cost::formatUsd(turnCost)));
    QVERIFY2(panel->todayText().contains(Cost::formatUsd(0.5 + turnCost)),
             qPrintable(panel->todayText()));
    QVERIFY(panel->todayText().contains(u"2 request"_s));
    QVERIFY2(panel->monthText().contains(Cost::formatUsd(0.5 + turnCost)),
             qPrintable(panel->monthText()));

    // The GUI's reply went to the ledger with its source and conversation.
    const QList<LedgerEntry> entries = ledger.entries();
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries.last().source, u"gui"_s);
    QCOMPARE(entries.last().conversationId, m_controller->conversation()->id());
    QCOMPARE(entries.last().usage.inputTokens, 1000);
    QVERIFY(qFuzzyCompare(*entries.last().costUsd, turnCost));

    // A second reply adds up in the conversation.
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(u"Again."_s, plainUsage(1000))));
    QVERIFY(sendAndWait(u"More"_s));
    QVERIFY2(panel->conversationText().contains(Cost::formatUsd(2 * turnCost)),
             qPrintable(panel->conversationText()));
    QVERIFY(panel->conversationText().contains(u"In: 2000; Out: 40"_s));
}

void TestUsageController::estimateShownAfterTyping()
{
    m_api->server()->addRule(countRule(1234));
    PromptEditor *editor = m_window->promptEditor();
    QTest::keyClicks(editor->textEdit(), u"How are you today?"_s);
    QTRY_VERIFY_WITH_TIMEOUT(editor->tokenEstimateText().contains(u"input tokens"_s), 5000);
    // 1234 input tokens on Sonnet 4.5 at $3 per million.
    QCOMPARE(editor->tokenEstimateText(),
             u"≈ %1 input tokens · %2"_s.arg(QLocale().toString(1234), Cost::formatUsd(0.003702)));
    // Typing was debounced into one call, for the request Send would make.
    QCOMPARE(requestsTo(*m_api->server(), "/v1/messages/count_tokens"), 1);
    const QJsonObject body = lastRequestTo(*m_api->server(), "/v1/messages/count_tokens");
    QCOMPARE(body.value("model"_L1).toString(), u"claude-sonnet-4-5"_s);
    QVERIFY(!body.contains("max_tokens"_L1));
    QCOMPARE(body.value("messages"_L1).toArray().size(), 1);

    // Typing again drops the stale figure until the new one arrives.
    QTest::keyClicks(editor->textEdit(), u" Fine?"_s);
    QVERIFY(!editor->tokenEstimateText().contains(u"input tokens"_s));
    QTRY_VERIFY_WITH_TIMEOUT(editor->tokenEstimateText().contains(u"input tokens"_s), 5000);
    QCOMPARE(requestsTo(*m_api->server(), "/v1/messages/count_tokens"), 2);
}

void TestUsageController::estimateSilentWithoutApi()
{
    // No rule: count_tokens answers 404. Nothing is shown but the rough local figure.
    QSignalSpy errors(m_controller.get(), &ConversationController::errorShown);
    PromptEditor *editor = m_window->promptEditor();
    editor->setText(u"Some words to count"_s);
    TokenEstimator *estimator = m_usage->estimator();
    QTRY_COMPARE_WITH_TIMEOUT(requestsTo(*m_api->server(), "/v1/messages/count_tokens"), 1, 5000);
    QTRY_VERIFY(!estimator->isPending());
    QVERIFY(!editor->tokenEstimateText().contains(u"input tokens"_s));
    QVERIFY(errors.isEmpty());
    QVERIFY(m_window->statusBar()->currentMessage().isEmpty());

    // Without a key, nothing is asked at all.
    Credentials none;
    none.setBaseUrl(m_api->server()->url());
    m_api->client()->setCredentials(none);
    editor->setText(u"Other words"_s);
    QVERIFY(estimator->isPending());
    QTRY_VERIFY(!estimator->isPending());
    QCOMPARE(requestsTo(*m_api->server(), "/v1/messages/count_tokens"), 1);
    QVERIFY(!estimator->current());
}

void TestUsageController::thresholdAsksFirst_data()
{
    QTest::addColumn<bool>("answer");
    QTest::newRow("declined") << false;
    QTest::newRow("accepted") << true;
}

void TestUsageController::thresholdAsksFirst()
{
    QFETCH(bool, answer);
    m_usage->setCostThreshold(0.10);
    m_api->server()->addRule(countRule(100000));
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(u"Ok."_s, plainUsage())));
    PromptEditor *editor = m_window->promptEditor();
    editor->setText(u"An expensive question"_s);
    QTRY_VERIFY_WITH_TIMEOUT(editor->tokenEstimateText().contains(u"input tokens"_s), 5000);

    m_answer = answer;
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    Q_EMIT m_window->sendRequested(editor->text(), editor->attachments());
    QCOMPARE(m_questions.size(), 1);
    // 100,000 tokens at $3 per million is $0.30, above the $0.10 limit.
    QVERIFY2(m_questions.first().contains(QLocale().toString(100000)) &&
                 m_questions.first().contains(Cost::formatUsd(0.30)) &&
                 m_questions.first().contains(Cost::formatUsd(0.10)),
             qPrintable(m_questions.first()));
    if (!answer) {
        QCOMPARE(requestsTo(*m_api->server(), "/v1/messages"), 0);
        QCOMPARE(editor->text(), u"An expensive question"_s); // nothing lost
        QVERIFY(!m_controller->conversation());
    } else {
        QVERIFY(finished.wait(10000));
        QCOMPARE(requestsTo(*m_api->server(), "/v1/messages"), 1);
    }

    // Below the threshold nobody is asked.
    m_questions.clear();
    m_usage->setCostThreshold(1.0);
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(u"Ok."_s, plainUsage())));
    editor->setText(u"A cheaper one"_s);
    QTRY_VERIFY_WITH_TIMEOUT(editor->tokenEstimateText().contains(u"input tokens"_s), 5000);
    Q_EMIT m_window->sendRequested(editor->text(), editor->attachments());
    QVERIFY(m_questions.isEmpty());
    QTRY_VERIFY(editor->text().isEmpty());
}

void TestUsageController::longContextAsksFirst()
{
    // No threshold set: only the long-context boundary (200,000 for Sonnet 4.5) asks.
    m_api->server()->addRule(countRule(250000));
    PromptEditor *editor = m_window->promptEditor();
    editor->setText(u"A very long document follows"_s);
    QTRY_VERIFY_WITH_TIMEOUT(editor->tokenEstimateText().contains(u"input tokens"_s), 5000);
    m_answer = false;
    QVERIFY(!m_controller->send(editor->text()));
    QCOMPARE(m_questions.size(), 1);
    QVERIFY2(m_questions.first().contains(u"long-context"_s) &&
                 m_questions.first().contains(QLocale().toString(200000)) &&
                 m_questions.first().contains(QLocale().toString(250000)),
             qPrintable(m_questions.first()));
    QCOMPARE(requestsTo(*m_api->server(), "/v1/messages"), 0);
}

void TestUsageController::promptTooLongOffersLeaveOut()
{
    for (int i = 0; i < 3; ++i) {
        m_api->server()->addRule(
            FakeApiServer::streamRule(sseReply(u"Reply %1."_s.arg(i), plainUsage())));
        QVERIFY(sendAndWait(u"Question %1"_s.arg(i)));
    }
    QVERIFY(!m_usage->overflowBar()->isVisible());
    m_api->server()->addRule(errorRule(400, "invalid_request_error",
                                       "prompt is too long: 215004 tokens > 200000 maximum"));
    QVERIFY(sendAndWait(u"Question 3"_s));
    ContextOverflowBar *bar = m_usage->overflowBar();
    QTRY_VERIFY(bar->isVisible());
    QVERIFY2(bar->text().contains(u"no longer fits"_s), qPrintable(bar->text()));
    QVERIFY(bar->leaveOutButton()->isVisible());
    QVERIFY(bar->summaryButton()->isVisible());

    // Leave out the oldest turns: the retry sends fewer messages, starting with a user turn.
    bar->leaveOutButton()->click();
    Chat *chat = m_controller->chat();
    QVERIFY(chat->leftOutMessages() > 0);
    QVERIFY(!bar->isVisible());
    QVERIFY2(m_window->bannerText().contains(u"left out"_s), qPrintable(m_window->bannerText()));
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(u"Now it fits."_s, plainUsage())));
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    QVERIFY(chat->regenerate());
    QVERIFY(finished.wait(10000));
    const QJsonArray sent =
        lastRequestTo(*m_api->server(), "/v1/messages").value("messages"_L1).toArray();
    QVERIFY2(sent.size() < 7, qPrintable(QString::number(sent.size())));
    QCOMPARE(sent.first().toObject().value("role"_L1).toString(), u"user"_s);
    QCOMPARE(sent.last()
                 .toObject()
                 .value("content"_L1)
                 .toArray()
                 .first()
                 .toObject()
                 .value("text"_L1)
                 .toString(),
             u"Question 3"_s);
    // The conversation file still has every turn.
    QCOMPARE(m_controller->conversation()->currentBranch().size(), 8);
}

void TestUsageController::contextWindowExceededOffersSummary()
{
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(u"First reply."_s, plainUsage())));
    QVERIFY(sendAndWait(u"Tell me about caching"_s));
    m_api->server()->addRule(FakeApiServer::streamRule(
        sseReply(u"Cut short"_s, plainUsage(), u"model_context_window_exceeded"_s)));
    QVERIFY(sendAndWait(u"And more"_s));
    ContextOverflowBar *bar = m_usage->overflowBar();
    QTRY_VERIFY(bar->isVisible());
    QVERIFY2(bar->text().contains(u"context window"_s), qPrintable(bar->text()));

    // The summary is asked for without streaming; the new conversation's prompt holds it.
    FakeApiServer::Rule summary;
    summary.method = "POST";
    summary.path = "/v1/messages";
    summary.headers = {{"content-type", "application/json"}};
    summary.times = 1;
    summary.body =
        QJsonDocument(QJsonObject{{u"id"_s, u"msg_s"_s},
                                  {u"type"_s, u"message"_s},
                                  {u"role"_s, u"assistant"_s},
                                  {u"model"_s, u"claude-sonnet-4-5"_s},
                                  {u"content"_s, QJsonArray{QJsonObject{
                                                     {u"type"_s, u"text"_s},
                                                     {u"text"_s, u"SUMMARY: caching, more"_s}}}},
                                  {u"stop_reason"_s, u"end_turn"_s},
                                  {u"usage"_s, plainUsage()}})
            .toJson();
    m_api->server()->addRule(summary);
    const QString oldPath = m_controller->currentPath();
    QSignalSpy ready(m_usage.get(), &UsageController::summaryReady);
    bar->summaryButton()->click();
    QVERIFY(ready.wait(10000));
    const QJsonObject asked = lastRequestTo(*m_api->server(), "/v1/messages");
    QVERIFY(!asked.value("stream"_L1).toBool());
    const QJsonArray messages = asked.value("messages"_L1).toArray();
    QVERIFY(messages.last().toObject().value("content"_L1).toString().contains(u"Summarize"_s));
    QCOMPARE(messages.first().toObject().value("content"_L1).toString(),
             u"Tell me about caching"_s);
    QVERIFY(!m_controller->conversation()); // a new conversation
    QVERIFY(m_controller->currentPath() != oldPath);
    QVERIFY(m_window->promptEditor()->text().contains(u"SUMMARY: caching, more"_s));
    QVERIFY(!bar->isVisible());

    // Sending it starts the new conversation with the summary as its first user turn.
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(u"Got it."_s, plainUsage())));
    QVERIFY(sendAndWait(m_window->promptEditor()->text()));
    const Conversation *fresh = m_controller->conversation();
    QCOMPARE(fresh->currentBranch().size(), 2);
    QVERIFY(fresh->turn(fresh->currentBranch().first()).plainText().contains(u"SUMMARY"_s));
}

void TestUsageController::requestTooLargeNamesAttachments()
{
    QFile notes(m_api->filePath(u"notes.txt"_s));
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write(QByteArray(3000, 'x'));
    notes.close();
    PromptEditor *editor = m_window->promptEditor();
    QCOMPARE(editor->addFiles({QUrl::fromLocalFile(notes.fileName())}), 1);
    editor->setText(u"Read this"_s);
    m_api->server()->addRule(errorRule(413, "request_too_large",
                                       "Request exceeds the maximum allowed number of bytes."));
    QSignalSpy finished(m_controller.get(), &ConversationController::replyFinished);
    Q_EMIT m_window->sendRequested(editor->text(), editor->attachments());
    QVERIFY(finished.wait(10000));
    ContextOverflowBar *bar = m_usage->overflowBar();
    QTRY_VERIFY(bar->isVisible());
    QVERIFY2(bar->text().contains(u"413"_s) && bar->text().contains(u"notes.txt"_s) &&
                 bar->text().contains(QLocale().formattedDataSize(3000)),
             qPrintable(bar->text()));
    QVERIFY(!bar->leaveOutButton()->isVisible());
}

void TestUsageController::keyAppearsInNoFileAndNoLog()
{
    // Capture every log line, debug included.
    QLoggingCategory::setFilterRules(u"*.debug=true"_s);
    g_log.clear();
    g_previousHandler = qInstallMessageHandler(captureMessage);

    const AppPaths paths(m_api->root());
    MemorySecretStore store;
    AccountController account(m_window.get(), m_api->client(), &store, paths.settingsFile(),
                              QProcessEnvironment());
    account.openSettings();
    QVERIFY(account.dialog());
    QSignalSpy known(account.dialog(), &SettingsDialog::keyStateKnown);
    QVERIFY(known.wait());
    account.dialog()->findChild<QLineEdit *>(u"apiKeyEdit"_s)->setText(kSecret);
    QSignalSpy credentials(&account, &AccountController::credentialsChanged);
    account.dialog()->accept();
    QTRY_COMPARE(credentials.size(), 1);
    QCOMPARE(m_api->client()->credentials().apiKey(), kSecret);

    m_api->server()->addRule(countRule(42));
    m_window->promptEditor()->setText(u"Hi"_s);
    QTRY_VERIFY_WITH_TIMEOUT(m_usage->estimator()->current().has_value(), 5000);
    m_api->server()->addRule(FakeApiServer::streamRule(sseReply(u"Hello!"_s, plainUsage())));
    QVERIFY(sendAndWait(u"Hi"_s));
    m_api->server()->addRule(errorRule(401, "authentication_error", "invalid x-api-key"));
    QVERIFY(sendAndWait(u"Again"_s));
    // The key was really sent.
    QCOMPARE(m_api->server()->requests().last().header("x-api-key"), kSecret.toUtf8());
    m_window->saveWindowState();
    m_usage.reset();
    m_controller.reset(); // closes and saves the conversation

    qInstallMessageHandler(g_previousHandler);
    QLoggingCategory::setFilterRules(QString());

    QStringList folders{m_api->root(),
                        QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation),
                        QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)};
    int files = 0;
    for (const QString &folder : folders) {
        QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            ++files;
            QVERIFY2(!file.readAll().contains(kSecret.toUtf8()), qPrintable(file.fileName()));
        }
    }
    QVERIFY(files >= 3); // settings, the conversation, the ledger at least
    QVERIFY(!g_log.isEmpty());
    for (const QString &line : std::as_const(g_log))
        QVERIFY2(!line.contains(kSecret), qPrintable(line));
}

void TestUsageController::pictureOfThePanels()
{
    // Renders the window with the Caching and Cost tabs after two cached replies; with
    // CLAUDETTE_SCREENSHOT_DIR set, the pictures are saved there (to look at them).
    m_usage->cachingPanel()->findChild<QCheckBox *>(u"cacheEnabled"_s)->setChecked(true);
    m_api->server()->addRule(FakeApiServer::streamRule(
        sseReply(u"Prompt caching keeps the prefix of a request on the server for a while."_s,
                 QJsonObject{{u"input_tokens"_s, 14},
                             {u"cache_creation_input_tokens"_s, 4810},
                             {u"output_tokens"_s, 1}})));
    m_api->server()->addRule(FakeApiServer::streamRule(
        sseReply(u"Yes: the second request read the whole prefix back from the cache."_s,
                 QJsonObject{{u"input_tokens"_s, 23},
                             {u"cache_read_input_tokens"_s, 4810},
                             {u"cache_creation_input_tokens"_s, 61},
                             {u"output_tokens"_s, 1}})));
    QVERIFY(sendAndWait(u"What does prompt caching do?"_s));
    QVERIFY(sendAndWait(u"Did the second request hit the cache?"_s));
    m_api->server()->addRule(countRule(4931));
    m_window->promptEditor()->setText(u"And how long does it live?"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->promptEditor()->tokenEstimateText().contains(u"input tokens"_s), 5000);
    m_window->resize(1440, 900);
    const QString dir = qEnvironmentVariable("CLAUDETTE_SCREENSHOT_DIR");
    for (QWidget *panel : {static_cast<QWidget *>(m_usage->cachingPanel()),
                           static_cast<QWidget *>(m_usage->costPanel())}) {
        m_window->sidebar()->setCurrentWidget(panel);
        const QPixmap picture = m_window->grab();
        QVERIFY(!picture.isNull());
        if (!dir.isEmpty())
            QVERIFY(picture.save(dir + u'/' + panel->objectName() + u".png"_s));
    }
    m_usage->overflowBar()->showOverflow(
        u"The reply stopped because the conversation filled the model's context window. Leave "
        "out the oldest turns, or continue in a new conversation that starts from a summary."_s);
    if (!dir.isEmpty())
        QVERIFY(m_window->grab().save(dir + u"/overflow.png"_s));
}

QTEST_MAIN(TestUsageController)
#include "tst_usagecontroller.moc"
