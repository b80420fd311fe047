#include "core/store/replybuilder.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace claudette {

void ReplyBuilder::apply(const QJsonObject &event)
{
    ++m_events;
    const QString type = event.value("type"_L1).toString();
    if (type == "message_start"_L1) {
        m_start = event.value("message"_L1).toObject();
        m_model = m_start.value("model"_L1).toString();
        m_usage = m_start.value("usage"_L1).toObject();
        m_blocks.clear();
        const QJsonArray initial = m_start.value("content"_L1).toArray();
        for (const QJsonValue &b : initial)
            m_blocks.append(Block{b.toObject(), {}, {}, {}, {}, {}, false, false, false, false});
    } else if (type == "content_block_start"_L1) {
        const int index = event.value("index"_L1).toInt(int(m_blocks.size()));
        if (index < 0 || index > 100000)
            return;
        while (m_blocks.size() <= index)
            m_blocks.append(Block{});
        Block &b = m_blocks[index];
        b = Block{};
        b.base = event.value("content_block"_L1).toObject();
        if (b.base.value("text"_L1).isString()) {
            b.text = b.base.value("text"_L1).toString();
            b.hasText = true;
        }
        if (b.base.value("thinking"_L1).isString()) {
            b.thinking = b.base.value("thinking"_L1).toString();
            b.hasThinking = true;
        }
        b.citations = b.base.value("citations"_L1).toArray();
    } else if (type == "content_block_delta"_L1) {
        const int index = event.value("index"_L1).toInt(-1);
        if (index < 0 || index >= m_blocks.size())
            return;
        Block &b = m_blocks[index];
        const QJsonObject delta = event.value("delta"_L1).toObject();
        const QString dt = delta.value("type"_L1).toString();
        if (dt == "text_delta"_L1) {
            b.text += delta.value("text"_L1).toString();
            b.hasText = true;
        } else if (dt == "thinking_delta"_L1) {
            b.thinking += delta.value("thinking"_L1).toString();
            b.hasThinking = true;
        } else if (dt == "signature_delta"_L1) {
            b.signature = delta.value("signature"_L1).toString();
            b.hasSignature = true;
        } else if (dt == "input_json_delta"_L1) {
            b.partialJson += delta.value("partial_json"_L1).toString();
            b.hasJson = true;
        } else if (dt == "citations_delta"_L1) {
            b.citations.append(delta.value("citation"_L1));
        }
    } else if (type == "message_delta"_L1) {
        const QJsonObject delta = event.value("delta"_L1).toObject();
        if (delta.contains("stop_reason"_L1))
            m_stopReason = delta.value("stop_reason"_L1).toString();
        if (delta.contains("stop_sequence"_L1))
            m_stopSequence = delta.value("stop_sequence"_L1).toString();
        const QJsonObject usage = event.value("usage"_L1).toObject();
        for (auto it = usage.constBegin(); it != usage.constEnd(); ++it) {
            if (!it.value().isNull())
                m_usage.insert(it.key(), it.value());
        }
    } else if (type == "message_stop"_L1) {
        m_complete = true;
    } else if (type == "error"_L1) {
        m_error = event.value("error"_L1).toObject();
    }
}

QJsonArray ReplyBuilder::content() const
{
    QJsonArray out;
    for (const Block &b : m_blocks) {
        QJsonObject o = b.base;
        if (b.hasText)
            o.insert("text"_L1, b.text);
        if (b.hasThinking)
            o.insert("thinking"_L1, b.thinking);
        if (b.hasSignature)
            o.insert("signature"_L1, b.signature);
        if (!b.citations.isEmpty())
            o.insert("citations"_L1, b.citations);
        if (b.hasJson) {
            QJsonParseError err{};
            const QJsonDocument doc = QJsonDocument::fromJson(b.partialJson.toUtf8(), &err);
            o.insert("input"_L1, doc.isObject() ? doc.object() : QJsonObject());
        }
        out.append(o);
    }
    return out;
}

QJsonObject ReplyBuilder::message() const
{
    QJsonObject m = m_start;
    m.insert("type"_L1, "message"_L1);
    m.insert("role"_L1, "assistant"_L1);
    m.insert("content"_L1, content());
    if (!m_model.isEmpty())
        m.insert("model"_L1, m_model);
    m.insert("stop_reason"_L1, m_stopReason.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                      : QJsonValue(m_stopReason));
    m.insert("stop_sequence"_L1, m_stopSequence.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                          : QJsonValue(m_stopSequence));
    m.insert("usage"_L1, m_usage);
    return m;
}

} // namespace claudette
