#pragma once

#include "cli/commandline.h"
#include "core/util/apppaths.h"

namespace claudette::cli {

/**
 * The subcommands that work on saved conversations and need no API key:
 * - `export FILE --to md|html|json [-o OUT]`: ConversationExporter's output on stdout, or
 *   written atomically (QSaveFile) to OUT;
 * - `search WORDS`: the library's full-text index (LibraryIndex, FTS5): one line per hit,
 *   `path<TAB>title<TAB>snippet` (the matched words in [brackets]); `--json`: one JSON array;
 * - `list`: the library by last use, `path<TAB>title<TAB>last used`; `--json`: one JSON array.
 * Each returns the exit code of docs/cli.md and prints errors through Console.
 */
class LibraryCommands
{
public:
    static int runExport(const CliOptions &options);
    static int runSearch(const CliOptions &options, const AppPaths &paths);
    static int runList(const CliOptions &options, const AppPaths &paths);
};

} // namespace claudette::cli
