// claudette-cli-options: prints claudette-cli's grammar as one JSON object, from the same code the
// program runs: its subcommands, every row of the option table (src/cli/optiontable.cpp) and the
// text of --help (CommandLine::usage()). packaging/clidocs.py makes the man page and the bash and
// zsh completions from it at build time, so none of them can list an option the program lacks.

#include "cli/commandline.h"
#include "cli/optiontable.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace claudette::cli;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // batches and files are reserved words of features not built yet: not offered.
    const QList<Subcommand> subcommands = {Subcommand::Chat,        Subcommand::Models,
                                           Subcommand::CountTokens, Subcommand::Export,
                                           Subcommand::Search,      Subcommand::List};
    QJsonArray subcommandNames;
    for (Subcommand s : subcommands)
        subcommandNames.append(CommandLine::subcommandName(s));

    QJsonArray options;
    for (const OptionSpec &spec : optionTable()) {
        QJsonArray appliesTo;
        for (Subcommand s : spec.appliesTo)
            appliesTo.append(CommandLine::subcommandName(s));
        options.append(QJsonObject{
            {u"name"_s, spec.name},
            {u"short"_s, spec.shortName.isNull() ? QString() : QString(spec.shortName)},
            {u"value"_s, spec.takesValue},
            {u"repeatable"_s, spec.repeatable},
            {u"applies_to"_s, appliesTo},
        });
    }
    const QJsonObject grammar{
        {u"program"_s, u"claudette-cli"_s},  {u"version"_s, QStringLiteral(CLAUDETTE_VERSION)},
        {u"subcommands"_s, subcommandNames}, {u"options"_s, options},
        {u"usage"_s, CommandLine::usage()},
    };
    const QByteArray json = QJsonDocument(grammar).toJson(QJsonDocument::Indented);
    std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    return 0;
}
