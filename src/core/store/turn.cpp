#include "core/store/turn.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {

// Every key toJson() writes; anything else read from a file goes to Turn::extra.
const QLatin1StringView kKnownKeys[] = {
    "id"_L1,          "parent"_L1,      "role"_L1,       "status"_L1,   "content"_L1,
    "model"_L1,       "params"_L1,      "usage"_L1,      "cost_usd"_L1, "stop_reason"_L1,
    "stop_sequence"_L1, "request_id"_L1, "created"_L1,   "finished"_L1, "error"_L1,
};

bool isKnownKey(QStringView key)
{
    for (const auto &known : kKnownKeys) {
        if (key == known)
            return true;
    }
    return false;
}

QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

QJsonObject Turn::toJson() const
{
    QJsonObject o = extra;
    o.insert("id"_L1, id);
    o.insert("parent"_L1, parentId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(parentId));
    o.insert("role"_L1, role);
    o.insert("status"_L1, statusName(status));
    o.insert("content"_L1, content);
    if (!model.isEmpty())
        o.insert("model"_L1, model);
    if (!params.isEmpty())
        o.insert("params"_L1, params);
    if (!usage.isEmpty())
        o.insert("usage"_L1, usage);
    if (costUsd)
        o.insert("cost_usd"_L1, *costUsd);
    if (!stopReason.isEmpty())
        o.insert("stop_reason"_L1, stopReason);
    if (!stopSequence.isEmpty())
        o.insert("stop_sequence"_L1, stopSequence);
    if (!requestId.isEmpty())
        o.insert("request_id"_L1, requestId);
    if (created.isValid())
        o.insert("created"_L1, isoTime(created));
    if (finished.isValid())
        o.insert("finished"_L1, isoTime(finished));
    if (!error.isEmpty()) {
        QJsonObject e;
        e.insert("kind"_L1, error.kind);
        e.insert("type"_L1, error.type);
        e.insert("message"_L1, error.message);
        if (error.httpStatus != 0)
            e.insert("http_status"_L1, error.httpStatus);
        if (!error.requestId.isEmpty())
            e.insert("request_id"_L1, error.requestId);
        o.insert("error"_L1, e);
    }
    return o;
}

std::optional<Turn> Turn::fromJson(const QJsonObject &o, QString *error)
{
    Turn t;
    t.id = o.value("id"_L1).toString();
    if (t.id.isEmpty()) {
        *error = u"a turn has no \"id\""_s;
        return std::nullopt;
    }
    const QJsonValue parent = o.value("parent"_L1);
    if (!parent.isNull() && !parent.isUndefined() && !parent.isString()) {
        *error = u"turn %1: \"parent\" is not a string"_s.arg(t.id);
        return std::nullopt;
    }
    t.parentId = parent.toString();
    t.role = o.value("role"_L1).toString();
    if (t.role.isEmpty()) {
        *error = u"turn %1 has no \"role\""_s.arg(t.id);
        return std::nullopt;
    }
    const QJsonValue content = o.value("content"_L1);
    if (content.isString()) {
        // The API allows a plain string as content; keep it as one text block.
        t.content = QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, content}}};
    } else if (content.isArray()) {
        t.content = content.toArray();
    } else if (!content.isUndefined()) {
        *error = u"turn %1: \"content\" is neither a list nor a string"_s.arg(t.id);
        return std::nullopt;
    }
    const QJsonValue status = o.value("status"_L1);
    if (!status.isUndefined()) {
        const auto s = statusFromName(status.toString());
        // A status from a newer version is kept as extra and read as complete.
        t.status = s.value_or(TurnStatus::Complete);
        if (!s)
            t.extra.insert("status"_L1, status);
    }
    t.model = o.value("model"_L1).toString();
    t.params = o.value("params"_L1).toObject();
    t.usage = o.value("usage"_L1).toObject();
    const QJsonValue cost = o.value("cost_usd"_L1);
    if (cost.isDouble())
        t.costUsd = cost.toDouble();
    t.stopReason = o.value("stop_reason"_L1).toString();
    t.stopSequence = o.value("stop_sequence"_L1).toString();
    t.requestId = o.value("request_id"_L1).toString();
    t.created = QDateTime::fromString(o.value("created"_L1).toString(), Qt::ISODateWithMs);
    t.finished = QDateTime::fromString(o.value("finished"_L1).toString(), Qt::ISODateWithMs);
    const QJsonObject e = o.value("error"_L1).toObject();
    if (!e.isEmpty()) {
        t.error.kind = e.value("kind"_L1).toString();
        t.error.type = e.value("type"_L1).toString();
        t.error.message = e.value("message"_L1).toString();
        t.error.httpStatus = e.value("http_status"_L1).toInt();
        t.error.requestId = e.value("request_id"_L1).toString();
    }
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (!isKnownKey(it.key()))
            t.extra.insert(it.key(), it.value());
    }
    return t;
}

QString Turn::plainText() const
{
    QString text;
    for (const QJsonValue &block : content) {
        const QJsonObject b = block.toObject();
        if (b.value("type"_L1).toString() == "text"_L1)
            text += b.value("text"_L1).toString();
    }
    return text;
}

QString Turn::statusName(TurnStatus status)
{
    switch (status) {
    case TurnStatus::Complete:
        return u"complete"_s;
    case TurnStatus::Streaming:
        return u"streaming"_s;
    case TurnStatus::Stopped:
        return u"stopped"_s;
    case TurnStatus::Interrupted:
        return u"interrupted"_s;
    case TurnStatus::Error:
        return u"error"_s;
    }
    return u"complete"_s;
}

std::optional<TurnStatus> Turn::statusFromName(QStringView name)
{
    if (name == "complete"_L1)
        return TurnStatus::Complete;
    if (name == "streaming"_L1)
        return TurnStatus::Streaming;
    if (name == "stopped"_L1)
        return TurnStatus::Stopped;
    if (name == "interrupted"_L1)
        return TurnStatus::Interrupted;
    if (name == "error"_L1)
        return TurnStatus::Error;
    return std::nullopt;
}

QString Turn::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace claudette
