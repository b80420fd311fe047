#include "core/api/contentblock.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {
struct TypeName
{
    ContentBlock::Type type;
    QLatin1StringView name;
};

constexpr std::array kTypeNames{
    TypeName{ContentBlock::Type::Text, "text"_L1},
    TypeName{ContentBlock::Type::Image, "image"_L1},
    TypeName{ContentBlock::Type::Document, "document"_L1},
    TypeName{ContentBlock::Type::SearchResult, "search_result"_L1},
    TypeName{ContentBlock::Type::ToolResult, "tool_result"_L1},
    TypeName{ContentBlock::Type::Thinking, "thinking"_L1},
    TypeName{ContentBlock::Type::RedactedThinking, "redacted_thinking"_L1},
    TypeName{ContentBlock::Type::ToolUse, "tool_use"_L1},
    TypeName{ContentBlock::Type::ServerToolUse, "server_tool_use"_L1},
    TypeName{ContentBlock::Type::WebSearchToolResult, "web_search_tool_result"_L1},
    TypeName{ContentBlock::Type::WebFetchToolResult, "web_fetch_tool_result"_L1},
    TypeName{ContentBlock::Type::CodeExecutionToolResult, "code_execution_tool_result"_L1},
    TypeName{ContentBlock::Type::BashCodeExecutionToolResult,
             "bash_code_execution_tool_result"_L1},
    TypeName{ContentBlock::Type::TextEditorCodeExecutionToolResult,
             "text_editor_code_execution_tool_result"_L1},
    TypeName{ContentBlock::Type::ToolSearchToolResult, "tool_search_tool_result"_L1},
    TypeName{ContentBlock::Type::ContainerUpload, "container_upload"_L1},
    TypeName{ContentBlock::Type::McpToolUse, "mcp_tool_use"_L1},
    TypeName{ContentBlock::Type::McpToolResult, "mcp_tool_result"_L1},
    TypeName{ContentBlock::Type::Compaction, "compaction"_L1},
};

QJsonObject sourceObject(const QString &type)
{
    return QJsonObject{{u"type"_s, type}};
}
} // namespace

ContentBlock::ContentBlock(QJsonObject json)
    : m_json(std::move(json))
{
}

ContentBlock ContentBlock::fromJson(const QJsonValue &value)
{
    return ContentBlock(value.toObject());
}

QList<ContentBlock> ContentBlock::listFromJson(const QJsonArray &array)
{
    QList<ContentBlock> blocks;
    blocks.reserve(array.size());
    for (const QJsonValue &v : array) {
        if (v.isObject())
            blocks.append(ContentBlock(v.toObject()));
    }
    return blocks;
}

QJsonArray ContentBlock::listToJson(const QList<ContentBlock> &blocks)
{
    QJsonArray array;
    for (const ContentBlock &b : blocks)
        array.append(b.json());
    return array;
}

QString ContentBlock::typeName() const
{
    return m_json.value(u"type").toString();
}

ContentBlock::Type ContentBlock::type() const
{
    return typeFromName(typeName());
}

ContentBlock::Type ContentBlock::typeFromName(const QString &name)
{
    for (const TypeName &t : kTypeNames) {
        if (name == t.name)
            return t.type;
    }
    return Type::Unknown;
}

QString ContentBlock::nameOfType(Type type)
{
    for (const TypeName &t : kTypeNames) {
        if (t.type == type)
            return t.name;
    }
    return {};
}

bool ContentBlock::isAssistantOnlyType() const
{
    switch (type()) {
    case Type::Text:
    case Type::Image:
    case Type::Document:
    case Type::SearchResult:
    case Type::ToolResult:
    case Type::Unknown:
        return false;
    default:
        return true;
    }
}

QString ContentBlock::text() const
{
    return m_json.value(u"text").toString();
}

QJsonArray ContentBlock::citations() const
{
    return m_json.value(u"citations").toArray();
}

QString ContentBlock::thinking() const
{
    return m_json.value(u"thinking").toString();
}

QString ContentBlock::signature() const
{
    return m_json.value(u"signature").toString();
}

QString ContentBlock::redactedData() const
{
    return m_json.value(u"data").toString();
}

QString ContentBlock::toolUseId() const
{
    const QJsonValue ref = m_json.value(u"tool_use_id");
    if (ref.isString())
        return ref.toString();
    switch (type()) {
    case Type::ToolUse:
    case Type::ServerToolUse:
    case Type::McpToolUse:
        return m_json.value(u"id").toString();
    default:
        return {};
    }
}

