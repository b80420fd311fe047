#pragma once

#include "core/api/sseparser.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <memory>

namespace claudette {

/**
 * Builds the final Message from the events of one streamed Messages reply, exactly as the official
 * TypeScript SDK's beta `MessageStream` does (lib/BetaMessageStream.js, core/streaming.js):
 *
 * - Events are dispatched as the SDK does: `ping` is ignored, `error` is a stream error (its JSON
 *   body is kept, see streamErrorBody()), an event without data or without an `event:` name is
 *   ignored, and any other event's data is parsed as JSON and dispatched on its `type` field.
 *   Unknown types are ignored; events before `message_start` are ignored.
 * - `message_start` sets the snapshot (a second one is an error); `content_block_start` appends a
 *   copy of the block (unknown block types are kept as they are); `content_block_delta` applies
 *   `text_delta`, `citations_delta`, `thinking_delta`, `signature_delta`, `input_json_delta` (for
 *   `tool_use`, `server_tool_use`, `mcp_tool_use`: `input` is the partial parse of the buffered
 *   JSON, `{}` while it is empty) and `compaction_delta` to the block at `index`;
 *   `content_block_stop` fixes a tool block's `input` (unparsable JSON is an error);
 *   `message_delta` replaces `stop_reason`, `stop_sequence`, `stop_details`, `usage.output_tokens`,
 *   and `container`, `context_management`, `input_transformations` and the cumulative usage
 *   counters only when present (never adding); `message_stop` finishes the message.
 * - Errors (malformed JSON, a second `message_start`, a malformed `message_delta`, a mid-stream
 *   `error` event, a stream that ends before `message_stop`) are sticky: apply() returns false,
 *   error() says why, failed() is emitted once, and message() keeps everything that arrived.
 *   Later events are ignored until reset(). Events after `message_stop` are ignored, except a
 *   second `message_start`, which is an error as in the SDK.
 *
 * Where the SDK would produce JavaScript artefacts for malformed deltas (a `text_delta` without a
 * string `text` appends "undefined"), this class reports a malformed event instead.
 *
 * Work per delta is O(delta): text, thinking and tool JSON are kept in per-block buffers and the
 * QJsonObject is only materialised by message(). The common deltas are read with simdjson
 * On-Demand; every other event is parsed fully (JsonParser).
 *
 * Signals are emitted synchronously from apply(), after the snapshot has been updated. Block
 * indexes are positions in the message's `content` array. With setCoalescing(true), consecutive
 * text, thinking or input JSON deltas of one block are announced by one signal carrying their
 * joined text, emitted by flushDeltas() or before any other signal (so the order of what the
 * signals tell stays that of the events).
 */
class Accumulator : public QObject
{
    Q_OBJECT
public:
    explicit Accumulator(QObject *parent = nullptr);
    ~Accumulator() override;

    /// Applies one SSE event. False on a protocol or stream error (then error() says why), and for
    /// every event after one.
    bool apply(const SseEvent &event);
    /// The same for callers holding the raw parts: the SSE event name and its data.
    bool applyEvent(QByteArrayView type, QByteArrayView json);
    /// Tells that the byte stream ended. False (and an error) when `message_stop` never arrived;
    /// what did arrive is kept.
    bool endOfStream();

    /// The current snapshot, materialised in the SDK's shape. Empty before `message_start`.
    QJsonObject message() const;

    bool isStarted() const;  ///< `message_start` seen
    bool isFinished() const; ///< `message_stop` seen
    bool hasFailed() const;  ///< an error happened (error() is not empty)
    QString error() const;   ///< empty when fine
    /// The JSON body of a mid-stream `error` event (`{"type":"error","error":{...}}`), if any.
    QJsonObject streamErrorBody() const;
    /// Number of events applied (including ignored ones), for diagnostics.
    qint64 eventCount() const;

    /// Joins consecutive deltas of a block into one textAppended() / thinkingAppended() /
    /// toolInputAppended() (off by default: one signal per delta).
    void setCoalescing(bool coalescing);
    bool isCoalescing() const;

    void reset();

public Q_SLOTS:
    /// Emits the signal of the deltas held back by coalescing, if any.
    void flushDeltas();

Q_SIGNALS:
    void messageStarted(const QJsonObject &message);
    void blockStarted(int index, const QJsonObject &block);
    void textAppended(int index, const QString &delta);
    void thinkingAppended(int index, const QString &delta);
    void toolInputAppended(int index, const QString &partialJson);
    void citationAdded(int index, const QJsonObject &citation);
    void signatureSet(int index);
    void blockStopped(int index);
    void messageDelta(const QJsonObject &delta, const QJsonObject &usage);
    void finished(const QJsonObject &message);
    void failed(const QString &error);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace claudette
