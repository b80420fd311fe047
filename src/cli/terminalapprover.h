#pragma once

#include "core/chat/toolapprover.h"

#include <QString>

#include <cstdio>

namespace claudette::cli {

/**
 * Asks on the terminal before a tool runs (claudette-cli without --yes):
 * `Run tool NAME with {input}? [y]es / [a]lways / [N]o` on the terminal, one line read back:
 * "y"/"yes" allows this call, "a"/"always" allows the tool for the rest of the run, anything
 * else (an empty line, end of input) denies it.
 *
 * The terminal is /dev/tty (so stdin and stdout stay free for prompts and the reply), else
 * stdin/stderr when stdin is a terminal. When there is no terminal every call is denied, with a
 * line on stderr saying so and that --yes runs tools without asking. The streams can be given
 * instead (tests).
 */
class TerminalApprover : public ToolApprover
{
public:
    /// Uses the process's terminal, found when first asked.
    TerminalApprover();
    /// Reads answers from @p in and writes questions to @p out (not owned, not closed).
    TerminalApprover(FILE *in, FILE *out);
    ~TerminalApprover() override;
    TerminalApprover(const TerminalApprover &) = delete;
    TerminalApprover &operator=(const TerminalApprover &) = delete;

    void requestApproval(const Request &request, std::function<void(Decision)> answer) override;

    /// The decision an answer line stands for.
    static Decision decisionFor(const QString &line);
    /// The question asked for @p request (the input as compact JSON, shortened when long).
    static QString question(const Request &request);

private:
    bool openTerminal();

    FILE *m_in = nullptr;
    FILE *m_out = nullptr;
    FILE *m_tty = nullptr; ///< owned: /dev/tty opened here
    bool m_searched = false;
};

} // namespace claudette::cli
