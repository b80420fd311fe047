#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace claudette::cli {

/// Exit codes of claudette-cli, fixed in docs/cli.md for every subcommand.
enum ExitCode : int
{
    ExitSuccess = 0,
    ExitApiError = 1,
    ExitUsage = 2,
    ExitFileError = 3,
    ExitMaxSteps = 4,
    ExitInterrupted = 130,
};

enum class Subcommand
{
    Chat,
    Models,
    CountTokens,
    Export,
    Search,
    List,
    Batches,
    Files
};

/// The parsed command line. Every option of every subcommand; which ones apply is decided by the
/// option table (optiontable.cpp), so an option given to the wrong subcommand is a usage error.
struct CliOptions
{
    Subcommand subcommand = Subcommand::Chat;
    QStringList words; ///< the words after options (the prompt for chat; ids, files for others)
    // conversations (chat) and export
    QString conversationFile; ///< --conversation FILE: continue (or start) a saved conversation
    QString exportFormat;     ///< --to md|html|json
    QString outputFile;       ///< -o / --output FILE (export; stdout when empty)

    // endpoint and transport
    QString baseUrl;
    QString apiKeyFile;
    std::optional<int> maxRetries;
    std::optional<qint64> timeoutMs;     ///< --timeout: until the response headers
    std::optional<qint64> idleTimeoutMs; ///< --idle-timeout: silence once the answer started
    std::optional<qint64> deadlineMs;    ///< --deadline: the whole request, retries included

    // request
    QString model;
    std::optional<int> maxTokens;
    std::optional<QString> system;
    std::optional<QString> prefill;
    QStringList stopSequences;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> topK;
    QString thinking;        ///< "", "off", "adaptive", "between_tools" or a budget in tokens
    QString thinkingDisplay; ///< "", "summarized" or "omitted"
    QString effort;
    QStringList images;
    QStringList documents;
    bool noScale = false;

    // output
    bool noStream = false;
    bool json = false;
    bool events = false;
    bool verbose = false;
    bool usage = false;
    // tools, structured output and caching (chat)
    QStringList toolFiles;   ///< --tool FILE (repeatable)
    QStringList mcpCommands; ///< --mcp "CMD ARGS" (repeatable)
    QString toolChoice;      ///< "", auto, any, none or a tool name
    bool noParallelTools = false;
    std::optional<int> maxSteps;
    bool yes = false; ///< approve every tool call
    QString schemaFile;
    bool cache = false;
    QString cacheTtl; ///< "", 5m or 1h
    bool webSearch = false;
    bool interactive = false; ///< -i: read prompts until end of input, keeping the history
    bool save = false;        ///< --save: start a new conversation in the library folder

    /// The prompt: the words joined by spaces ("-" means standard input).
    QString prompt() const { return words.join(u' '); }
};

} // namespace claudette::cli
