#include "core/api/client.h"
#include "core/chat/chat.h"
#include "core/store/conversation.h"
#include "core/usage/cost.h"
#include "support/fakeapirig.h"
#include "support/fakeapiserver.h"
#include "support/ssebuilder.h"
#include "support/testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using claudette::Chat;
using claudette::Client;
using claudette::Conversation;
using claudette::Turn;
using claudette::TurnStatus;
using claudette::Usage;
using claudette::test::FakeApiRig;
using claudette::test::FakeApiServer;

namespace {
QByteArray reply(const QString &text, int inputTokens, int outputTokens)
{
    return claudette::test::SseBuilder::textReply(text, inputTokens, outputTokens,
                                                  u"claude-sonnet-4-5-20250929"_s);
}

QJsonArray userText(const QString &text)
{
    return QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, text}}};
}
} // namespace

class TestChat : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeApiRig> m_api;
    Conversation *m_conversation = nullptr;
    Chat *m_chat = nullptr;

    void serve(const QByteArray &body, QJsonObject extra = {})
    {
        extra.insert("match"_L1, QJsonObject{{"path"_L1, "/v1/messages"_L1}});
        extra.insert("body"_L1, QString::fromUtf8(body));
        if (!extra.contains("headers"_L1))
            extra.insert("headers"_L1, QJsonObject{{"request-id"_L1, "req_chat"_L1}});
        QVERIFY2(m_api->server()->addRule(extra), qPrintable(m_api->server()->errorString()));
    }

    TurnStatus waitForReply()
    {
        QSignalSpy finished(m_chat, &Chat::replyFinished);
        if (m_chat->isBusy() && !finished.wait(10000))
            return TurnStatus::Streaming;
        return m_conversation->turn(m_conversation->currentLeaf()).status;
    }

    QJsonObject lastRequest() const
    {
        return m_api->server()->requests().constLast().json().object();
    }
    Turn leaf() const { return m_conversation->turn(m_conversation->currentLeaf()); }

