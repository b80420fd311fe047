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
        {u"json"_s, false, false, {}},
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
    if (options.subcommand == Subcommand::Export || options.subcommand == Subcommand::Search ||
        options.subcommand == Subcommand::List) {
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
    if (options.json && options.events)
        return usageError(tr("--json and --events cannot be used together"));
    if (options.events && options.noStream)
        return usageError(tr("--events needs a stream; it cannot be used with --no-stream"));

    options.words = words;
    const bool needsPrompt =
        options.subcommand == Subcommand::Chat || options.subcommand == Subcommand::CountTokens;
    if (needsPrompt && options.prompt().trimmed().isEmpty())
        return usageError(tr("no prompt given"));
    if (options.subcommand == Subcommand::Models && words.size() > 1)
        return usageError(tr("'models' takes at most one model id"));

    ParseResult result;
    result.options = options;
    return result;
}

} // namespace claudette::cli