QString ContentBlock::toolName() const
{
    return m_json.value(u"name").toString();
}

QJsonObject ContentBlock::toolInput() const
{
    return m_json.value(u"input").toObject();
}

QString ContentBlock::serverName() const
{
    return m_json.value(u"server_name").toString();
}

bool ContentBlock::isError() const
{
    return m_json.value(u"is_error").toBool(false);
}

QJsonValue ContentBlock::resultContent() const
{
    return m_json.value(u"content");
}

QString ContentBlock::resultText() const
{
    const QJsonValue content = resultContent();
    if (content.isString())
        return content.toString();
    QStringList parts;
    for (const QJsonValue &v : content.toArray()) {
        const QJsonObject o = v.toObject();
        if (o.value(u"type").toString() == "text"_L1)
            parts.append(o.value(u"text").toString());
    }
    return parts.join(u'\n');
}

QList<ContentBlock> ContentBlock::resultBlocks() const
{
    return listFromJson(resultContent().toArray());
}

QJsonObject ContentBlock::source() const
{
    return m_json.value(u"source").toObject();
}

QString ContentBlock::sourceType() const
{
    return source().value(u"type").toString();
}

QString ContentBlock::sourceMediaType() const
{
    return source().value(u"media_type").toString();
}

QString ContentBlock::sourceData() const
{
    return source().value(u"data").toString();
}

QByteArray ContentBlock::sourceBytes() const
{
    if (sourceType() != "base64"_L1)
        return {};
    return QByteArray::fromBase64(sourceData().toLatin1());
}

QUrl ContentBlock::sourceUrl() const
{
    return QUrl(source().value(u"url").toString());
}

QString ContentBlock::sourceFileId() const
{
    return source().value(u"file_id").toString();
}

QString ContentBlock::title() const
{
    return m_json.value(u"title").toString();
}

QString ContentBlock::context() const
{
    return m_json.value(u"context").toString();
}

QString ContentBlock::searchSource() const
{
    return m_json.value(u"source").toString();
}

QList<ContentBlock> ContentBlock::searchContent() const
{
    return listFromJson(m_json.value(u"content").toArray());
}

bool ContentBlock::hasCacheControl() const
{
    return m_json.value(u"cache_control").isObject();
}

QJsonObject ContentBlock::cacheControl() const
{
    return m_json.value(u"cache_control").toObject();
}

CacheTtl ContentBlock::cacheTtl() const
{
    return cacheControl().value(u"ttl").toString() == "1h"_L1 ? CacheTtl::OneHour
                                                              : CacheTtl::FiveMinutes;
}

QJsonObject ContentBlock::cacheControlJson(CacheTtl ttl)
{
    QJsonObject cc{{u"type"_s, u"ephemeral"_s}};
    if (ttl == CacheTtl::OneHour)
        cc.insert(u"ttl"_s, u"1h"_s);
    return cc;
}

void ContentBlock::setCacheControl(CacheTtl ttl)
{
    m_json.insert(u"cache_control"_s, cacheControlJson(ttl));
}

void ContentBlock::clearCacheControl()
{
    m_json.remove(u"cache_control"_s);
}

void ContentBlock::setTitle(const QString &title)
{
    if (title.isEmpty())
        m_json.remove(u"title"_s);
    else
        m_json.insert(u"title"_s, title);
}

void ContentBlock::setContext(const QString &context)
{
    if (context.isEmpty())
        m_json.remove(u"context"_s);
    else
        m_json.insert(u"context"_s, context);
}

void ContentBlock::setCitationsEnabled(bool enabled)
{
    m_json.insert(u"citations"_s, QJsonObject{{u"enabled"_s, enabled}});
}

void ContentBlock::setValue(const QString &key, const QJsonValue &value)
{
    if (value.isUndefined())
        m_json.remove(key);
    else
        m_json.insert(key, value);
}

ContentBlock ContentBlock::makeText(const QString &text)
{
    return ContentBlock(QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, text}});
}

ContentBlock ContentBlock::makeImage(const QByteArray &bytes, const QString &mediaType)
{
    QJsonObject source = sourceObject(u"base64"_s);
    source.insert(u"media_type"_s, mediaType);
    source.insert(u"data"_s, QString::fromLatin1(bytes.toBase64()));
    return ContentBlock(QJsonObject{{u"type"_s, u"image"_s}, {u"source"_s, source}});
}

