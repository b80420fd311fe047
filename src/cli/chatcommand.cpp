#include "cli/chatcommand.h"

#include "cli/cliapp.h"
#include "cli/console.h"
#include "cli/sigintwatcher.h"
#include "core/api/client.h"
#include "core/chat/chat.h"
#include "core/store/conversation.h"
#include "core/usage/cost.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace claudette::cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("claudette-cli", text);
}

QByteArray eventLine(const SseEvent &event)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(event.data, &error);
    if (error.error == QJsonParseError::NoError && doc.isObject())
        return doc.toJson(QJsonDocument::Compact) + '\n';
    // Not JSON: still one JSON line, naming the event.
    const QJsonObject wrapped{{"type"_L1, QString::fromUtf8(event.type)},
                              {"data"_L1, QString::fromUtf8(event.data)}};
    return QJsonDocument(wrapped).toJson(QJsonDocument::Compact) + '\n';
}

QString blockActivity(const QJsonObject &block)
{
    const QString type = block.value("type"_L1).toString();
    if (type == "tool_use"_L1 || type == "server_tool_use"_L1 || type == "mcp_tool_use"_L1)
        return tr("[%1: %2]\n").arg(type, block.value("name"_L1).toString());
    if (type.endsWith("_tool_result"_L1) || type == "mcp_tool_result"_L1)
        return tr("[%1]\n").arg(type);
    if (type == "thinking"_L1)
        return tr("[thinking]\n");
    if (type == "redacted_thinking"_L1)
        return tr("[redacted thinking]\n");
    return {};
}
} // namespace

ChatCommand::ChatCommand(const CliOptions &options, Client *client, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_client(client)
{
}

int ChatCommand::run()
{
    CliApp::Failure failure;
    const QJsonArray content = CliApp::userContent(m_options, &failure);
    if (failure.failed()) {
        Console::error(failure.message);
        return failure.exitCode;
    }
    Conversation conversation;
    Chat chat(m_client, &conversation);
    CliApp::configureChat(m_options, chat);

    const bool textMode = !m_options.json && !m_options.events;
    const bool verbose = m_options.verbose;
    bool interrupted = false;
    QChar lastChar;
    QEventLoop loop;
    TurnStatus status = TurnStatus::Complete;

    connect(&chat, &Chat::refused, &loop, [](const QString &message) { Console::error(message); });
    if (textMode) {
        connect(&chat, &Chat::replyStarted, &loop, [&](const QString &, const QString &prefill) {
            if (!prefill.isEmpty() && chat.streaming()) {
                Console::out(prefill);
                lastChar = prefill.back();
            }
        });
        connect(&chat, &Chat::textAppended, &loop,
                [&](const QString &, int, const QString &delta) {
                    if (delta.isEmpty())
                        return;
                    Console::out(delta);
                    lastChar = delta.back();
                });
    }
    if (m_options.events) {
        connect(&chat, &Chat::eventReceived, &loop,
                [](const SseEvent &event) { Console::outBytes(eventLine(event)); });
    }
    if (verbose) {
        connect(&chat, &Chat::thinkingAppended, &loop,
                [](const QString &, int, const QString &delta) { Console::err(delta); });
        connect(&chat, &Chat::blockStarted, &loop,
                [](const QString &, int, const QJsonObject &block) {
                    Console::err(blockActivity(block));
                });
        connect(&chat, &Chat::toolInputAppended, &loop,
                [](const QString &, int, const QString &json) { Console::err(json); });
        connect(&chat, &Chat::retrying, &loop,
                [](int attempt, qint64 delayMs, const ApiError &error) {
                    Console::error(tr("retry %1 in %2 ms after: %3")
                                       .arg(attempt)
                                       .arg(delayMs)
                                       .arg(error.toString()));
                });
    }
    connect(&chat, &Chat::replyFinished, &loop, [&](const QString &, TurnStatus s) {
        status = s;
        loop.quit();
    });

    SigintWatcher sigint;
    connect(&sigint, &SigintWatcher::interrupted, &loop, [&] {
        interrupted = true;
        if (chat.isBusy())
            chat.stop();
        else
            loop.quit();
    });

    if (!chat.send(content, m_options.prefill.value_or(QString())))
        return ExitUsage;
    if (chat.isBusy())
        loop.exec();

    const QJsonObject message = chat.lastMessage();
    if (textMode) {
        if (!chat.streaming()) {
            // One answer at the end: the stored reply is prefill + continuation.
            const Turn turn = conversation.turn(conversation.currentLeaf());
            const QString text = turn.plainText();
            Console::out(text);
            if (!text.isEmpty())
                lastChar = text.back();
        }
        if (!lastChar.isNull() && lastChar != u'\n')
            Console::out(u"\n"_s);
    } else if (m_options.json && !message.isEmpty()) {
        Console::outBytes(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
    }

    if (m_options.usage) {
        const Turn turn = conversation.turn(conversation.currentLeaf());
        if (!turn.usage.isEmpty()) {
            const Usage usage = chat.totalUsage();
            const std::optional<double> usd = chat.totalCost();
            Console::err(usage.toString() % u'\n' %
                         (usd && !chat.hasUnknownCost()
                              ? tr("Cost: %1").arg(Cost::formatUsd(*usd))
                              : tr("Cost: price unknown (%1)").arg(turn.model)) %
                         u'\n');
        }
    }

    if (interrupted || status == TurnStatus::Stopped)
        return ExitInterrupted;
    if (status == TurnStatus::Error || status == TurnStatus::Interrupted) {
        Console::error(chat.lastError().toString());
        return ExitApiError;
    }
    return ExitSuccess;
}

} // namespace claudette::cli
