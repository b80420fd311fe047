// A 10,000-message (~50 MB) conversation: load time (< 0.5 s), resident memory after loading
// (< 300 MB), and the longest time an autosave blocks the calling thread (< 16 ms) while a reply
// streams into the last turn.
//
// Usage:
//   bench_file_load                  generate the file, measure loading and autosaving
//   bench_file_load --write FILE [N] only write an N-message file (default 10,000)
//   bench_file_load --load FILE      only load FILE and print the figures (used as the child)
// The load is measured in a fresh child process so that the peak RSS is that of loading alone.
// Times are given as the CPU time of the thread (steady on a loaded machine) and wall time.
#include "core/store/autosaver.h"
#include "core/store/conversation.h"
#include "core/store/conversationfile.h"
#include "core/util/heaptuning.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <ctime>

#include <sys/resource.h>

using namespace claudette;
using namespace Qt::StringLiterals;

namespace {

constexpr int kMessages = 10000;
constexpr int kTextBytes = 5000;
constexpr int kDeltas = 1000;
constexpr double kTargetLoadMs = 500;
constexpr qint64 kTargetRssMb = 300;
constexpr double kTargetBlockMs = 16;

qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

qint64 statusKb(const char *field)
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

QString randomText(int bytes)
{
    static const char *words[] = {"the",      "conversation", "model",  "returns",     "a",
                                  "streamed", "reply",        "with",   "several",     "paragraphs",
                                  "of",       "markdown",     "code",   "`QSaveFile`", "and",
                                  "lists",    "performance",  "matters"};
    QString s;
    s.reserve(bytes + 20);
    auto *rng = QRandomGenerator::global();
    while (s.size() < bytes) {
        s += QLatin1StringView(words[rng->bounded(int(std::size(words)))]);
        s += rng->bounded(12) == 0 ? u'\n' : u' ';
    }
    return s;
}

QJsonArray textContent(const QString &text)
{
    return QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, text}}};
}

bool writeFile(const QString &path, int messages)
{
    Conversation c;
    for (int i = 0; i < messages / 2; ++i) {
        c.appendUserTurn(textContent(randomText(kTextBytes)));
        const QString a = c.beginAssistantTurn(u"claude-sonnet-4-5"_s, {{"max_tokens"_L1, 4096}});
        c.finishAssistantTurn(
            a, TurnStatus::Complete,
            {{"content"_L1, textContent(randomText(kTextBytes))},
             {"usage"_L1, QJsonObject{{"input_tokens"_L1, 1200}, {"output_tokens"_L1, 900}}},
             {"stop_reason"_L1, "end_turn"_L1}});
    }
    return ConversationFile::save(path, c.data()).ok;
}

int loadChild(const QString &path)
{
    QElapsedTimer wall;
    wall.start();
    const qint64 cpu0 = threadCpuNs();
    auto r = ConversationFile::load(path);
    if (!r.ok())
        return 2;
    const qint64 fileCpu = threadCpuNs() - cpu0;
    const qint64 fileWall = wall.nsecsElapsed();
    Conversation c(std::move(*r.data));
    const qint64 cpu = threadCpuNs() - cpu0;
    const qint64 ns = wall.nsecsElapsed();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::fprintf(stderr, "  (load child: user %.0f ms, system %.0f ms, %ld minor page faults)\n",
                 usage.ru_utime.tv_sec * 1e3 + usage.ru_utime.tv_usec / 1e3,
                 usage.ru_stime.tv_sec * 1e3 + usage.ru_stime.tv_usec / 1e3, usage.ru_minflt);
    // cpu ms, wall ms, rss kB, peak kB, turns, file-read cpu ms, file-read wall ms
    std::printf("%.1f %.1f %lld %lld %d %.1f %.1f\n", cpu / 1e6, ns / 1e6,
                static_cast<long long>(statusKb("VmRSS:")),
                static_cast<long long>(statusKb("VmHWM:")), c.turnCount(), fileCpu / 1e6,
                fileWall / 1e6);
    return 0;
}

struct Block
{
    qint64 wallNs = 0;
    qint64 cpuNs = 0;
    int cpuAt = -1; // the delta after which the longest CPU time was spent
    void take(qint64 wall, qint64 cpu, int at)
    {
        wallNs = qMax(wallNs, wall);
        if (cpu > cpuNs) {
            cpuNs = cpu;
            cpuAt = at;
        }
    }
};

} // namespace

