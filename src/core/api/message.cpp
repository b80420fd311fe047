#include "core/api/message.h"

#include <QJsonArray>
#include <utility>

namespace claudette {

Message::Message(QJsonObject json)
    : m_json(std::move(json))
{
}

bool Message::isValid() const
{
    return m_json.value(u"id").isString() && m_json.value(u"content").isArray();
}

QString Message::id() const
{
    return m_json.value(u"id").toString();
}

QString Message::type() const
{
    return m_json.value(u"type").toString();
}

QString Message::role() const
{
    return m_json.value(u"role").toString();
}

QString Message::model() const
{
    return m_json.value(u"model").toString();
}

QList<ContentBlock> Message::content() const
{
    return ContentBlock::listFromJson(m_json.value(u"content").toArray());
}

qsizetype Message::blockCount() const
{
    return m_json.value(u"content").toArray().size();
}

ContentBlock Message::block(qsizetype index) const
{
    const QJsonArray content = m_json.value(u"content").toArray();
    if (index < 0 || index >= content.size())
        return {};
    return ContentBlock::fromJson(content.at(index));
}

QString Message::stopReason() const
{
    return m_json.value(u"stop_reason").toString();
}

QString Message::stopSequence() const
{
    return m_json.value(u"stop_sequence").toString();
}

QJsonObject Message::stopDetails() const
{
    return m_json.value(u"stop_details").toObject();
}

QJsonObject Message::usage() const
{
    return m_json.value(u"usage").toObject();
}

QJsonObject Message::container() const
{
    return m_json.value(u"container").toObject();
}

QString Message::containerId() const
{
    return container().value(u"id").toString();
}

QString Message::text() const
{
    QString out;
    for (const ContentBlock &b : content()) {
        if (b.type() == ContentBlock::Type::Text)
            out += b.text();
    }
    return out;
}

QList<ContentBlock> Message::toolUses() const
{
    QList<ContentBlock> out;
    for (const ContentBlock &b : content()) {
        if (b.type() == ContentBlock::Type::ToolUse)
            out.append(b);
    }
    return out;
}

bool Message::hasBlocksOfUnknownType() const
{
    for (const ContentBlock &b : content()) {
        if (!b.isKnownType())
            return true;
    }
    return false;
}

MessageParam Message::toParam() const
{
    return MessageParam::assistant(content());
}

} // namespace claudette
