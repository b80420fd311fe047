#include "cli/terminalapprover.h"

#include "cli/console.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace claudette::cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("claudette-cli", text);
}

constexpr qsizetype kMaxInputShown = 2000;
} // namespace

TerminalApprover::TerminalApprover() = default;

TerminalApprover::TerminalApprover(FILE *in, FILE *out)
    : m_in(in)
    , m_out(out)
    , m_searched(true)
{}

TerminalApprover::~TerminalApprover()
{
    if (m_tty)
        std::fclose(m_tty);
}

bool TerminalApprover::openTerminal()
{
    if (!m_searched) {
        m_searched = true;
        m_tty = std::fopen("/dev/tty", "r+");
        if (m_tty) {
            m_in = m_tty;
            m_out = m_tty;
        } else if (isatty(STDIN_FILENO)) {
            m_in = stdin;
            m_out = stderr;
        }
    }
    return m_in && m_out;
}

QString TerminalApprover::question(const Request &request)
{
    QString input = QString::fromUtf8(QJsonDocument(request.input).toJson(QJsonDocument::Compact));
    if (input.size() > kMaxInputShown)
        input = input.left(kMaxInputShown) % u"…"_s;
    return tr("Run tool %1 with %2? [y]es / [a]lways / [N]o ").arg(request.toolName, input);
}

ToolApprover::Decision TerminalApprover::decisionFor(const QString &line)
{
    const QString answer = line.trimmed().toLower();
    if (answer == "y"_L1 || answer == "yes"_L1)
        return Decision::AllowOnce;
    if (answer == "a"_L1 || answer == "always"_L1)
        return Decision::AlwaysAllow;
    return Decision::Deny;
}

void TerminalApprover::requestApproval(const Request &request, std::function<void(Decision)> answer)
{
    if (!openTerminal()) {
        Console::error(tr("no terminal to ask whether to run the tool %1: denied (--yes runs "
                          "tools without asking)")
                           .arg(request.toolName));
        answer(Decision::Deny);
        return;
    }
    const QByteArray q = question(request).toUtf8();
    std::fwrite(q.constData(), 1, size_t(q.size()), m_out);
    std::fflush(m_out);
    QByteArray line;
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, m_in)) {
        line += buffer;
        if (line.endsWith('\n'))
            break;
    }
    if (line.isEmpty()) { // end of input: nobody answered
        std::fputs("\n", m_out);
        std::fflush(m_out);
    }
    answer(decisionFor(QString::fromUtf8(line)));
}

} // namespace claudette::cli
