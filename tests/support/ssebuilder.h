#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace claudette::test {

/**
 * Builds Messages API stream bodies (Server-Sent Events) for FakeApiServer rules, so tests need
 * not write the events by hand. Every event is the API's JSON, compact, in an `event:`/`data:`
 * pair named by its `type`.
 */
class SseBuilder
{
public:
    /// The SSE body of @p events (each one event's JSON data).
    static QByteArray body(const QList<QByteArray> &events);

    /// `message_start` with an empty message of @p model.
    static QByteArray messageStart(const QString &model = QStringLiteral("claude-sonnet-4-5"),
                                   int inputTokens = 10,
                                   const QString &id = QStringLiteral("msg_1"));
    /// `message_start` with an empty message whose usage is @p usage as given (cache figures too).
    static QByteArray messageStart(const QJsonObject &usage,
                                   const QString &model = QStringLiteral("claude-sonnet-4-5"),
                                   const QString &id = QStringLiteral("msg_1"));
    /// `content_block_start` of an empty text block.
    static QByteArray textBlockStart(int index = 0);
    /// `content_block_delta` with a text_delta.
    static QByteArray textDelta(const QString &text, int index = 0);
    /// `content_block_start` of a tool_use block (its input follows as input_json_delta).
    static QByteArray toolUseStart(const QString &id, const QString &name, int index = 0);
    /// `content_block_delta` with an input_json_delta of @p json.
    static QByteArray inputJsonDelta(const QByteArray &json, int index = 0);
    static QByteArray blockStop(int index = 0);
    /// `message_delta` with the stop reason and the output tokens.
    static QByteArray messageDelta(const QString &stopReason, int outputTokens);
    static QByteArray messageStop();
    /// A mid-stream `error` event.
    static QByteArray error(const QString &type, const QString &message);

    /// A whole streamed reply of one text block.
    static QByteArray textReply(const QString &text, int inputTokens = 10, int outputTokens = 5,
                                const QString &model = QStringLiteral("claude-sonnet-4-5"));
    /// A whole streamed reply of one text block whose text arrives in deltas of @p piece
    /// characters, with @p usage at message_start and @p stopReason.
    static QByteArray textReplyInPieces(const QString &text, int piece, const QJsonObject &usage,
                                        int outputTokens = 20,
                                        const QString &stopReason = QStringLiteral("end_turn"));
    /// A whole streamed reply that calls one tool with @p input (stop reason tool_use), after
    /// an optional text block.
    static QByteArray toolUseReply(const QString &toolUseId, const QString &name,
                                   const QJsonObject &input, const QString &text = {},
                                   int inputTokens = 10, int outputTokens = 5,
                                   const QString &model = QStringLiteral("claude-sonnet-4-5"));
};

} // namespace claudette::test
