#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace claudette {

/**
 * Rebuilds a streamed reply from the API's stream events (message_start, content_block_start,
 * content_block_delta, content_block_stop, message_delta, message_stop, error).
 *
 * The store uses it to keep the streaming turn's content up to date and to replay a journal
 * after a crash, so both give the same result. Text, thinking and tool-input deltas are appended
 * to per-block buffers, so applying an event costs O(delta); content() builds the JSON blocks
 * (call it when the content is needed, not per event). The API layer's Accumulator remains the
 * authority for the final Message; this one only has to be right for what was journaled.
 */
class ReplyBuilder
{
public:
    /// Applies one event (the JSON of an SSE `data:` line). Unknown events are ignored.
    void apply(const QJsonObject &event);

    /// The content blocks so far. A tool's partial JSON input is parsed when complete; otherwise
    /// `input` is `{}`.
    QJsonArray content() const;
    /// A Message object: id, model, role, content, stop_reason, stop_sequence, usage.
    QJsonObject message() const;
    QJsonObject usage() const { return m_usage; }
    QString stopReason() const { return m_stopReason; }
    QString stopSequence() const { return m_stopSequence; }
    QString model() const { return m_model; }
    /// True once message_stop arrived.
    bool isComplete() const { return m_complete; }
    /// The `error` object of an error event, if one arrived.
    QJsonObject error() const { return m_error; }
    int eventCount() const { return m_events; }

private:
    struct Block
    {
        QJsonObject base;
        QString text;
        QString thinking;
        QString signature;
        QString partialJson;
        QJsonArray citations;
        bool hasText = false;
        bool hasThinking = false;
        bool hasSignature = false;
        bool hasJson = false;
    };

    QList<Block> m_blocks;
    QJsonObject m_start;
    QJsonObject m_usage;
    QString m_model;
    QString m_stopReason;
    QString m_stopSequence;
    QJsonObject m_error;
    bool m_complete = false;
    int m_events = 0;
};

} // namespace claudette
