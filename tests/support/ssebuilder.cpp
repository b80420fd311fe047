#include "support/ssebuilder.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace claudette::test {

namespace {
QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray jsonString(const QString &text)
{
    return QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}
} // namespace

QByteArray SseBuilder::body(const QList<QByteArray> &events)
{
    QByteArray out;
    for (const QByteArray &data : events) {
        const QJsonObject o = QJsonDocument::fromJson(data).object();
        out += "event: " + o.value("type"_L1).toString().toUtf8() + "\ndata: " + data + "\n\n";
    }
    return out;
}

QByteArray SseBuilder::messageStart(const QString &model, int inputTokens, const QString &id)
{
    return messageStart(QJsonObject{{"input_tokens"_L1, inputTokens}, {"output_tokens"_L1, 1}},
                        model, id);
}

QByteArray SseBuilder::messageStart(const QJsonObject &usage, const QString &model,
                                    const QString &id)
{
    return json(QJsonObject{{"type"_L1, "message_start"_L1},
                            {"message"_L1, QJsonObject{{"id"_L1, id},
                                                       {"type"_L1, "message"_L1},
                                                       {"role"_L1, "assistant"_L1},
                                                       {"model"_L1, model},
                                                       {"content"_L1, QJsonArray()},
                                                       {"stop_reason"_L1, QJsonValue::Null},
                                                       {"stop_sequence"_L1, QJsonValue::Null},
                                                       {"usage"_L1, usage}}}});
}

QByteArray SseBuilder::textBlockStart(int index)
{
    return R"({"type":"content_block_start","index":)" + QByteArray::number(index) +
           R"(,"content_block":{"type":"text","text":""}})";
}

QByteArray SseBuilder::textDelta(const QString &text, int index)
{
    return R"({"type":"content_block_delta","index":)" + QByteArray::number(index) +
           R"(,"delta":{"type":"text_delta","text":)" + jsonString(text) + "}}";
}

QByteArray SseBuilder::toolUseStart(const QString &id, const QString &name, int index)
{
    return json(QJsonObject{{"type"_L1, "content_block_start"_L1},
                            {"index"_L1, index},
                            {"content_block"_L1, QJsonObject{{"type"_L1, "tool_use"_L1},
                                                             {"id"_L1, id},
                                                             {"name"_L1, name},
                                                             {"input"_L1, QJsonObject{}}}}});
}

QByteArray SseBuilder::inputJsonDelta(const QByteArray &partialJson, int index)
{
    return json(QJsonObject{
        {"type"_L1, "content_block_delta"_L1},
        {"index"_L1, index},
        {"delta"_L1, QJsonObject{{"type"_L1, "input_json_delta"_L1},
                                 {"partial_json"_L1, QString::fromUtf8(partialJson)}}}});
}

QByteArray SseBuilder::blockStop(int index)
{
    return R"({"type":"content_block_stop","index":)" + QByteArray::number(index) + "}";
}

QByteArray SseBuilder::messageDelta(const QString &stopReason, int outputTokens)
{
    return R"({"type":"message_delta","delta":{"stop_reason":)" + jsonString(stopReason) +
           R"(,"stop_sequence":null},"usage":{"output_tokens":)" +
           QByteArray::number(outputTokens) + "}}";
}

QByteArray SseBuilder::messageStop()
{
    return R"({"type":"message_stop"})";
}

QByteArray SseBuilder::error(const QString &type, const QString &message)
{
    return R"({"type":"error","error":{"type":)" + jsonString(type) + R"(,"message":)" +
           jsonString(message) + "}}";
}

QByteArray SseBuilder::textReply(const QString &text, int inputTokens, int outputTokens,
                                 const QString &model)
{
    return body({messageStart(model, inputTokens), textBlockStart(), textDelta(text), blockStop(),
                 messageDelta(u"end_turn"_s, outputTokens), messageStop()});
}

QByteArray SseBuilder::textReplyInPieces(const QString &text, int piece, const QJsonObject &usage,
                                         int outputTokens, const QString &stopReason)
{
    const int step = qMax(piece, 1);
    QList<QByteArray> events{messageStart(usage), textBlockStart()};
    for (qsizetype i = 0; i < text.size(); i += step)
        events.append(textDelta(text.mid(i, step)));
    events += {blockStop(), messageDelta(stopReason, outputTokens), messageStop()};
    return body(events);
}

QByteArray SseBuilder::toolUseReply(const QString &toolUseId, const QString &name,
                                    const QJsonObject &input, const QString &text, int inputTokens,
                                    int outputTokens, const QString &model)
{
    QList<QByteArray> events{messageStart(model, inputTokens)};
    int index = 0;
    if (!text.isEmpty()) {
        events << textBlockStart(index) << textDelta(text, index) << blockStop(index);
        ++index;
    }
    events << toolUseStart(toolUseId, name, index) << inputJsonDelta(json(input), index)
           << blockStop(index) << messageDelta(u"tool_use"_s, outputTokens) << messageStop();
    return body(events);
}

} // namespace claudette::test
