#pragma once

#include "cli/commandline.h"
#include "core/store/turn.h"

#include <QObject>
#include <QString>

namespace claudette {
class Client;
} // namespace claudette

namespace claudette::cli {

/**
 * `claudette-cli chat`: one user turn and its reply through Chat, printed as it arrives:
 * - text mode: the prefill, then each text delta on stdout (thinking and tool activity on stderr
 *   with --verbose); a final newline when the reply did not end in one;
 * - `--json`: the final Message (what arrived, when interrupted) as one JSON line;
 * - `--events`: each stream event's data as one JSON line.
 * Ctrl-C stops the reply: what arrived is printed, then the exit code is 130. An API or network
 * error prints its type, message and request id on stderr (exit 1). `--usage` prints the usage
 * line and the cost on stderr.
 */
class ChatCommand : public QObject
{
    Q_OBJECT
public:
    ChatCommand(const CliOptions &options, Client *client, QObject *parent = nullptr);

    /// Runs the command to its end; returns the exit code.
    int run();

private:
    CliOptions m_options;
    Client *m_client;
};

} // namespace claudette::cli
