#include "cli/commandline.h"

#include "cli/optiontable.h"

#include <QCoreApplication>
#include <QHash>

using namespace Qt::StringLiterals;

namespace claudette::cli {

namespace {

const QHash<QString, Subcommand> &reservedWords()
{
    static const QHash<QString, Subcommand> words = {
        {u"chat"_s, Subcommand::Chat},
        {u"models"_s, Subcommand::Models},
        {u"count-tokens"_s, Subcommand::CountTokens},
        {u"export"_s, Subcommand::Export},
        {u"search"_s, Subcommand::Search},
        {u"list"_s, Subcommand::List},
        {u"batches"_s, Subcommand::Batches},
        {u"files"_s, Subcommand::Files},
    };
    return words;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("claudette-cli", text);
}

ParseResult usageError(const QString &message)
{
    ParseResult result;
    result.exitCode = ExitUsage;
    result.message = message + u"\n"_s + tr("Run 'claudette-cli --help' for usage.");
    return result;
}

/// The arguments split by the grammar: the subcommand, each option's values in the order given,
/// and the words.
struct Tokens
{
    Subcommand subcommand = Subcommand::Chat;
    QList<std::pair<const OptionSpec *, QStringList>> options; // in the order first given
    QStringList words;

    QStringList *valuesOf(const OptionSpec *spec)
    {
        for (auto &entry : options)
            if (entry.first == spec)
                return &entry.second;
        return nullptr;
    }
    bool has(QStringView name) const
    {
        for (const auto &entry : options)
            if (entry.first->name == name)
                return true;
        return false;
    }
};

/// Records one occurrence of an option; returns a usage error or an empty string.
QString addOption(Tokens &tokens, const OptionSpec *spec, const QString &value)
{
    QStringList *values = tokens.valuesOf(spec);
    if (values && !spec->repeatable)
        return tr("option --%1 given twice").arg(spec->name);
    if (!values) {
        tokens.options.emplaceBack(spec, QStringList());
        values = &tokens.options.last().second;
    }
    values->append(value);
    return {};
}

/// Splits the arguments. Options may stand anywhere before "--"; the first word that is not an
/// option picks the subcommand when it is a reserved word.
std::optional<Tokens> tokenize(const QStringList &arguments, QString &error)
{
    Tokens tokens;
    bool subcommandChosen = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg == "--"_L1) {
            tokens.words.append(arguments.mid(i + 1));
            return tokens; // a word after -- is never a subcommand or an option
        }
        const OptionSpec *spec = nullptr;
        std::optional<QString> inlineValue;
        if (arg.startsWith("--"_L1)) {
            QString name = arg.mid(2);
            if (const qsizetype eq = name.indexOf(u'='); eq >= 0) {
                inlineValue = name.mid(eq + 1);
                name.truncate(eq);
            }
            spec = findOption(name);
            if (!spec) {
                error = tr("unknown option: --%1").arg(name);
                return std::nullopt;
            }
        } else if (arg.size() > 1 && arg.startsWith(u'-')) {
            spec = arg.size() == 2 ? findShortOption(arg.at(1)) : nullptr;
            if (!spec) {
                error = tr("unknown option: %1").arg(arg);
                return std::nullopt;
            }
        }
        if (spec) {
            QString value;
            if (spec->takesValue && inlineValue) {
                value = *inlineValue;
            } else if (spec->takesValue && i + 1 < arguments.size()) {
                value = arguments.at(++i);
            } else if (spec->takesValue) {
                error = tr("option --%1 needs a value").arg(spec->name);
                return std::nullopt;
            } else if (inlineValue) {
                error = tr("option --%1 takes no value").arg(spec->name);
                return std::nullopt;
            }
            if (error = addOption(tokens, spec, value); !error.isEmpty())
                return std::nullopt;
            continue;
        }
        if (!subcommandChosen) {
            subcommandChosen = true;
            if (const auto it = reservedWords().constFind(arg); it != reservedWords().cend()) {
                tokens.subcommand = it.value();
                continue;
            }
        }
        tokens.words.append(arg);
    }
    return tokens;
}

/// Checks that relate several options, or an option and the words.
QString checkCombinations(const CliOptions &options)
{
    if (options.interactive && options.json)
        return tr("--json and -i cannot be used together");
    if (options.json && options.events)
        return tr("--json and --events cannot be used together");
    if (options.events && options.noStream)
        return tr("--events needs a stream; it cannot be used with --no-stream");
    if (options.save && !options.conversationFile.isEmpty())
        return tr("--save and --conversation cannot be used together");
    return {};
}

/// Checks the words each subcommand takes; fills in what follows from them.
QString checkWords(CliOptions &options)
{
    const QStringList formats = {u"md"_s, u"html"_s, u"json"_s};
    switch (options.subcommand) {
    case Subcommand::Export:
        if (options.words.size() != 1)
            return tr("'export' takes one conversation file");
        if (options.exportFormat.isEmpty() && options.outputFile.contains(u'.')) {
            const QString suffix = options.outputFile.section(u'.', -1).toLower();
            if (formats.contains(suffix))
                options.exportFormat = suffix;
        }
        if (options.exportFormat.isEmpty())
            return tr("'export' needs --to md, html or json");
        return {};
    case Subcommand::Search:
        if (options.prompt().trimmed().isEmpty())
            return tr("'search' needs words to look for");
        return {};
    case Subcommand::List:
        if (!options.words.isEmpty())
            return tr("'list' takes no words");
        return {};
    case Subcommand::Chat:
    case Subcommand::CountTokens:
        if (!options.interactive && options.prompt().trimmed().isEmpty())
            return tr("no prompt given");
        return {};
    case Subcommand::Models:
        if (options.words.size() > 1)
            return tr("'models' takes at most one model id");
        return {};
    case Subcommand::Batches:
    case Subcommand::Files:
        return {};
    }
    return {};
}

} // namespace

