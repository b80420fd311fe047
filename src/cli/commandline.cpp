#include "cli/commandline.h"

#include <QCoreApplication>
#include <QHash>

using namespace Qt::StringLiterals;

namespace claudette::cli {

namespace {

struct OptionSpec
{
    QString name;
    bool takesValue;
    bool repeatable;
    QList<Subcommand> appliesTo; // empty: every subcommand
};

const QList<Subcommand> kRequestCommands = {Subcommand::Chat, Subcommand::CountTokens};
const QList<Subcommand> kChatOnly = {Subcommand::Chat};

const QList<OptionSpec> &optionSpecs()
{
    static const QList<OptionSpec> specs = {
        {u"base-url"_s, true, false, {}},
        {u"api-key-file"_s, true, false, {}},
        {u"max-retries"_s, true, false, {}},
        {u"timeout"_s, true, false, {}},
        {u"json"_s,
         false,
         false,
         {Subcommand::Chat, Subcommand::CountTokens, Subcommand::Models, Subcommand::Search,
          Subcommand::List}},
        {u"model"_s, true, false, kRequestCommands},
        {u"max-tokens"_s, true, false, kRequestCommands},
        {u"system"_s, true, false, kRequestCommands},
        {u"prefill"_s, true, false, kRequestCommands},
        {u"stop"_s, true, true, kRequestCommands},
        {u"temperature"_s, true, false, kRequestCommands},
        {u"top-p"_s, true, false, kRequestCommands},
        {u"top-k"_s, true, false, kRequestCommands},
        {u"thinking"_s, true, false, kRequestCommands},
        {u"effort"_s, true, false, kRequestCommands},
        {u"image"_s, true, true, kRequestCommands},
        {u"document"_s, true, true, kRequestCommands},
        {u"no-scale"_s, false, false, kRequestCommands},
        {u"no-stream"_s, false, false, kChatOnly},
        {u"events"_s, false, false, kChatOnly},
        {u"verbose"_s, false, false, kChatOnly},
        {u"usage"_s, false, false, kChatOnly},
        {u"tool"_s, true, true, kChatOnly},
        {u"mcp"_s, true, true, kChatOnly},
        {u"tool-choice"_s, true, false, kChatOnly},
        {u"no-parallel-tools"_s, false, false, kChatOnly},
        {u"max-steps"_s, true, false, kChatOnly},
        {u"yes"_s, false, false, kChatOnly},
        {u"schema"_s, true, false, kChatOnly},
        {u"cache"_s, false, false, kChatOnly},
        {u"cache-ttl"_s, true, false, kChatOnly},
        {u"web-search"_s, false, false, kChatOnly},
        {u"interactive"_s, false, false, kChatOnly},
        {u"conversation"_s, true, false, kChatOnly},
        {u"save"_s, false, false, kChatOnly},
        {u"to"_s, true, false, {Subcommand::Export}},
        {u"output"_s, true, false, {Subcommand::Export}},
        {u"help"_s, false, false, {}},
        {u"version"_s, false, false, {}},
    };
    return specs;
}

const OptionSpec *findSpec(QStringView name)
{
    for (const OptionSpec &spec : optionSpecs())
        if (spec.name == name)
            return &spec;
    return nullptr;
}

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

template<typename T> bool parseNumber(const QString &text, T &out);

template<> bool parseNumber<int>(const QString &text, int &out)
{
    bool ok = false;
    out = text.toInt(&ok);
    return ok;
}

template<> bool parseNumber<double>(const QString &text, double &out)
{
    bool ok = false;
    out = text.toDouble(&ok);
    return ok;
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
              "  --thinking off|adaptive|TOKENS\n"
              "  --effort low|medium|high|max\n"
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
              "Common options:\n"
              "  --base-url URL, --api-key-file FILE, --max-retries N, --timeout SECONDS\n"
              "  --help, --version\n"
              "A PROMPT of '-' is read from standard input. Credentials come from\n"
              "--api-key-file, ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN. See docs/cli.md.\n");
}

ParseResult CommandLine::parse(const QStringList &arguments)
{
    CliOptions options;
    QHash<QString, QStringList> values;
    QStringList words;
    bool subcommandChosen = false;
    bool afterDashDash = false;

    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (afterDashDash) {
            words.append(arg);
            continue;
        }
        if (arg == "--"_L1) {
            afterDashDash = true;
            subcommandChosen = true; // a word after -- is never a subcommand
            continue;
        }
        if (arg.startsWith("--"_L1)) {
            QString name = arg.mid(2);
            std::optional<QString> inlineValue;
            if (const qsizetype eq = name.indexOf(u'='); eq >= 0) {
                inlineValue = name.mid(eq + 1);
                name.truncate(eq);
            }
            const OptionSpec *spec = findSpec(name);
            if (!spec)
                return usageError(tr("unknown option: --%1").arg(name));
            QString value;
            if (spec->takesValue) {
                if (inlineValue) {
                    value = *inlineValue;
                } else if (i + 1 < arguments.size()) {
                    value = arguments.at(++i);
                } else {
                    return usageError(tr("option --%1 needs a value").arg(name));
                }
            } else if (inlineValue) {
                return usageError(tr("option --%1 takes no value").arg(name));
            }
            if (!spec->repeatable && values.contains(name))
                return usageError(tr("option --%1 given twice").arg(name));
            values[name].append(value);
            continue;
        }
        if (arg == "-i"_L1) { // short for --interactive
            if (values.contains(u"interactive"_s))
                return usageError(tr("option --%1 given twice").arg(u"interactive"_s));
            values[u"interactive"_s].append(QString());
            continue;
        }
        if (arg == "-o"_L1) { // short for --output
            if (values.contains(u"output"_s))
                return usageError(tr("option --%1 given twice").arg(u"output"_s));
            if (i + 1 >= arguments.size())
                return usageError(tr("option --%1 needs a value").arg(u"output"_s));
            values[u"output"_s].append(arguments.at(++i));
            continue;
        }
        if (arg.size() > 1 && arg.startsWith(u'-'))
            return usageError(tr("unknown option: %1").arg(arg));
        if (!subcommandChosen) {
            subcommandChosen = true;
            if (const auto it = reservedWords().constFind(arg); it != reservedWords().cend()) {
                options.subcommand = it.value();
                continue;
            }
        }
        words.append(arg);
    }

