// A 10,000-message (~50 MB) conversation: load time (< 0.5 s), resident memory after loading
// (< 300 MB), and the longest time an autosave blocks the calling thread (< 16 ms).
// Usage: bench_file_load [--keep DIR]. The load is measured in a fresh child process so that the
// peak RSS is that of loading alone.
#include "core/store/autosaver.h"
#include "core/store/conversation.h"
#include "core/store/conversationfile.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace claudette;
using namespace Qt::StringLiterals;

namespace {

constexpr int kMessages = 10000;
constexpr int kTextBytes = 5000;

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
    static const char *words[] = {"the", "conversation", "model", "returns", "a", "streamed",
                                  "reply", "with", "several", "paragraphs", "of", "markdown",
                                  "code", "`QSaveFile`", "and", "lists", "performance", "matters"};
    QString s;
    s.reserve(bytes + 20);
    auto *rng = QRandomGenerator::global();
    while (s.size() < bytes) {
        s += QLatin1StringView(words[rng->bounded(int(std::size(words)))]);
        s += rng->bounded(12) == 0 ? u'\n' : u' ';
    }
    return s;
}

int loadChild(const QString &path)
{
    QElapsedTimer t;
    t.start();
    auto r = ConversationFile::load(path);
    if (!r.ok())
        return 2;
    Conversation c(std::move(*r.data));
    const qint64 ms = t.elapsed();
    std::printf("%lld %lld %lld %d\n", static_cast<long long>(ms),
                static_cast<long long>(statusKb("VmRSS:")), static_cast<long long>(statusKb("VmHWM:")),
                c.turnCount());
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 3 && args.at(1) == "--load"_L1)
        return loadChild(args.at(2));

    QTemporaryDir dir;
    const QString path = dir.filePath(u"big.claudette"_s);
    {
        Conversation c;
        for (int i = 0; i < kMessages / 2; ++i) {
            c.appendUserTurn(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, randomText(kTextBytes)}}});
            const QString a = c.beginAssistantTurn(u"claude-sonnet-4-5"_s, {{"max_tokens"_L1, 4096}});
            c.finishAssistantTurn(a, TurnStatus::Complete,
                                  {{"content"_L1, QJsonArray{QJsonObject{{"type"_L1, "text"_L1},
                                                                         {"text"_L1, randomText(kTextBytes)}}}},
                                   {"usage"_L1, QJsonObject{{"input_tokens"_L1, 1200}, {"output_tokens"_L1, 900}}},
                                   {"stop_reason"_L1, "end_turn"_L1}});
        }
        if (!ConversationFile::save(path, c.data()).ok)
            return 2;
    }
    const double mb = QFileInfo(path).size() / 1e6;

    QProcess child;
    child.start(app.applicationFilePath(), {u"--load"_s, path});
    child.waitForFinished(-1);
    const QList<QByteArray> f = child.readAllStandardOutput().trimmed().split(' ');
    if (f.size() != 4) {
        std::printf("load child failed\n");
        return 2;
    }
    const qint64 loadMs = f.at(0).toLongLong();
    const qint64 rssMb = f.at(1).toLongLong() / 1024;
    const qint64 peakMb = f.at(2).toLongLong() / 1024;

    // Autosave while the conversation keeps changing, as during streaming: 200 changes, each
    // followed by an immediate save. Measure how long the caller's thread is held, per change
    // (the change itself, including detaching from a snapshot being written) and per save start.
    auto loaded = ConversationFile::load(path);
    Conversation c(std::move(*loaded.data));
    AutoSaver saver(&c, path);
    saver.setDelay(0);
    qint64 maxChangeNs = 0;
    int changes = 0;
    int saves = 0;
    QObject::connect(&saver, &AutoSaver::saved, [&] { ++saves; });
    QTimer tick;
    QElapsedTimer loopGap;
    qint64 maxGapNs = 0;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        if (loopGap.isValid())
            maxGapNs = qMax(maxGapNs, loopGap.nsecsElapsed());
        QElapsedTimer t;
        t.start();
        if (changes % 20 == 0)
            c.appendUserTurn(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, u"more"_s}}});
        else
            c.setDraft(QJsonObject{{"text"_L1, QString::number(changes)}});
        maxChangeNs = qMax(maxChangeNs, t.nsecsElapsed());
        if (++changes == 200) {
            tick.stop();
            saver.waitForIdle();
            app.quit();
        }
        loopGap.start();
    });
    tick.start(5);
    app.exec();

    const double blockMs = saver.maxBlockedNs() / 1e6;
    const double changeMs = maxChangeNs / 1e6;
    const double gapMs = maxGapNs / 1e6 - 5.0; // beyond the 5 ms tick
    std::printf("bench_file_load: %d messages, %.1f MB file\n", kMessages, mb);
    std::printf("  load + build Conversation: %lld ms (target < 500)\n", static_cast<long long>(loadMs));
    std::printf("  resident after load: %lld MB, peak %lld MB (target < 300)\n",
                static_cast<long long>(rssMb), static_cast<long long>(peakMb));
    std::printf("  autosave: %d saves over 200 changes; longest save start on the caller thread "
                "%.3f ms, longest change %.3f ms, longest event-loop stall %.2f ms (target < 16)\n",
                saves, blockMs, changeMs, gapMs);
    const bool ok = loadMs < 500 && peakMb < 300 && blockMs < 16 && changeMs < 16 && gapMs < 16;
    std::printf("  %s\n", ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
}