QString CommandLine::subcommandName(Subcommand subcommand)
{
    const auto &words = reservedWords();
    for (auto it = words.cbegin(); it != words.cend(); ++it)
        if (it.value() == subcommand)
            return it.key();
    return {};
}

QString CommandLine::usage()
{
    return tr("usage: claudette-cli [chat] [OPTIONS] [--] PROMPT...\n"
              "       claudette-cli models [ID] [--json]\n"
              "       claudette-cli count-tokens [OPTIONS] [--] PROMPT...\n"
              "       claudette-cli export FILE --to md|html|json [-o OUT]\n"
              "       claudette-cli search [--json] WORDS...\n"
              "       claudette-cli list [--json]\n"
              "\n"
              "Chat options:\n"
              "  --model ID              model id\n"
              "  --max-tokens N          maximum output tokens\n"
              "  --system TEXT           system prompt\n"
              "  --prefill TEXT          start the reply with TEXT\n"
              "  --stop SEQ              stop sequence (repeatable)\n"
              "  --temperature X, --top-p X, --top-k N\n"
              "  --thinking off|adaptive|between_tools|TOKENS\n"
              "  --thinking-display summarized|omitted\n"
              "  --effort low|medium|high|xhigh|max\n"
              "  --image FILE, --document FILE   attachments (repeatable); --no-scale\n"
              "  --no-stream             one request without streaming\n"
              "  --json                  print the final Message as JSON\n"
              "  --events                print each stream event as a JSON line\n"
              "  --verbose               thinking and tool activity on stderr\n"
              "  --usage                 usage and cost on stderr\n"
              "Tools, structured output, caching (chat):\n"
              "  --tool FILE             a tool definition (JSON; repeatable)\n"
              "  --mcp \"CMD ARGS\"        an MCP server over stdio (repeatable)\n"
              "  --tool-choice auto|any|none|NAME, --no-parallel-tools\n"
              "  --max-steps N           tool loop limit (default 10; exit 4 when reached)\n"
              "  --yes                   run tools without asking\n"
              "  --web-search            offer the web search server tool\n"
              "  --schema FILE           answer as JSON matching this JSON schema\n"
              "  --cache, --cache-ttl 5m|1h   prompt caching\n"
              "  -i, --interactive       read prompts line by line, keeping the history\n"
              "Conversations (chat):\n"
              "  --conversation FILE     continue (or start) the conversation saved in FILE\n"
              "  --save                  save a new conversation in the library\n"
              "Export:\n"
              "  --to md|html|json       the format (else taken from OUT's suffix)\n"
              "  -o, --output OUT        write OUT (atomically) instead of stdout\n"
              "Common options:\n"
              "  --base-url URL, --api-key-file FILE, --max-retries N\n"
              "  --timeout SECONDS       until the response headers (default 600)\n"
              "  --idle-timeout SECONDS  a reply silent this long ends (default 300; 0: never)\n"
              "  --deadline SECONDS      the whole request, retries included (default none)\n"
              "  --help, --version\n"
              "A PROMPT of '-' is read from standard input. Credentials come from\n"
              "--api-key-file, ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN. See docs/cli.md.\n");
}

ParseResult CommandLine::parse(const QStringList &arguments)
{
    QString error;
    std::optional<Tokens> tokens = tokenize(arguments, error);
    if (!tokens)
        return usageError(error);

    if (tokens->has(u"help")) {
        ParseResult result;
        result.message = usage();
        return result;
    }
    if (tokens->has(u"version")) {
        ParseResult result;
        result.message = u"claudette-cli " CLAUDETTE_VERSION "\n"_s;
        return result;
    }
    if (tokens->subcommand == Subcommand::Batches || tokens->subcommand == Subcommand::Files) {
        return usageError(tr("'%1' is reserved for a feature this version does not have yet")
                              .arg(subcommandName(tokens->subcommand)));
    }

    CliOptions options;
    options.subcommand = tokens->subcommand;
    options.words = tokens->words;
    for (const auto &[spec, values] : std::as_const(tokens->options)) {
        if (!spec->appliesTo.isEmpty() && !spec->appliesTo.contains(options.subcommand)) {
            return usageError(tr("option --%1 does not apply to '%2'")
                                  .arg(spec->name, subcommandName(options.subcommand)));
        }
    }
    for (const auto &[spec, values] : std::as_const(tokens->options))
        if (error = spec->apply(options, values); !error.isEmpty())
            return usageError(error);
    if (error = checkCombinations(options); !error.isEmpty())
        return usageError(error);
    if (error = checkWords(options); !error.isEmpty())
        return usageError(error);

    ParseResult result;
    result.options = options;
    return result;
}

} // namespace claudette::cli
