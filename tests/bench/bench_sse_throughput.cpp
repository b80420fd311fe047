// Throughput of the streaming path, in process: SseParser + Accumulator over a generated stream of
// 240,000 text deltas (~29 MB, event JSON shaped like the recordings), fed in 16 KiB reads as a
// network reply delivers them. Prints MB/s and events/s (best and median of the runs), and for
// comparison the cost of only parsing each event's JSON with QJsonDocument.
//
// usage: bench_sse_throughput [--runs N] [--write FILE.sse]
//   --write saves the generated stream, for tests/bench/sdk_stream_peer.mjs (the SDK on the same
//   bytes).
#include "core/api/accumulator.h"
#include "core/api/sseparser.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int kDeltas = 240000;
constexpr qsizetype kReadSize = 16 * 1024;

QByteArray event(QByteArrayView type, QByteArrayView json)
{
    QByteArray out;
    out.reserve(type.size() + json.size() + 20);
    out.append("event: ").append(type).append("\ndata: ").append(json).append("\n\n");
    return out;
}

// Tokens like a model's: words, punctuation, a newline or quote now and then (escaped), some
// non-ASCII text.
QByteArray generateStream()
{
    static const char *const tokens[] = {
        " the",     " stream",         " parser", "ing",    " is",     " fast",   ",",
        " and",     " every",          " delta",  " costs", " O(1)",   ".\\n\\n", " **bold**",
        " `code`",  " \\\"quoted\\\"", " café",   " naïve", " 数据",   " 🚀",     " λ",
        " message", " tokens",         " with",   " a",     " little", " more",   " text"};
    constexpr int tokenCount = int(sizeof(tokens) / sizeof(tokens[0]));

    QByteArray out;
    out.reserve(30 * 1024 * 1024);
    out.append(event(
        "message_start",
        R"({"type":"message_start","message":{"model":"claude-sonnet-4-5-20250929","id":"msg_01BenchBenchBenchBench","type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":1,"service_tier":"standard"}}})"));
    out.append(event(
        "content_block_start",
        R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"));
    out.append(event("ping", R"({"type": "ping"})"));
    quint32 state = 12345;
    for (int i = 0; i < kDeltas; ++i) {
        state = state * 1103515245u + 12345u;
        const char *token = tokens[(state >> 16) % tokenCount];
        QByteArray json =
            R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":")";
        json.append(token);
        // Two tokens per delta, as the API sends.
        state = state * 1103515245u + 12345u;
        json.append(tokens[(state >> 16) % tokenCount]);
        json.append(R"("}})");
        out.append(event("content_block_delta", json));
    }
    out.append(event("content_block_stop", R"({"type":"content_block_stop","index":0})"));
    out.append(event(
        "message_delta",
        R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":480000}})"));
    out.append(event("message_stop", R"({"type":"message_stop"})"));
    return out;
}

// CPU time of this thread: on a shared, loaded machine wall time mostly measures the scheduler.
double cpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

struct Result
{
    double seconds = 0; // CPU seconds
    double wall = 0;
    qint64 events = 0;
    qsizetype textLength = 0;
};

Result runAccumulator(const QByteArray &stream)
{
    QElapsedTimer timer;
    timer.start();
    const double cpuStart = cpuSeconds();
    // As the Client's MessageStream does: events handed over as views, deltas coalesced per
    // read, and a slot on textAppended (a view following the reply).
    claudette::SseParser parser;
    claudette::Accumulator accumulator;
    accumulator.setCoalescing(true);
    qsizetype announced = 0;
    QObject::connect(&accumulator, &claudette::Accumulator::textAppended,
                     [&announced](int, const QString &delta) { announced += delta.size(); });
    const claudette::SseParser::Handler apply = [&accumulator](const claudette::SseEventView &e) {
        accumulator.applyEvent(e.type, e.data);
        return true;
    };
    for (qsizetype at = 0; at < stream.size(); at += kReadSize) {
        parser.feed(QByteArrayView(stream).sliced(at, qMin(kReadSize, stream.size() - at)), apply);
        accumulator.flushDeltas();
    }
    const bool ok = accumulator.endOfStream();
    const QJsonObject message = accumulator.message();
    Result result;
    result.seconds = cpuSeconds() - cpuStart;
    result.wall = double(timer.nsecsElapsed()) / 1e9;
    result.events = accumulator.eventCount();
    result.textLength =
        message.value("content"_L1).toArray().at(0).toObject().value("text"_L1).toString().size();
    if (!ok || announced != result.textLength) {
        std::fprintf(stderr, "accumulation failed: %s\n", qPrintable(accumulator.error()));
        std::exit(1);
    }
    return result;
}