    if (values.contains(u"help"_s)) {
        ParseResult result;
        result.message = usage();
        return result;
    }
    if (values.contains(u"version"_s)) {
        ParseResult result;
        result.message = u"claudette-cli " CLAUDETTE_VERSION "\n"_s;
        return result;
    }

    if (options.subcommand == Subcommand::Batches || options.subcommand == Subcommand::Files) {
        return usageError(tr("'%1' is reserved for a feature this version does not have yet")
                              .arg(subcommandName(options.subcommand)));
    }

    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const OptionSpec *spec = findSpec(it.key());
        if (!spec->appliesTo.isEmpty() && !spec->appliesTo.contains(options.subcommand)) {
            return usageError(tr("option --%1 does not apply to '%2'")
                                  .arg(it.key(), subcommandName(options.subcommand)));
        }
    }

    const auto one = [&](const char *name) {
        return values.value(QLatin1StringView(name)).value(0);
    };
    const auto has = [&](const char *name) { return values.contains(QLatin1StringView(name)); };

    options.baseUrl = one("base-url");
    options.apiKeyFile = one("api-key-file");
    options.model = one("model");
    if (has("system"))
        options.system = one("system");
    if (has("prefill"))
        options.prefill = one("prefill");
    options.stopSequences = values.value(u"stop"_s);
    options.images = values.value(u"image"_s);
    options.documents = values.value(u"document"_s);
    options.noScale = has("no-scale");
    options.noStream = has("no-stream");
    options.json = has("json");
    options.events = has("events");
    options.verbose = has("verbose");
    options.usage = has("usage");
    options.effort = one("effort");
    options.thinking = one("thinking");
    options.toolFiles = values.value(u"tool"_s);
    options.mcpCommands = values.value(u"mcp"_s);
    options.toolChoice = one("tool-choice");
    options.noParallelTools = has("no-parallel-tools");
    options.yes = has("yes");
    options.schemaFile = one("schema");
    options.cache = has("cache");
    options.cacheTtl = one("cache-ttl");
    options.webSearch = has("web-search");
    options.interactive = has("interactive");
    options.conversationFile = one("conversation");
    options.save = has("save");
    options.exportFormat = one("to");
    options.outputFile = one("output");

    struct IntOption
    {
        const char *name;
        std::optional<int> *target;
        int min;
        int max;
    };
    const IntOption intOptions[] = {
        {"max-retries", &options.maxRetries, 0, 100},
        {"timeout", &options.timeoutSeconds, 1, 24 * 3600},
        {"max-tokens", &options.maxTokens, 1, 10'000'000},
        {"top-k", &options.topK, 1, 1'000'000},
        {"max-steps", &options.maxSteps, 1, 1000},
    };
    for (const IntOption &opt : intOptions) {
        if (!has(opt.name))
            continue;
        int v = 0;
        if (!parseNumber(one(opt.name), v) || v < opt.min || v > opt.max) {
            return usageError(tr("--%1 needs a whole number from %2 to %3, not '%4'")
                                  .arg(QLatin1StringView(opt.name))
                                  .arg(opt.min)
                                  .arg(opt.max)
                                  .arg(one(opt.name)));
        }
        *opt.target = v;
    }
    struct RealOption
    {
        const char *name;
        std::optional<double> *target;
    };
    const RealOption realOptions[] = {{"temperature", &options.temperature},
                                      {"top-p", &options.topP}};
    for (const RealOption &opt : realOptions) {
        if (!has(opt.name))
            continue;
        double v = 0;
        if (!parseNumber(one(opt.name), v) || v < 0.0 || v > 1.0) {
            return usageError(tr("--%1 needs a number from 0 to 1, not '%2'")
                                  .arg(QLatin1StringView(opt.name), one(opt.name)));
        }
        *opt.target = v;
    }
    if (!options.thinking.isEmpty() && options.thinking != "off"_L1 &&
        options.thinking != "adaptive"_L1) {
        int budget = 0;
        if (!parseNumber(options.thinking, budget) || budget < 1024) {
            return usageError(
                tr("--thinking takes off, adaptive or a budget of at least 1024 tokens, not '%1'")
                    .arg(options.thinking));
        }
    }
    if (!options.effort.isEmpty() &&
        !QStringList{u"low"_s, u"medium"_s, u"high"_s, u"max"_s}.contains(options.effort)) {
        return usageError(
            tr("--effort takes low, medium, high or max, not '%1'").arg(options.effort));
    }
    for (const QString &command : std::as_const(options.mcpCommands))
        if (command.trimmed().isEmpty())
            return usageError(tr("--mcp needs a command"));
    if (has("tool-choice") && options.toolChoice.isEmpty())
        return usageError(tr("--tool-choice takes auto, any, none or a tool name"));
    if (!options.cacheTtl.isEmpty() && options.cacheTtl != "5m"_L1 && options.cacheTtl != "1h"_L1)
        return usageError(tr("--cache-ttl takes 5m or 1h, not '%1'").arg(options.cacheTtl));
    if (!options.cacheTtl.isEmpty())
        options.cache = true;
    if (options.interactive && options.json)
        return usageError(tr("--json and -i cannot be used together"));
    if (options.json && options.events)
        return usageError(tr("--json and --events cannot be used together"));
    if (options.events && options.noStream)
        return usageError(tr("--events needs a stream; it cannot be used with --no-stream"));

    if (has("conversation") && options.conversationFile.isEmpty())
        return usageError(tr("--conversation needs a file name"));
    if (options.save && !options.conversationFile.isEmpty())
        return usageError(tr("--save and --conversation cannot be used together"));
    if (has("output") && options.outputFile.isEmpty())
        return usageError(tr("-o needs a file name"));
    if (options.subcommand == Subcommand::Export) {
        if (words.size() != 1)
            return usageError(tr("'export' takes one conversation file"));
        if (options.exportFormat.isEmpty() && !options.outputFile.isEmpty()) {
            const QString suffix = options.outputFile.section(u'.', -1).toLower();
            if (options.outputFile.contains(u'.') &&
                QStringList{u"md"_s, u"html"_s, u"json"_s}.contains(suffix))
                options.exportFormat = suffix;
        }
        if (options.exportFormat.isEmpty())
            return usageError(tr("'export' needs --to md, html or json"));
        if (!QStringList{u"md"_s, u"html"_s, u"json"_s}.contains(options.exportFormat))
            return usageError(
                tr("--to takes md, html or json, not '%1'").arg(options.exportFormat));
    }
    if (options.subcommand == Subcommand::Search && words.join(u' ').trimmed().isEmpty())
        return usageError(tr("'search' needs words to look for"));
    if (options.subcommand == Subcommand::List && !words.isEmpty())
        return usageError(tr("'list' takes no words"));

    options.words = words;
    const bool needsPrompt =
        options.subcommand == Subcommand::Chat || options.subcommand == Subcommand::CountTokens;
    if (needsPrompt && !options.interactive && options.prompt().trimmed().isEmpty())
        return usageError(tr("no prompt given"));
    if (options.subcommand == Subcommand::Models && words.size() > 1)
        return usageError(tr("'models' takes at most one model id"));

    ParseResult result;
    result.options = options;
    return result;
}

} // namespace claudette::cli
