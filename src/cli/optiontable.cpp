#include "cli/optiontable.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace claudette::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("claudette-cli", text);
}

using Apply = std::function<QString(CliOptions &, const QStringList &)>;

const QList<Subcommand> kEvery = {};
const QList<Subcommand> kRequestCommands = {Subcommand::Chat, Subcommand::CountTokens};
const QList<Subcommand> kChatOnly = {Subcommand::Chat};

OptionSpec valueOption(const QString &name, QList<Subcommand> appliesTo, Apply apply)
{
    return {name, {}, true, false, std::move(appliesTo), std::move(apply)};
}

OptionSpec repeatableOption(const QString &name, QList<Subcommand> appliesTo, Apply apply)
{
    return {name, {}, true, true, std::move(appliesTo), std::move(apply)};
}

OptionSpec flagOption(const QString &name, QList<Subcommand> appliesTo, Apply apply)
{
    return {name, {}, false, false, std::move(appliesTo), std::move(apply)};
}

// Row builders for the common kinds of option.

OptionSpec flag(const QString &name, bool CliOptions::*field, QList<Subcommand> appliesTo)
{
    return flagOption(name, std::move(appliesTo), [field](CliOptions &o, const QStringList &) {
        o.*field = true;
        return QString();
    });
}

template<typename Field>
OptionSpec text(const QString &name, Field CliOptions::*field, QList<Subcommand> appliesTo)
{
    return valueOption(name, std::move(appliesTo),
                       [field](CliOptions &o, const QStringList &values) {
                           o.*field = values.constFirst();
                           return QString();
                       });
}

/// A value that must not be empty; `error` is the message when it is.
OptionSpec nonEmpty(const QString &name, QString CliOptions::*field, const char *error,
                    QList<Subcommand> appliesTo)
{
    return valueOption(name, std::move(appliesTo),
                       [field, error](CliOptions &o, const QStringList &values) {
                           if (values.constFirst().isEmpty())
                               return tr(error);
                           o.*field = values.constFirst();
                           return QString();
                       });
}

OptionSpec list(const QString &name, QStringList CliOptions::*field, QList<Subcommand> appliesTo)
{
    return repeatableOption(name, std::move(appliesTo),
                            [field](CliOptions &o, const QStringList &values) {
                                o.*field = values;
                                return QString();
                            });
}

OptionSpec wholeNumber(const QString &name, std::optional<int> CliOptions::*field, int min, int max,
                       QList<Subcommand> appliesTo)
{
    return valueOption(name, std::move(appliesTo),
                       [name, field, min, max](CliOptions &o, const QStringList &v) {
                           bool ok = false;
                           const int number = v.constFirst().toInt(&ok);
                           if (!ok || number < min || number > max) {
                               return tr("--%1 needs a whole number from %2 to %3, not '%4'")
                                   .arg(name)
                                   .arg(min)
                                   .arg(max)
                                   .arg(v.constFirst());
                           }
                           o.*field = number;
                           return QString();
                       });
}

OptionSpec fraction(const QString &name, std::optional<double> CliOptions::*field,
                    QList<Subcommand> appliesTo)
{
    return valueOption(
        name, std::move(appliesTo), [name, field](CliOptions &o, const QStringList &v) {
            bool ok = false;
            const double number = v.constFirst().toDouble(&ok);
            if (!ok || number < 0.0 || number > 1.0)
                return tr("--%1 needs a number from 0 to 1, not '%2'").arg(name, v.constFirst());
            o.*field = number;
            return QString();
        });
}