private Q_SLOTS:
    void init()
    {
        m_api = std::make_unique<FakeApiRig>();
        QVERIFY2(m_api->isReady(), qPrintable(m_api->errorString()));
        m_conversation = new Conversation(this);
        m_chat = new Chat(m_api->client(), m_conversation, this);
        m_chat->setModel(u"claude-sonnet-4-5"_s);
    }

    void cleanup()
    {
        delete m_chat;
        m_api.reset();
        delete m_conversation;
    }

    void streamingReplyIntoConversation()
    {
        serve(reply(u"Hello there"_s, 12, 4));
        m_chat->setSystemPrompt(u"Be brief."_s);
        m_chat->setMaxTokens(300);
        m_chat->setTemperature(0.5);
        m_chat->setStopSequences({u"STOP"_s});
        QSignalSpy started(m_chat, &Chat::replyStarted);
        QSignalSpy text(m_chat, &Chat::textAppended);
        QVERIFY(m_chat->send(u"Hi"_s));
        QCOMPARE(started.count(), 1);
        QVERIFY(m_chat->isBusy());
        QCOMPARE(m_conversation->turnCount(), 2);
        QCOMPARE(leaf().status, TurnStatus::Streaming);
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        QCOMPARE(text.count(), 1);
        QCOMPARE(text.at(0).at(2).toString(), u"Hello there"_s);

        const Turn t = leaf();
        QVERIFY(t.isAssistant());
        QCOMPARE(t.plainText(), u"Hello there"_s);
        QCOMPARE(t.stopReason, u"end_turn"_s);
        QCOMPARE(t.requestId, u"req_chat"_s);
        QCOMPARE(t.model, u"claude-sonnet-4-5-20250929"_s);
        QCOMPARE(t.usage["input_tokens"_L1].toInt(), 12);
        QCOMPARE(t.usage["output_tokens"_L1].toInt(), 4);
        QVERIFY(t.costUsd.has_value());
        QVERIFY(qFuzzyCompare(*t.costUsd, (12 * 3.0 + 4 * 15.0) / 1e6));
        QCOMPARE(t.params["max_tokens"_L1].toInt(), 300);

        const QJsonObject body = lastRequest();
        QCOMPARE(body["model"_L1].toString(), u"claude-sonnet-4-5"_s);
        QCOMPARE(body["max_tokens"_L1].toInt(), 300);
        QCOMPARE(body["system"_L1].toString(), u"Be brief."_s);
        QCOMPARE(body["temperature"_L1].toDouble(), 0.5);
        QCOMPARE(body["stop_sequences"_L1].toArray(), QJsonArray{u"STOP"_s});
        QCOMPARE(body["stream"_L1].toBool(), true);
        const QJsonArray messages = body["messages"_L1].toArray();
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.at(0)["role"_L1].toString(), u"user"_s);

        // The next request carries the history.
        QVERIFY(m_chat->send(u"And?"_s));
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        QCOMPARE(lastRequest()["messages"_L1].toArray().size(), 3);
        QCOMPARE(lastRequest()["messages"_L1].toArray().at(1)["role"_L1].toString(),
                 u"assistant"_s);
    }

    void thinkingAndEffortParameters()
    {
        serve(reply(u"ok"_s, 1, 1));
        m_chat->setModel(u"claude-opus-4-6"_s);
        m_chat->setThinking(Chat::ThinkingMode::Adaptive);
        m_chat->setEffort(u"high"_s);
        QVERIFY(m_chat->send(u"Think"_s));
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        const QJsonObject body = lastRequest();
        QCOMPARE(body["thinking"_L1].toObject(),
                 (QJsonObject{{"type"_L1, "adaptive"_L1}, {"display"_L1, "summarized"_L1}}));
        QCOMPARE(body["output_config"_L1]["effort"_L1].toString(), u"high"_s);

        m_chat->setModel(u"claude-sonnet-4-5"_s);
        m_chat->setEffort({});
        m_chat->setThinking(Chat::ThinkingMode::Budget, 2048);
        m_chat->setMaxTokens(4096);
        QVERIFY(m_chat->send(u"Think more"_s));
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        QCOMPARE(lastRequest()["thinking"_L1]["budget_tokens"_L1].toInt(), 2048);
        QCOMPARE(lastRequest()["thinking"_L1]["type"_L1].toString(), u"enabled"_s);
        QCOMPARE(lastRequest()["thinking"_L1]["display"_L1].toString(), u"summarized"_s);

        // Omitted display is a setting too, kept in the conversation's settings.
        m_chat->setThinkingDisplay(claudette::ThinkingConfig::Display::Omitted);
        QCOMPARE(m_conversation->settings()["thinking_display"_L1].toString(), u"omitted"_s);
        QVERIFY(m_chat->send(u"Think quietly"_s));
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        QCOMPARE(lastRequest()["thinking"_L1]["display"_L1].toString(), u"omitted"_s);

        // between_tools takes no display; xhigh effort goes out as given.
        m_chat->setModel(u"claude-opus-4-8"_s);
        m_chat->setThinking(Chat::ThinkingMode::BetweenTools);
        m_chat->setEffort(u"xhigh"_s);
        QVERIFY(m_chat->send(u"Work"_s));
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        QCOMPARE(lastRequest()["thinking"_L1].toObject(),
                 (QJsonObject{{"type"_L1, "between_tools"_L1}}));
        QCOMPARE(lastRequest()["output_config"_L1]["effort"_L1].toString(), u"xhigh"_s);
        QCOMPARE(m_chat->thinkingMode(), Chat::ThinkingMode::BetweenTools);
    }

    void prefillRefusedForModelThatRejectsIt()
    {
        serve(reply(u"x"_s, 1, 1));
        m_chat->setModel(u"claude-opus-4-6"_s);
        QSignalSpy refused(m_chat, &Chat::refused);
        QVERIFY(!m_chat->send(u"Hi"_s, u"Sure:"_s));
        QCOMPARE(refused.count(), 1);
        QVERIFY(refused.at(0).at(0).toString().contains(u"prefill"_s, Qt::CaseInsensitive));
        QCOMPARE(m_conversation->turnCount(), 0);
        QVERIFY(!m_chat->isBusy());
        QCOMPARE(m_api->server()->requests().size(), 0);
    }

    void prefillShownAsPrefillPlusContinuation()
    {
        serve(reply(u" the answer is 4."_s, 5, 6));
        QSignalSpy started(m_chat, &Chat::replyStarted);
        QVERIFY(m_chat->send(u"2+2?"_s, u"Well, "_s));
        QCOMPARE(started.at(0).at(1).toString(), u"Well,"_s);
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        const QJsonArray messages = lastRequest()["messages"_L1].toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(1)["role"_L1].toString(), u"assistant"_s);
        // Trailing whitespace is not allowed at the end of a final assistant turn.
        QCOMPARE(messages.at(1)["content"_L1].toArray().at(0)["text"_L1].toString(), u"Well,"_s);
        QCOMPARE(leaf().plainText(), u"Well, the answer is 4."_s);
        QCOMPARE(leaf().params["prefill"_L1].toString(), u"Well,"_s);
        // The API's own message is kept as it came.
        QCOMPARE(m_chat->lastMessage()["content"_L1][0]["text"_L1].toString(),
                 u" the answer is 4."_s);
    }

    void stopKeepsWhatArrived()
    {
        const QByteArray body = reply(u"Partial"_s, 3, 3);
        serve(body, QJsonObject{{"stall_at"_L1, body.indexOf("event: content_block_stop")},
                                {"stall_ms"_L1, -1}});
        m_chat->setFlushInterval(0);
        QSignalSpy text(m_chat, &Chat::textAppended);
        QVERIFY(m_chat->send(u"Go"_s));
        QVERIFY(text.wait(10000));
        // The streaming turn's content follows the deltas.
        QTRY_COMPARE(leaf().plainText(), u"Partial"_s);
        QCOMPARE(leaf().status, TurnStatus::Streaming);
        QSignalSpy finished(m_chat, &Chat::replyFinished);
        m_chat->stop();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(1).value<TurnStatus>(), TurnStatus::Stopped);
        QCOMPARE(leaf().status, TurnStatus::Stopped);
        QCOMPARE(leaf().plainText(), u"Partial"_s);
        QVERIFY(leaf().error.isEmpty());
        QVERIFY(!m_chat->isBusy());
    }

    void regenerateMakesSibling()
    {
        serve(reply(u"First"_s, 2, 2), QJsonObject{{"times"_L1, 1}});
        serve(reply(u"Second"_s, 2, 2));
        QVERIFY(m_chat->send(u"Q"_s));
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        const QString first = m_conversation->currentLeaf();
        QVERIFY(m_chat->regenerate());
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        const QString second = m_conversation->currentLeaf();
        QVERIFY(first != second);
        QCOMPARE(m_conversation->turn(second).parentId, m_conversation->turn(first).parentId);
        QCOMPARE(m_conversation->siblingCount(second), 2);
        QCOMPARE(m_conversation->turn(first).plainText(), u"First"_s);
        QCOMPARE(m_conversation->turn(second).plainText(), u"Second"_s);
        // The regenerated request ends with the user turn, not the old reply.
        const QJsonArray messages = lastRequest()["messages"_L1].toArray();
        QCOMPARE(messages.size(), 1);
        QCOMPARE(m_conversation->currentBranch().size(), 2);
    }

    void editUserTurnMakesBranch()
    {
        serve(reply(u"A"_s, 1, 1));
        QVERIFY(m_chat->send(u"one"_s));
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        const QString oldUser = m_conversation->currentBranch().at(0);
        QVERIFY(m_chat->editUserTurn(oldUser, userText(u"two"_s)));
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        const QString newUser = m_conversation->currentBranch().at(0);
        QVERIFY(newUser != oldUser);
        QCOMPARE(m_conversation->siblingCount(newUser), 2);
        QCOMPARE(m_conversation->turn(newUser).plainText(), u"two"_s);
        const QJsonArray messages = lastRequest()["messages"_L1].toArray();
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.at(0)["content"_L1][0]["text"_L1].toString(), u"two"_s);
        QCOMPARE(m_conversation->turnCount(), 4);
    }

    void errorTurnWithRequestId()
    {
        const QJsonObject error{{"type"_L1, "error"_L1},
                                {"error"_L1, QJsonObject{{"type"_L1, "overloaded_error"_L1},
                                                         {"message"_L1, "Overloaded"_L1}}}};
        QVERIFY(m_api->server()->addRule(
            QJsonObject{{"match"_L1, QJsonObject{{"path"_L1, "/v1/messages"_L1}}},
                        {"status"_L1, 529},
                        {"times"_L1, 1},
                        {"headers"_L1, QJsonObject{{"request-id"_L1, "req_overloaded"_L1}}},
                        {"body"_L1, error}}));
        serve(reply(u"Fine now"_s, 1, 1));
        QVERIFY(m_chat->send(u"Hi"_s));
        QCOMPARE(waitForReply(), TurnStatus::Error);
        const Turn t = leaf();
        QCOMPARE(t.error.kind, u"http"_s);
        QCOMPARE(t.error.type, u"overloaded_error"_s);
        QCOMPARE(t.error.message, u"Overloaded"_s);
        QCOMPARE(t.error.httpStatus, 529);
        QCOMPARE(t.error.requestId, u"req_overloaded"_s);
        QCOMPARE(t.requestId, u"req_overloaded"_s);
        // Regenerating the failed reply works and the error turn is not sent back.
        QVERIFY(m_chat->regenerate());
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        QCOMPARE(lastRequest()["messages"_L1].toArray().size(), 1);
        QCOMPARE(m_conversation->siblingCount(m_conversation->currentLeaf()), 2);
    }

    void droppedConnectionIsInterrupted()
    {
        const QByteArray body = reply(u"Half a reply"_s, 3, 3);
        serve(body, QJsonObject{{"close_after_bytes"_L1, body.indexOf("content_block_stop")}});
        QVERIFY(m_chat->send(u"Hi"_s));
        QCOMPARE(waitForReply(), TurnStatus::Interrupted);
        QCOMPARE(leaf().plainText(), u"Half a reply"_s);
        QVERIFY(!leaf().error.isEmpty());
        QVERIFY(!leaf().requestId.isEmpty());
    }

    void usageAndCostSummed()
    {
        serve(reply(u"a"_s, 100, 10), QJsonObject{{"times"_L1, 1}});
        serve(reply(u"b"_s, 200, 20));
        QVERIFY(m_chat->send(u"1"_s));
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        QVERIFY(m_chat->send(u"2"_s));
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        const Usage total = m_chat->totalUsage();
        QCOMPARE(total.inputTokens, 300);
        QCOMPARE(total.outputTokens, 30);
        QCOMPARE(
            total.toString(),
            u"In: 300; Out: 30; Cache create: 0; Cache read: 0; Total Tokens: 330; Search: 0"_s);
        QVERIFY(m_chat->totalCost().has_value());
        QVERIFY(qFuzzyCompare(*m_chat->totalCost(), (300 * 3.0 + 30 * 15.0) / 1e6));
        QVERIFY(!m_chat->hasUnknownCost());
    }

    void unknownModelHasNoPrice()
    {
        QByteArray body = reply(u"?"_s, 5, 5);
        body.replace("claude-sonnet-4-5-20250929", "claude-mystery-9");
        serve(body);
        m_chat->setModel(u"claude-mystery-9"_s);
        QVERIFY(m_chat->send(u"Hi"_s));
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        QVERIFY(!leaf().costUsd.has_value());
        QVERIFY(m_chat->hasUnknownCost());
        QCOMPARE(m_chat->totalUsage().inputTokens, 5);
    }

    void continueReply_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("prefill");
        QTest::newRow("prefill allowed") << u"claude-sonnet-4-5"_s << true;
        QTest::newRow("prefill rejected") << u"claude-opus-4-6"_s << false;
    }

    void continueReply()
    {
        QFETCH(QString, model);
        QFETCH(bool, prefill);
        const QByteArray body = reply(u"Once upon "_s, 3, 3);
        serve(body, QJsonObject{{"times"_L1, 1},
                                {"stall_at"_L1, body.indexOf("event: content_block_stop")},
                                {"stall_ms"_L1, -1}});
        serve(reply(u" a time."_s, 3, 3));
        m_chat->setModel(model);
        QSignalSpy text(m_chat, &Chat::textAppended);
        QVERIFY(m_chat->send(u"Tell a story"_s));
        QVERIFY(text.wait(10000));
        m_chat->stop();
        QCOMPARE(leaf().status, TurnStatus::Stopped);
        const QString stopped = m_conversation->currentLeaf();

        QVERIFY(m_chat->continueReply());
        QCOMPARE(waitForReply(), TurnStatus::Complete);
        const QJsonArray messages = lastRequest()["messages"_L1].toArray();
        if (prefill) {
            QCOMPARE(messages.size(), 2);
            QCOMPARE(messages.at(1)["role"_L1].toString(), u"assistant"_s);
            QCOMPARE(messages.at(1)["content"_L1][0]["text"_L1].toString(), u"Once upon"_s);
            QCOMPARE(leaf().plainText(), u"Once upon a time."_s);
            QCOMPARE(leaf().parentId, m_conversation->turn(stopped).parentId);
        } else {
            QCOMPARE(messages.size(), 3);
            QCOMPARE(messages.at(1)["role"_L1].toString(), u"assistant"_s);
            QCOMPARE(messages.at(2)["role"_L1].toString(), u"user"_s);
            QCOMPARE(leaf().plainText(), u" a time."_s);
            QCOMPARE(m_conversation->turn(leaf().parentId).parentId, stopped);
        }
    }

    void refusedWhileBusyAndForEmptyInput()
    {
        const QByteArray body = reply(u"slow"_s, 1, 1);
        serve(body, QJsonObject{{"stall_at"_L1, 10}, {"stall_ms"_L1, -1}});
        QSignalSpy refused(m_chat, &Chat::refused);
        QVERIFY(!m_chat->send(QJsonArray{}));
        QVERIFY(!m_chat->regenerate());
        QVERIFY(!m_chat->continueReply());
        QCOMPARE(refused.count(), 3);
        QVERIFY(m_chat->send(u"Hi"_s));
        QVERIFY(!m_chat->send(u"Again"_s));
        QCOMPARE(refused.count(), 4);
        QCOMPARE(m_conversation->turnCount(), 2);
        m_chat->stop();
        QCOMPARE(leaf().status, TurnStatus::Stopped);
    }

    void invalidParametersRefusedBeforeSending()
    {
        serve(reply(u"x"_s, 1, 1));
        m_chat->setThinking(Chat::ThinkingMode::Budget, 2048);
        m_chat->setMaxTokens(1500); // the budget must stay below max_tokens
        QSignalSpy refused(m_chat, &Chat::refused);
        QVERIFY(!m_chat->send(u"Hi"_s));
        QCOMPARE(refused.count(), 1);
        QCOMPARE(m_conversation->turnCount(), 0);
        QCOMPARE(m_api->server()->requests().size(), 0);
    }

    void settingsKeptInConversation()
    {
        m_chat->setSystemPrompt(u"sys"_s);
        m_chat->setTopK(5);
        QCOMPARE(m_conversation->settings()["system"_L1].toString(), u"sys"_s);
        Chat other(m_api->client(), m_conversation);
        QCOMPARE(other.systemPrompt(), u"sys"_s);
        QCOMPARE(other.topK(), std::optional<int>(5));
        QCOMPARE(other.model(), u"claude-sonnet-4-5"_s);
        m_chat->setTopK(std::nullopt);
        QVERIFY(!m_conversation->settings().contains("top_k"_L1));
    }

    void cacheSettingsPlaceBreakpoints()
    {
        // Three exchanges, long enough to pass the model's minimum cacheable length.
        const QString words = QString(u"lorem ipsum dolor sit amet "_s).repeated(60);
        for (int i = 0; i < 3; ++i) {
            m_conversation->appendUserTurn(
                QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, words}}});
            const QString id = m_conversation->beginAssistantTurn(u"claude-sonnet-4-5"_s, {});
            m_conversation->finishAssistantTurn(
                id, TurnStatus::Complete,
                QJsonObject{{"content"_L1,
                             QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, words}}}}});
        }
        m_chat->setSystemPrompt(words.repeated(4)); // alone above the minimum too
        const QJsonArray next{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, u"next"_s}}};
        QVERIFY(
            !QJsonDocument(m_chat->buildRequest(next).toJson()).toJson().contains("cache_control"));
        QCOMPARE(m_chat->lastCachePlan().placed, 0);

        claudette::CacheSettings on;
        on.enabled = true;
        on.ttl = claudette::CacheTtl::OneHour;
        m_chat->setCacheSettings(on);
        QCOMPARE(m_chat->cacheSettings(), on);
        QVERIFY(m_conversation->settings().contains("cache"_L1));
        const QByteArray json =
            QJsonDocument(m_chat->buildRequest(next).toJson()).toJson(QJsonDocument::Compact);
        // System, the last message and the previous user turn: not just the last message.
        QVERIFY2(json.count(R"("ttl":"1h")") >= 3, json.left(200).constData());
        QVERIFY(m_chat->lastCachePlan().placed >= 3);
        QVERIFY(m_chat->lastCachePlan().places.contains(u"system"_s));
        QVERIFY(m_chat->lastCachePlan().placed <= claudette::CachePlanner::MaxBreakpoints);
        // The stored history is untouched.
        QVERIFY(
            !QJsonDocument(m_conversation->messagesForApi()).toJson().contains("cache_control"));

        m_chat->setCacheSettings({});
        QVERIFY(!m_conversation->settings().contains("cache"_L1));
    }

    void leftOutMessages_data()
    {
        QTest::addColumn<int>("setting");
        QTest::addColumn<int>("sent");
        // 7 messages: u a u a u a + the new user message.
        QTest::newRow("none") << 0 << 7;
        QTest::newRow("one exchange") << 2 << 5;
        QTest::newRow("a reply first moves to the next user turn") << 1 << 5;
        QTest::newRow("three") << 3 << 3;
        QTest::newRow("everything but the new message") << 100 << 1;
    }

    void leftOutMessages()
    {
        QFETCH(int, setting);
        QFETCH(int, sent);
        for (int i = 0; i < 3; ++i) {
            m_conversation->appendUserTurn(QJsonArray{
                QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, u"question %1"_s.arg(i)}}});
            const QString id = m_conversation->beginAssistantTurn(u"claude-sonnet-4-5"_s, {});
            m_conversation->finishAssistantTurn(
                id, TurnStatus::Complete,
                QJsonObject{
                    {"content"_L1, QJsonArray{QJsonObject{{"type"_L1, "text"_L1},
                                                          {"text"_L1, u"answer %1"_s.arg(i)}}}}});
        }
        m_chat->setLeftOutMessages(setting);
        QCOMPARE(m_chat->leftOutMessages(), setting);
        const claudette::MessageRequest request = m_chat->buildRequest(
            QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, u"new"_s}}});
        QCOMPARE(request.messages().size(), sent);
        QCOMPARE(request.messages().constFirst().role(), claudette::MessageParam::Role::User);
        QVERIFY(m_chat->checkRequest(request).isEmpty());
        // Saved with the conversation; the turns themselves stay.
        QCOMPARE(m_conversation->turnCount(), 6);
        QCOMPARE(m_conversation->settings().contains("leave_out_messages"_L1), setting > 0);
    }
};

QTEST_GUILESS_MAIN(TestChat)
#include "tst_chat.moc"
