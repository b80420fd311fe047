#pragma once

#include <QByteArray>
#include <QString>

namespace claudette::cli {

/// Unbuffered UTF-8 output to stdout and stderr (a streamed reply must show as it arrives), and
/// standard input read whole.
class Console
{
public:
    static void out(const QString &text);
    static void outBytes(const QByteArray &bytes);
    static void err(const QString &text);
    /// One line on stderr, prefixed with "claudette-cli: ".
    static void error(const QString &message);
    /// All of standard input as UTF-8.
    static QString readStdin();
};

} // namespace claudette::cli