/// A time in seconds (fractions allowed) from @p minSeconds (or above it when not @p minIncluded)
/// to a day, kept in milliseconds.
OptionSpec seconds(const QString &name, std::optional<qint64> CliOptions::*field, double minSeconds,
                   bool minIncluded, QList<Subcommand> appliesTo)
{
    return valueOption(
        name, std::move(appliesTo),
        [name, field, minSeconds, minIncluded](CliOptions &o, const QStringList &v) {
            constexpr double MaxSeconds = 24 * 3600;
            bool ok = false;
            const double number = v.constFirst().toDouble(&ok);
            const bool aboveMin = minIncluded ? number >= minSeconds : number > minSeconds;
            // Above 0 means at least a millisecond: 0 ms would turn the limit off.
            const bool roundsToZero = !minIncluded && qint64(number * 1000.0) <= 0;
            if (!ok || !aboveMin || number > MaxSeconds || roundsToZero) {
                return (minIncluded ? tr("--%1 needs a number of seconds from %2 to %3, not '%4'")
                                    : tr("--%1 needs a number of seconds above %2 and up to %3, "
                                         "not '%4'"))
                    .arg(name)
                    .arg(minSeconds)
                    .arg(MaxSeconds)
                    .arg(v.constFirst());
            }
            o.*field = qint64(number * 1000.0);
            return QString();
        });
}

/// A word from a fixed list; `error` has %1 for the value given.
OptionSpec choice(const QString &name, QString CliOptions::*field, const QStringList &words,
                  const char *error, QList<Subcommand> appliesTo)
{
    return valueOption(name, std::move(appliesTo),
                       [field, words, error](CliOptions &o, const QStringList &v) {
                           if (!words.contains(v.constFirst()))
                               return tr(error).arg(v.constFirst());
                           o.*field = v.constFirst();
                           return QString();
                       });
}

OptionSpec withShortName(OptionSpec spec, QChar shortName)
{
    spec.shortName = shortName;
    return spec;
}

// The groups. Each area's options stay together so that the table reads like docs/cli.md.

QList<OptionSpec> transportOptions()
{
    return {
        text(u"base-url"_s, &CliOptions::baseUrl, kEvery),
        text(u"api-key-file"_s, &CliOptions::apiKeyFile, kEvery),
        wholeNumber(u"max-retries"_s, &CliOptions::maxRetries, 0, 100, kEvery),
        seconds(u"timeout"_s, &CliOptions::timeoutMs, 0, false, kEvery),
        seconds(u"idle-timeout"_s, &CliOptions::idleTimeoutMs, 0, true, kEvery),
        seconds(u"deadline"_s, &CliOptions::deadlineMs, 0, false, kEvery),
    };
}

QString applyThinking(CliOptions &o, const QStringList &values)
{
    const QString &v = values.constFirst();
    bool ok = v == "off"_L1 || v == "adaptive"_L1 || v == "between_tools"_L1;
    if (!ok) {
        const int budget = v.toInt(&ok);
        ok = ok && budget >= 1024;
    }
    if (!ok)
        return tr("--thinking takes off, adaptive, between_tools or a budget of at least 1024 "
                  "tokens, not '%1'")
            .arg(v);
    o.thinking = v;
    return {};
}

QList<OptionSpec> requestOptions()
{
    return {
        text(u"model"_s, &CliOptions::model, kRequestCommands),
        wholeNumber(u"max-tokens"_s, &CliOptions::maxTokens, 1, 10'000'000, kRequestCommands),
        text(u"system"_s, &CliOptions::system, kRequestCommands),
        text(u"prefill"_s, &CliOptions::prefill, kRequestCommands),
        list(u"stop"_s, &CliOptions::stopSequences, kRequestCommands),
        fraction(u"temperature"_s, &CliOptions::temperature, kRequestCommands),
        fraction(u"top-p"_s, &CliOptions::topP, kRequestCommands),
        wholeNumber(u"top-k"_s, &CliOptions::topK, 1, 1'000'000, kRequestCommands),
        valueOption(u"thinking"_s, kRequestCommands, applyThinking),
        choice(u"thinking-display"_s, &CliOptions::thinkingDisplay, {u"summarized"_s, u"omitted"_s},
               "--thinking-display takes summarized or omitted, not '%1'", kRequestCommands),
        choice(u"effort"_s, &CliOptions::effort,
               {u"low"_s, u"medium"_s, u"high"_s, u"xhigh"_s, u"max"_s},
               "--effort takes low, medium, high, xhigh or max, not '%1'", kRequestCommands),
        list(u"image"_s, &CliOptions::images, kRequestCommands),
        list(u"document"_s, &CliOptions::documents, kRequestCommands),
        flag(u"no-scale"_s, &CliOptions::noScale, kRequestCommands),
    };
}