ContentBlock ContentBlock::makeImageUrl(const QUrl &url)
{
    QJsonObject source = sourceObject(u"url"_s);
    source.insert(u"url"_s, url.toString(QUrl::FullyEncoded));
    return ContentBlock(QJsonObject{{u"type"_s, u"image"_s}, {u"source"_s, source}});
}

ContentBlock ContentBlock::makeImageFile(const QString &fileId)
{
    QJsonObject source = sourceObject(u"file"_s);
    source.insert(u"file_id"_s, fileId);
    return ContentBlock(QJsonObject{{u"type"_s, u"image"_s}, {u"source"_s, source}});
}

ContentBlock ContentBlock::makePdf(const QByteArray &bytes)
{
    QJsonObject source = sourceObject(u"base64"_s);
    source.insert(u"media_type"_s, u"application/pdf"_s);
    source.insert(u"data"_s, QString::fromLatin1(bytes.toBase64()));
    return ContentBlock(QJsonObject{{u"type"_s, u"document"_s}, {u"source"_s, source}});
}

ContentBlock ContentBlock::makeDocumentUrl(const QUrl &url)
{
    QJsonObject source = sourceObject(u"url"_s);
    source.insert(u"url"_s, url.toString(QUrl::FullyEncoded));
    return ContentBlock(QJsonObject{{u"type"_s, u"document"_s}, {u"source"_s, source}});
}

ContentBlock ContentBlock::makeDocumentFile(const QString &fileId)
{
    QJsonObject source = sourceObject(u"file"_s);
    source.insert(u"file_id"_s, fileId);
    return ContentBlock(QJsonObject{{u"type"_s, u"document"_s}, {u"source"_s, source}});
}

ContentBlock ContentBlock::makePlainTextDocument(const QString &text, const QString &title)
{
    QJsonObject source = sourceObject(u"text"_s);
    source.insert(u"media_type"_s, u"text/plain"_s);
    source.insert(u"data"_s, text);
    ContentBlock block(QJsonObject{{u"type"_s, u"document"_s}, {u"source"_s, source}});
    block.setTitle(title);
    return block;
}

ContentBlock ContentBlock::makeSearchResult(const QString &source, const QString &title,
                                            const QStringList &texts, bool citations)
{
    QJsonArray content;
    for (const QString &t : texts)
        content.append(makeText(t).json());
    QJsonObject json{{u"type"_s, u"search_result"_s},
                     {u"source"_s, source},
                     {u"title"_s, title},
                     {u"content"_s, content}};
    if (citations)
        json.insert(u"citations"_s, QJsonObject{{u"enabled"_s, true}});
    return ContentBlock(json);
}

ContentBlock ContentBlock::makeToolResult(const QString &toolUseId, const QString &content,
                                          bool isError)
{
    QJsonObject json{
        {u"type"_s, u"tool_result"_s}, {u"tool_use_id"_s, toolUseId}, {u"content"_s, content}};
    if (isError)
        json.insert(u"is_error"_s, true);
    return ContentBlock(json);
}

ContentBlock ContentBlock::makeToolResult(const QString &toolUseId,
                                          const QList<ContentBlock> &content, bool isError)
{
    QJsonObject json{{u"type"_s, u"tool_result"_s},
                     {u"tool_use_id"_s, toolUseId},
                     {u"content"_s, listToJson(content)}};
    if (isError)
        json.insert(u"is_error"_s, true);
    return ContentBlock(json);
}

ContentBlock ContentBlock::makeThinking(const QString &thinking, const QString &signature)
{
    return ContentBlock(QJsonObject{
        {u"type"_s, u"thinking"_s}, {u"thinking"_s, thinking}, {u"signature"_s, signature}});
}

ContentBlock ContentBlock::makeRedactedThinking(const QString &data)
{
    return ContentBlock(QJsonObject{{u"type"_s, u"redacted_thinking"_s}, {u"data"_s, data}});
}

ContentBlock ContentBlock::makeToolUse(const QString &id, const QString &name,
                                       const QJsonObject &input)
{
    return ContentBlock(QJsonObject{
        {u"type"_s, u"tool_use"_s}, {u"id"_s, id}, {u"name"_s, name}, {u"input"_s, input}});
}

} // namespace claudette