Result runQJsonDocumentOnly(const QByteArray &stream)
{
    QElapsedTimer timer;
    timer.start();
    const double cpuStart = cpuSeconds();
    claudette::SseParser parser;
    Result result;
    const claudette::SseParser::Handler parse = [&result](const claudette::SseEventView &e) {
        const QJsonDocument doc = QJsonDocument::fromJson(e.data.toByteArray());
        result.textLength += doc.object().size();
        ++result.events;
        return true;
    };
    for (qsizetype at = 0; at < stream.size(); at += kReadSize)
        parser.feed(QByteArrayView(stream).sliced(at, qMin(kReadSize, stream.size() - at)), parse);
    result.seconds = cpuSeconds() - cpuStart;
    result.wall = double(timer.nsecsElapsed()) / 1e9;
    return result;
}

Result runParserOnly(const QByteArray &stream)
{
    QElapsedTimer timer;
    timer.start();
    const double cpuStart = cpuSeconds();
    claudette::SseParser parser;
    Result result;
    const claudette::SseParser::Handler count = [&result](const claudette::SseEventView &) {
        ++result.events;
        return true;
    };
    for (qsizetype at = 0; at < stream.size(); at += kReadSize)
        parser.feed(QByteArrayView(stream).sliced(at, qMin(kReadSize, stream.size() - at)), count);
    result.seconds = cpuSeconds() - cpuStart;
    result.wall = double(timer.nsecsElapsed()) / 1e9;
    return result;
}

void report(const char *what, std::vector<Result> runs, qsizetype bytes)
{
    std::sort(runs.begin(), runs.end(),
              [](const Result &a, const Result &b) { return a.seconds < b.seconds; });
    const Result &best = runs.front();
    const Result &median = runs[runs.size() / 2];
    const double mb = double(bytes) / 1e6;
    std::printf("%-32s CPU best %6.1f ms %7.1f MB/s %9.0f events/s | median %6.1f ms %7.1f MB/s "
                "%9.0f events/s | wall median %6.1f ms\n",
                what, best.seconds * 1e3, mb / best.seconds, double(best.events) / best.seconds,
                median.seconds * 1e3, mb / median.seconds, double(median.events) / median.seconds,
                median.wall * 1e3);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int runs = 7;
    QString writeTo;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == "--runs"_L1 && i + 1 < args.size())
            runs = qMax(1, args[++i].toInt());
        else if (args[i] == "--write"_L1 && i + 1 < args.size())
            writeTo = args[++i];
    }

    const QByteArray stream = generateStream();
    std::printf("stream: %d text deltas, %lld events, %.1f MB, read in %lld-byte chunks\n", kDeltas,
                static_cast<long long>(kDeltas + 6), double(stream.size()) / 1e6,
                static_cast<long long>(kReadSize));
    if (!writeTo.isEmpty()) {
        QFile file(writeTo);
        if (!file.open(QIODevice::WriteOnly) || file.write(stream) != stream.size()) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(writeTo));
            return 1;
        }
        std::printf("wrote %s\n", qPrintable(writeTo));
    }

    std::vector<Result> accumulated;
    std::vector<Result> qjson;
    std::vector<Result> framing;
    for (int i = 0; i < runs; ++i) {
        framing.push_back(runParserOnly(stream));
        accumulated.push_back(runAccumulator(stream));
        qjson.push_back(runQJsonDocumentOnly(stream));
    }
    std::printf("final text: %lld UTF-16 units\n",
                static_cast<long long>(accumulated.front().textLength));
    report("SseParser + Accumulator", accumulated, stream.size());
    report("SseParser only (framing)", framing, stream.size());
    report("SseParser + QJsonDocument only", qjson, stream.size());
    return 0;
}