QList<OptionSpec> outputOptions()
{
    return {
        flag(u"json"_s, &CliOptions::json,
             {Subcommand::Chat, Subcommand::CountTokens, Subcommand::Models, Subcommand::Search,
              Subcommand::List}),
        flag(u"no-stream"_s, &CliOptions::noStream, kChatOnly),
        flag(u"events"_s, &CliOptions::events, kChatOnly),
        flag(u"verbose"_s, &CliOptions::verbose, kChatOnly),
        flag(u"usage"_s, &CliOptions::usage, kChatOnly),
    };
}

QString applyMcp(CliOptions &o, const QStringList &values)
{
    for (const QString &command : values)
        if (command.trimmed().isEmpty())
            return tr("--mcp needs a command");
    o.mcpCommands = values;
    return {};
}

QString applyCacheTtl(CliOptions &o, const QStringList &values)
{
    const QString &v = values.constFirst();
    if (v != "5m"_L1 && v != "1h"_L1)
        return tr("--cache-ttl takes 5m or 1h, not '%1'").arg(v);
    o.cacheTtl = v;
    o.cache = true;
    return {};
}

QList<OptionSpec> toolOptions()
{
    return {
        list(u"tool"_s, &CliOptions::toolFiles, kChatOnly),
        repeatableOption(u"mcp"_s, kChatOnly, applyMcp),
        nonEmpty(u"tool-choice"_s, &CliOptions::toolChoice,
                 "--tool-choice takes auto, any, none or a tool name", kChatOnly),
        flag(u"no-parallel-tools"_s, &CliOptions::noParallelTools, kChatOnly),
        wholeNumber(u"max-steps"_s, &CliOptions::maxSteps, 1, 1000, kChatOnly),
        flag(u"yes"_s, &CliOptions::yes, kChatOnly),
        text(u"schema"_s, &CliOptions::schemaFile, kChatOnly),
        flag(u"cache"_s, &CliOptions::cache, kChatOnly),
        valueOption(u"cache-ttl"_s, kChatOnly, applyCacheTtl),
        flag(u"web-search"_s, &CliOptions::webSearch, kChatOnly),
    };
}

QList<OptionSpec> conversationOptions()
{
    return {
        withShortName(flag(u"interactive"_s, &CliOptions::interactive, kChatOnly), u'i'),
        nonEmpty(u"conversation"_s, &CliOptions::conversationFile,
                 "--conversation needs a file name", kChatOnly),
        flag(u"save"_s, &CliOptions::save, kChatOnly),
    };
}

QList<OptionSpec> exportOptions()
{
    const QList<Subcommand> exportOnly = {Subcommand::Export};
    return {
        choice(u"to"_s, &CliOptions::exportFormat, {u"md"_s, u"html"_s, u"json"_s},
               "--to takes md, html or json, not '%1'", exportOnly),
        withShortName(
            nonEmpty(u"output"_s, &CliOptions::outputFile, "-o needs a file name", exportOnly),
            u'o'),
    };
}

/// --help and --version are answered by CommandLine before any other option is applied.
QList<OptionSpec> generalOptions()
{
    const auto nothing = [](CliOptions &, const QStringList &) { return QString(); };
    return {
        flagOption(u"help"_s, kEvery, nothing),
        flagOption(u"version"_s, kEvery, nothing),
    };
}

} // namespace

const QList<OptionSpec> &optionTable()
{
    static const QList<OptionSpec> table = [] {
        QList<OptionSpec> all;
        for (const QList<OptionSpec> &group :
             {transportOptions(), requestOptions(), outputOptions(), toolOptions(),
              conversationOptions(), exportOptions(), generalOptions()})
            all.append(group);
        return all;
    }();
    return table;
}

const OptionSpec *findOption(QStringView name)
{
    for (const OptionSpec &spec : optionTable())
        if (spec.name == name)
            return &spec;
    return nullptr;
}

const OptionSpec *findShortOption(QChar name)
{
    for (const OptionSpec &spec : optionTable())
        if (!spec.shortName.isNull() && spec.shortName == name)
            return &spec;
    return nullptr;
}

} // namespace claudette::cli
