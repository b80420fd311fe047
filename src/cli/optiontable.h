#pragma once

#include "cli/clioptions.h"

#include <QList>

#include <functional>

namespace claudette::cli {

/// One option of claudette-cli's grammar (docs/cli.md): its name, whether it takes a value and may
/// be repeated, the subcommands it applies to, and how its values land in CliOptions. Checks that
/// need one option only (a number's range, a word from a list) are made here; checks that relate
/// several options are CommandLine's.
struct OptionSpec
{
    QString name;                ///< without the leading "--"
    QChar shortName;             ///< a one-letter form ("-i"), or null
    bool takesValue = false;     ///< --name VALUE or --name=VALUE
    bool repeatable = false;     ///< may be given more than once (values kept in order)
    QList<Subcommand> appliesTo; ///< empty: every subcommand
    /// Stores the option's values (one per occurrence; empty strings for flags) into the options.
    /// Returns an empty string, or the usage error to report.
    std::function<QString(CliOptions &options, const QStringList &values)> apply;
};

/// The table of every option, grouped by area in optiontable.cpp. Add an option by adding a row
/// to its area's group.
const QList<OptionSpec> &optionTable();
const OptionSpec *findOption(QStringView name);
const OptionSpec *findShortOption(QChar name);

} // namespace claudette::cli
