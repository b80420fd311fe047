// libFuzzer target: arbitrary bytes through SseParser + Accumulator.
//
// The input is fed once whole and once in chunk sizes derived from the input itself; both runs
// must end in the same state (same message, same success, same error), since framing must not
// depend on how the bytes arrive. The input is also fed as the JSON of a delta and as partial tool
// JSON, to reach the JSON paths without SSE framing. Sanitizers (ASan/UBSan) catch memory and
// undefined-behaviour errors; an abort() here is a logic error.
#include "core/api/accumulator.h"
#include "core/api/jsonparser.h"
#include "core/api/sseparser.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using claudette::Accumulator;
using claudette::SseEvent;
using claudette::SseParser;

namespace {

struct State
{
    bool ok = false;
    QString error;
    QByteArray message;
};

State runStream(QByteArrayView bytes, uint64_t seed)
{
    SseParser parser;
    Accumulator accumulator;
    QList<SseEvent> events;
    qsizetype at = 0;
    uint64_t random = seed | 1;
    while (at < bytes.size()) {
        qsizetype chunk = bytes.size() - at;
        if (seed != 0) {
            random ^= random << 13;
            random ^= random >> 7;
            random ^= random << 17;
            chunk = qMin<qsizetype>(chunk, qsizetype(1 + random % 97));
        }
        events.clear();
        parser.feed(bytes.sliced(at, chunk), events);
        at += chunk;
        for (const SseEvent &event : std::as_const(events))
            accumulator.apply(event);
    }
    State state;
    state.ok = accumulator.endOfStream();
    state.error = accumulator.error();
    state.message = QJsonDocument(accumulator.message()).toJson(QJsonDocument::Compact);
    return state;
}

const QByteArray kStart =
    R"({"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"usage":{"output_tokens":0}}})";

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    uint64_t seed = 1469598103934665603ull; // FNV-1a of the input picks the chunking
    for (size_t i = 0; i < size; ++i)
        seed = (seed ^ data[i]) * 1099511628211ull;

    const State whole = runStream(bytes, 0);
    const State chunked = runStream(bytes, seed);
    if (whole.ok != chunked.ok || whole.error != chunked.error || whole.message != chunked.message) {
        std::fprintf(stderr, "whole and chunked runs differ:\n ok %d / %d\n error %s / %s\n",
                     whole.ok, chunked.ok, qPrintable(whole.error), qPrintable(chunked.error));
        std::abort();
    }

    // The bytes as one event's JSON after a message with one block of each kind.
    {
        Accumulator accumulator;
        accumulator.applyEvent("message_start", kStart);
        accumulator.applyEvent("content_block_start",
                               R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})");
        accumulator.applyEvent("content_block_start",
                               R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t","name":"n","input":{}}})");
        accumulator.applyEvent("content_block_delta", bytes);
        accumulator.applyEvent("message_delta", bytes);
        (void)accumulator.message();
    }

    // The bytes as streamed tool JSON, split in two deltas.
    {
        Accumulator accumulator;
        accumulator.applyEvent("message_start", kStart);
        accumulator.applyEvent("content_block_start",
                               R"({"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"n","input":{}}})");
        const QString text = QString::fromUtf8(bytes);
        const qsizetype half = text.size() / 2;
        for (const QString &part : {text.left(half), text.mid(half)}) {
            QJsonObject delta{{QStringLiteral("type"), QStringLiteral("input_json_delta")},
                              {QStringLiteral("partial_json"), part}};
            QJsonObject event{{QStringLiteral("type"), QStringLiteral("content_block_delta")},
                              {QStringLiteral("index"), 0},
                              {QStringLiteral("delta"), delta}};
            accumulator.applyEvent("content_block_delta",
                                   QJsonDocument(event).toJson(QJsonDocument::Compact));
            (void)accumulator.message(); // the partial parse
        }
        accumulator.applyEvent("content_block_stop", R"({"type":"content_block_stop","index":0})");
        (void)accumulator.message();
    }
    (void)claudette::JsonParser::parsePartial(bytes);
    return 0;
}
