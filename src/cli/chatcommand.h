#pragma once

#include "cli/commandline.h"
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
class Client;
class ConversationSession;
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
 * Everything runs through one ConversationSession: a plain reply, or, with tools (`--tool`,
 * `--mcp`, `--web-search`), a schema, caching or tool options, a tool loop whose setup comes from
 * the options (ToolSetup); each step's reply is a turn, journaled while it streams, and each
 * round of tool results the turn after it. `-i` repeats this for each line of input.
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
    int send(const QJsonArray &content);
    int interactive(const QJsonArray &firstContent);
    /// Writes every change to disk now (no-op without a file). False when saving failed.
    bool saveNow();
    void recordSpending(const QString &model, const QJsonObject &usage, const QString &requestId);
    void printUsage();
    void finishLine();
    void close();

    CliOptions m_options;
    Client *m_client;
    AppPaths m_paths;
    std::unique_ptr<ConversationSession> m_session;
    std::vector<std::unique_ptr<McpClient>> m_mcp;
    std::unique_ptr<ToolApprover> m_approver;

    CostLedger m_ledger;
    bool m_ledgerWarned = false;
    Usage m_promptUsage;
    Cost m_promptCost;
    QString m_promptModel;
    QChar m_lastChar;
};

} // namespace claudette::cli