int main(int argc, char **argv)
{
    claudette::HeapTuning::apply(claudette::HeapTuning::Arenas::PerThread); // as the app does
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 3 && args.at(1) == "--load"_L1)
        return loadChild(args.at(2));
    if (args.size() >= 3 && args.at(1) == "--write"_L1)
        return writeFile(args.at(2), args.size() > 3 ? args.at(3).toInt() : kMessages) ? 0 : 2;

    QTemporaryDir dir;
    const QString path = dir.filePath(u"big.claudette"_s);
    if (!writeFile(path, kMessages))
        return 2;
    const double mb = QFileInfo(path).size() / 1e6;

    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(app.applicationFilePath(), {u"--load"_s, path});
    child.waitForFinished(-1);
    const QList<QByteArray> f = child.readAllStandardOutput().trimmed().split(' ');
    if (f.size() != 7) {
        std::printf("load child failed\n");
        return 2;
    }
    const double loadCpuMs = f.at(0).toDouble();
    const double loadWallMs = f.at(1).toDouble();
    const qint64 rssMb = f.at(2).toLongLong() / 1024;
    const qint64 peakMb = f.at(3).toLongLong() / 1024;
    const double fileCpuMs = f.at(5).toDouble();
    const double fileWallMs = f.at(6).toDouble();

    // A reply streams into a new last turn: kDeltas changes of its content, one every
    // millisecond, with autosaves in between (delay 0: a save starts as soon as the previous one
    // is done). Measured on the calling thread: each change (including the copy-on-write after a
    // snapshot), each save start (the snapshot), and the gaps in the event loop.
    auto loaded = ConversationFile::load(path);
    Conversation c(std::move(*loaded.data));
    AutoSaver saver(&c, path);
    saver.setDelay(0);
    c.appendUserTurn(textContent(u"One more question."_s));
    const QString reply = c.beginAssistantTurn(u"claude-sonnet-4-5"_s, {});
    int saves = 0;
    QObject::connect(&saver, &AutoSaver::saved, [&] { ++saves; });
    Block change;
    Block stall;
    int deltas = 0;
    QString text;
    QTimer tick;
    QElapsedTimer loopGap;
    qint64 loopGapCpu = 0;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        if (loopGap.isValid())
            stall.take(loopGap.nsecsElapsed() - tick.interval() * 1000000,
                       threadCpuNs() - loopGapCpu, deltas);
        QElapsedTimer t;
        t.start();
        const qint64 cpu0 = threadCpuNs();
        text += u"token "_s + QString::number(deltas) + u' ';
        c.setTurnContent(reply, textContent(text));
        change.take(t.nsecsElapsed(), threadCpuNs() - cpu0, deltas);
        if (++deltas == kDeltas) {
            tick.stop();
            c.finishAssistantTurn(reply, TurnStatus::Complete);
            saver.waitForIdle();
            app.quit();
            return;
        }
        loopGap.start();
        loopGapCpu = threadCpuNs();
    });
    tick.start(1);
    app.exec();

    const double blockMs = saver.maxBlockedNs() / 1e6;
    std::printf("bench_file_load: %d messages, %.1f MB file\n", kMessages, mb);
    std::printf("  load + build Conversation: CPU %.0f ms, wall %.0f ms (target < %.0f); of which "
                "ConversationFile::load CPU %.0f ms, wall %.0f ms\n",
                loadCpuMs, loadWallMs, kTargetLoadMs, fileCpuMs, fileWallMs);
    std::printf("  resident after load: %lld MB, peak %lld MB (target < %lld)\n",
                static_cast<long long>(rssMb), static_cast<long long>(peakMb),
                static_cast<long long>(kTargetRssMb));
    std::printf("  streaming %d deltas into the last turn with autosave: %d saves; longest on the "
                "caller thread (target < %.0f ms):\n",
                kDeltas, saves, kTargetBlockMs);
    std::printf("    save start (snapshot + QtConcurrent::run): wall %.3f ms\n", blockMs);
    std::printf("    change (setTurnContent, copy-on-write): wall %.3f ms, CPU %.3f ms (at delta "
                "%d)\n",
                change.wallNs / 1e6, change.cpuNs / 1e6, change.cpuAt);
    std::printf(
        "    event-loop stall beyond the 1 ms tick: wall %.3f ms, CPU %.3f ms (before delta "
        "%d)\n",
        stall.wallNs / 1e6, stall.cpuNs / 1e6, stall.cpuAt);
    const bool loadOk = loadCpuMs < kTargetLoadMs && peakMb < kTargetRssMb;
    const bool blockOk = blockMs < kTargetBlockMs && change.wallNs / 1e6 < kTargetBlockMs &&
                         stall.cpuNs / 1e6 < kTargetBlockMs;
    std::printf("  load %s, autosave %s (wall-clock stalls on a loaded machine include time the "
                "thread waited for a CPU: compare the CPU figure)\n",
                loadOk ? "PASS" : "FAIL", blockOk ? "PASS" : "FAIL");
    return loadOk && blockOk ? 0 : 1;
}
