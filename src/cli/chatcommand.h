#pragma once

#include "cli/commandline.h"
#include "core/chat/structuredoutput.h"
#include "core/chat/toolloop.h"
#include "core/chat/toolregistry.h"
#include "core/store/turn.h"
#include "core/usage/cost.h"
#include "core/usage/costledger.h"
#include "core/util/apppaths.h"

#include <QJsonArray>
#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace claudette {
class Chat;
class Client;
class Conversation;
class ConversationStore;
class McpClient;
class ToolApprover;
} // namespace claudette

namespace claudette::cli {

/**
 * `claudette-cli chat`: user turns and their replies, printed as they arrive:
 * - text mode: the prefill, then each text delta on stdout (thinking and tool activity on stderr
 *   with --verbose); a final newline when the reply did not end in one;
 * - `--json`: the final Message (what arrived, when interrupted) as one JSON line;
 * - `--events`: each stream event's data as one JSON line.
 * Ctrl-C stops the reply: what arrived is printed, then the exit code is 130. An API or network
 * error prints its type, message and request id on stderr (exit 1). `--usage` prints the usage
 * line and the cost on stderr. Every reply's cost goes to the shared CostLedger.
 *
 * The conversation is in memory, or saved (`--conversation FILE`, `--save`) through a
 * ConversationStore: its lock is taken (exit 3 when another process holds it), each user turn is
 * on disk before its request is sent, and a streaming reply is journaled so that a crash loses
 * at most the last quarter second.
 *
 * Plain chat runs through Chat. With tools (`--tool`, `--mcp`, `--web-search`), a schema, caching
 * or tool options it runs through ToolLoop; each step's reply and each round of tool results
 * become turns of the conversation as they end. `-i` repeats this for each line of input.
 */
class ChatCommand : public QObject
{
    Q_OBJECT
public:
    ChatCommand(const CliOptions &options, Client *client, const AppPaths &paths,
                QObject *parent = nullptr);
    ~ChatCommand() override;

    /// Runs the command to its end; returns the exit code.
    int run();

private:
    int openConversation();
    int setUpTools();
    bool usesToolLoop() const;
    int sendPrompt(const QJsonArray &content);
    int sendWithChat(const QJsonArray &content);
    int sendWithTools(const QJsonArray &content);
    int interactive(const QJsonArray &firstContent);
    /// Writes every change to disk now (no-op without a file). False when saving failed.
    bool saveNow();
    void mirrorHistory(const QJsonObject &message, const QString &requestId);
    void addAssistantTurn(const QJsonObject &message, const QString &requestId);
    void recordSpending(const QString &model, const QJsonObject &usage, const QString &requestId);
    void printUsage();
    void finishLine();
    void close();

    CliOptions m_options;
    Client *m_client;
    AppPaths m_paths;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<Conversation> m_ownConversation;
    Conversation *m_conversation = nullptr;
    std::unique_ptr<Chat> m_chat;

    ToolRegistry m_registry;
    std::vector<std::unique_ptr<McpClient>> m_mcp;
    std::unique_ptr<ToolApprover> m_approver;
    QSet<QString> m_alwaysAllowed;
    std::unique_ptr<StructuredOutput> m_schema;
    StructuredOutput::Mode m_schemaMode = StructuredOutput::Mode::Native;
    qsizetype m_mirrored = 0; // history messages of the tool loop already in the conversation
    QList<MessageParam> m_history;

    CostLedger m_ledger;
    bool m_ledgerWarned = false;
    Usage m_promptUsage;
    Cost m_promptCost;
    QString m_promptModel;
    QChar m_lastChar;
};

} // namespace claudette::cli
