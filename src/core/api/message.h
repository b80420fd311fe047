#pragma once

#include "core/api/contentblock.h"
#include "core/api/messageparam.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace claudette {

/**
 * A reply of the Messages API (`{"type":"message", ...}`), final or accumulated from a stream.
 *
 * Like ContentBlock it keeps its JSON object as the source of truth, so fields newer than this
 * class (diagnostics, stop_details, context_management...) survive files and round trips.
 */
class Message
{
public:
    Message() = default;
    explicit Message(QJsonObject json);
    static Message fromJson(const QJsonObject &json) { return Message(json); }

    const QJsonObject &json() const { return m_json; }
    QJsonObject toJson() const { return m_json; }
    /// True when the object has an id and a content array (what the API always sends).
    bool isValid() const;

    QString id() const;
    QString type() const;
    QString role() const;
    QString model() const;
    QList<ContentBlock> content() const;
    qsizetype blockCount() const;
    ContentBlock block(qsizetype index) const;
    /// `end_turn`, `max_tokens`, `stop_sequence`, `tool_use`, `pause_turn`, `refusal`,
    /// `model_context_window_exceeded`, ...; empty while streaming.
    QString stopReason() const;
    QString stopSequence() const;
    QJsonObject stopDetails() const;
    /// The raw usage object (see Usage for the arithmetic).
    QJsonObject usage() const;
    /// The code execution container (`id`, `expires_at`), empty when none.
    QJsonObject container() const;
    QString containerId() const;

    /// The text of all text blocks, concatenated.
    QString text() const;
    /// The client tool calls (tool_use blocks) the model asked for.
    QList<ContentBlock> toolUses() const;
    bool hasBlocksOfUnknownType() const;

    /// This reply as the assistant turn of the next request: its content blocks unchanged
    /// (thinking signatures and redacted thinking must go back as they came).
    MessageParam toParam() const;

    bool operator==(const Message &other) const { return m_json == other.m_json; }

private:
    QJsonObject m_json;
};

} // namespace claudette
