#pragma once

#include "core/api/contentblock.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace claudette {

/**
 * One entry of a request's `messages`: a role and its content blocks.
 *
 * Content given as a plain string (the API's shorthand for one text block) is kept as a string
 * on output as long as it is not changed, so a request read back writes the same JSON.
 */
class MessageParam
{
public:
    enum class Role
    {
        User,
        Assistant
    };

    MessageParam() = default;
    MessageParam(Role role, QList<ContentBlock> content);

    /// A user turn of one text block, written as the string shorthand.
    static MessageParam user(const QString &text);
    static MessageParam user(QList<ContentBlock> content);
    /// An assistant turn of one text block (prefill), written as the string shorthand.
    static MessageParam assistant(const QString &text);
    static MessageParam assistant(QList<ContentBlock> content);

    /// Reads `{"role":..., "content": string | [blocks]}`. @p ok is false when the role is not
    /// user/assistant or content is neither a string nor an array; the object is then empty.
    static MessageParam fromJson(const QJsonObject &json, bool *ok = nullptr);
    /// The messages of @p messages (the API's JSON) that read as messages; others are skipped.
    static QList<MessageParam> listFromJson(const QJsonArray &messages);
    QJsonObject toJson() const;

    Role role() const { return m_role; }
    void setRole(Role role) { m_role = role; }
    static QString roleName(Role role);

    const QList<ContentBlock> &content() const { return m_content; }
    void setContent(QList<ContentBlock> content);
    void append(const ContentBlock &block);
    /// The text of all text blocks, concatenated.
    QString text() const;
    bool isEmpty() const { return m_content.isEmpty(); }

    /// Sets or clears a cache breakpoint on the last block (the usual place for one).
    void setCacheControlOnLastBlock(CacheTtl ttl);
    void clearCacheControl();
    /// Breakpoints set on blocks of this message, including blocks nested in tool results.
    int cacheBreakpointCount() const;

    bool operator==(const MessageParam &other) const = default;

private:
    Role m_role = Role::User;
    QList<ContentBlock> m_content;
    bool m_stringForm = false; // written as a plain string while it is one unchanged text block
};

} // namespace claudette
