// Cold start: the time from exec of claudette-qt to its main window's first paint (when it
// writes CLAUDETTE_READY_FILE, right after the first Expose), against the same for
// bench_bare_window (a bare Qt window that builds the KSyntaxHighlighting repository the same way).
// Both run with an empty library (fresh XDG folders) and no API key.
//
// Usage: bench_gui_cold_start [--runs 10] [--app PATH] [--bare PATH]
// Prints every run, the medians and the ratio (target: at most 2x).
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
    parser.addOption(
        {u"app"_s, u"claudette-qt"_s, u"path"_s, dir + u"/../../src/app/claudette-qt"_s});
    parser.addOption({u"bare"_s, u"bench_bare_window"_s, u"path"_s, dir + u"/bench_bare_window"_s});
    parser.process(app);
    const int runs = parser.value(u"runs"_s).toInt();

    QList<double> appTimes;
    QList<double> bareTimes;
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
            process.kill();
            process.waitForFinished(5000);
            if (ms < 0) {
                std::fprintf(stderr, "%s did not show its window\n", bare ? "bare" : "app");
                return 1;
            }
            (bare ? bareTimes : appTimes) << ms;
            std::printf("run %d %s: %.1f ms\n", run + 1, bare ? "bare window " : "claudette-qt",
                        ms);
            std::fflush(stdout);
        }
    }
    const double a = median(appTimes);
    const double b = median(bareTimes);
    std::printf("cold_start_ms claudette-qt median=%.1f bare median=%.1f ratio=%.2f\n", a, b,
                a / b);
    return 0;
}
