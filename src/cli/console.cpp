#include "cli/console.h"

#include <QFile>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace claudette::cli {

namespace {
void write(FILE *stream, const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}
} // namespace

void Console::out(const QString &text)
{
    write(stdout, text.toUtf8());
}

void Console::outBytes(const QByteArray &bytes)
{
    write(stdout, bytes);
}

void Console::err(const QString &text)
{
    write(stderr, text.toUtf8());
}

void Console::error(const QString &message)
{
    err(u"claudette-cli: "_s % message % u"\n"_s);
}

QString Console::readStdin()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(in.readAll());
}

} // namespace claudette::cli
