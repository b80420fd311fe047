#pragma once

#include "cli/clioptions.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace claudette::cli {

struct ParseResult
{
    std::optional<CliOptions> options; ///< set when parsing succeeded
    int exitCode = ExitSuccess;        ///< ExitUsage on errors, ExitSuccess for --help/--version
    QString message;                   ///< help, version or the error, for the caller to print
};

/// Parses claudette-cli's arguments (without argv[0]) by the grammar of docs/cli.md. The options
/// themselves are rows of the option table (optiontable.h); this class splits the arguments into
/// subcommand, options and words, applies the rows, and checks what relates several options.
class CommandLine
{
public:
    static ParseResult parse(const QStringList &arguments);
    static QString usage();
    static QString subcommandName(Subcommand subcommand);
};

} // namespace claudette::cli
