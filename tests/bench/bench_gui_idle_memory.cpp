// Idle memory: VmRSS of claudette-qt 5 s after its window first painted, with an empty library
// (fresh XDG folders) and no API key, against bench_bare_window (a bare Qt window that builds
// the KSyntaxHighlighting repository the same way). Target: at most 30 MB more.
//
// Usage: bench_gui_idle_memory [--runs 10] [--wait 5000] [--app PATH] [--bare PATH]
#include "guibench.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTemporaryDir>

#include <cstdio>

using namespace claudette::bench;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QString dir = QCoreApplication::applicationDirPath();
    parser.addOption({u"runs"_s, u"Runs of each."_s, u"n"_s, u"10"_s});
    parser.addOption({u"wait"_s, u"ms after the first paint."_s, u"ms"_s, u"5000"_s});
    parser.addOption(
        {u"app"_s, u"claudette-qt"_s, u"path"_s, dir + u"/../../src/app/claudette-qt"_s});
    parser.addOption({u"bare"_s, u"bench_bare_window"_s, u"path"_s, dir + u"/bench_bare_window"_s});
    parser.process(app);
    const int runs = parser.value(u"runs"_s).toInt();
    const int wait = parser.value(u"wait"_s).toInt();

    QList<qint64> appKb;
    QList<qint64> bareKb;
    for (int run = 0; run < runs; ++run) {
        for (const bool bare : {true, false}) {
            QTemporaryDir home;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(u"ANTHROPIC_API_KEY"_s);
            env.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
            env.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
            env.insert(u"XDG_CACHE_HOME"_s, home.filePath(u"cache"_s));
            QProcess process;
            const double ms =
                launchUntilReady(process, parser.value(bare ? u"bare"_s : u"app"_s),
                                 bare ? QStringList() : QStringList{u"--geometry"_s, u"1280x820"_s},
                                 home.filePath(u"ready"_s), env);
            if (ms < 0) {
                std::fprintf(stderr, "%s did not show its window\n", bare ? "bare" : "app");
                return 1;
            }
            QThread::msleep(wait);
            const qint64 kb = statusKb(process.processId(), "VmRSS:");
            process.kill();
            process.waitForFinished(5000);
            (bare ? bareKb : appKb) << kb;
            std::printf("run %d %s: VmRSS %.1f MB\n", run + 1,
                        bare ? "bare window " : "claudette-qt", double(kb) / 1024);
            std::fflush(stdout);
        }
    }
    const double a = double(median(appKb)) / 1024;
    const double b = double(median(bareKb)) / 1024;
    std::printf("idle_rss_mb claudette-qt median=%.1f bare median=%.1f difference=%.1f\n", a, b,
                a - b);
    return 0;
}
