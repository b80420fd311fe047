// claudette-fake-api SCRIPT.json [--log FILE] [--port N]
//
// Serves the rules of SCRIPT.json on 127.0.0.1 (see docs/testing.md) until killed. The first
// line on stdout is the port, flushed at once, so a script can start it and read where it is.

#include "support/fakeapiserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"claudette-fake-api"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A scriptable fake of the Anthropic Messages API on 127.0.0.1, for tests and demos."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"script"_s, u"The JSON script of rules to serve."_s);
    const QCommandLineOption logOption(u"log"_s, u"Append one JSON line per request to FILE."_s,
                                       u"FILE"_s);
    const QCommandLineOption portOption(u"port"_s, u"Listen on PORT (default: any free port)."_s,
                                        u"PORT"_s, u"0"_s);
    parser.addOption(logOption);
    parser.addOption(portOption);
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    if (args.size() != 1) {
        std::fputs("usage: claudette-fake-api SCRIPT.json [--log FILE] [--port N]\n", stderr);
        return 2;
    }
    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    if (!portOk || port > 65535) {
        std::fputs("claudette-fake-api: --port must be a number from 0 to 65535\n", stderr);
        return 2;
    }

    claudette::test::FakeApiServer server;
    if (!server.loadScript(args.constFirst())) {
        std::fprintf(stderr, "claudette-fake-api: %s\n", qPrintable(server.errorString()));
        return 2;
    }
    if (parser.isSet(logOption) && !server.setLogFile(parser.value(logOption))) {
        std::fprintf(stderr, "claudette-fake-api: %s\n", qPrintable(server.errorString()));
        return 2;
    }
    if (!server.listen(quint16(port))) {
        std::fprintf(stderr, "claudette-fake-api: cannot listen on 127.0.0.1:%u: %s\n", port,
                     qPrintable(server.errorString()));
        return 1;
    }
    std::printf("%u\n", unsigned(server.port()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}
