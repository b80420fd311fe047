#include "core/api/messageparam.h"

#include <QJsonArray>
#include <utility>

using namespace Qt::StringLiterals;

namespace claudette {

MessageParam::MessageParam(Role role, QList<ContentBlock> content)
    : m_role(role)
    , m_content(std::move(content))
{}

MessageParam MessageParam::user(const QString &text)
{
    MessageParam m(Role::User, {ContentBlock::makeText(text)});
    m.m_stringForm = true;
    return m;
}

MessageParam MessageParam::user(QList<ContentBlock> content)
{
    return MessageParam(Role::User, std::move(content));
}

MessageParam MessageParam::assistant(const QString &text)
{
    MessageParam m(Role::Assistant, {ContentBlock::makeText(text)});
    m.m_stringForm = true;
    return m;
}

MessageParam MessageParam::assistant(QList<ContentBlock> content)
{
    return MessageParam(Role::Assistant, std::move(content));
}

QString MessageParam::roleName(Role role)
{
    return role == Role::User ? u"user"_s : u"assistant"_s;
}

MessageParam MessageParam::fromJson(const QJsonObject &json, bool *ok)
{
    if (ok)
        *ok = false;
    const QString role = json.value(u"role").toString();
    if (role != "user"_L1 && role != "assistant"_L1)
        return {};
    const Role r = role == "user"_L1 ? Role::User : Role::Assistant;
    const QJsonValue content = json.value(u"content");
    MessageParam m;
    if (content.isString()) {
        m = r == Role::User ? user(content.toString()) : assistant(content.toString());
    } else if (content.isArray()) {
        m = MessageParam(r, ContentBlock::listFromJson(content.toArray()));
    } else {
        return {};
    }
    if (ok)
        *ok = true;
    return m;
}

QJsonObject MessageParam::toJson() const
{
    QJsonObject json{{u"role"_s, roleName(m_role)}};
    if (m_stringForm && m_content.size() == 1 &&
        m_content.front().type() == ContentBlock::Type::Text &&
        m_content.front().json().size() == 2)
        json.insert(u"content"_s, m_content.front().text());
    else
        json.insert(u"content"_s, ContentBlock::listToJson(m_content));
    return json;
}

void MessageParam::setContent(QList<ContentBlock> content)
{
    m_content = std::move(content);
    m_stringForm = false;
}

void MessageParam::append(const ContentBlock &block)
{
    m_content.append(block);
    m_stringForm = false;
}

QString MessageParam::text() const
{
    QString out;
    for (const ContentBlock &b : m_content) {
        if (b.type() == ContentBlock::Type::Text)
            out += b.text();
    }
    return out;
}

void MessageParam::setCacheControlOnLastBlock(CacheTtl ttl)
{
    if (m_content.isEmpty())
        return;
    m_content.last().setCacheControl(ttl);
    m_stringForm = false;
}

void MessageParam::clearCacheControl()
{
    for (ContentBlock &b : m_content) {
        if (b.hasCacheControl()) {
            b.clearCacheControl();
            m_stringForm = false;
        }
    }
}

int MessageParam::cacheBreakpointCount() const
{
    int n = 0;
    for (const ContentBlock &b : m_content) {
        if (b.hasCacheControl())
            ++n;
        for (const ContentBlock &inner : b.resultBlocks()) {
            if (inner.hasCacheControl())
                ++n;
        }
    }
    return n;
}

QList<MessageParam> MessageParam::listFromJson(const QJsonArray &messages)
{
    QList<MessageParam> params;
    params.reserve(messages.size());
    for (const QJsonValue &m : messages) {
        bool ok = false;
        MessageParam p = fromJson(m.toObject(), &ok);
        if (ok)
            params.append(p);
    }
    return params;
}

} // namespace claudette
