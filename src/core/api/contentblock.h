#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace claudette {

/// Lifetime of a prompt-cache breakpoint (`cache_control.ttl`).
enum class CacheTtl {
    FiveMinutes, ///< the API default: `{"type":"ephemeral"}`
    OneHour,     ///< `{"type":"ephemeral","ttl":"1h"}`
};

/**
 * One content block of a message, request or reply.
 *
 * The JSON object is the source of truth: every accessor reads it and every setter writes it,
 * so block types and fields this version does not know survive a round trip through files and
 * back to the API unchanged. Accessors return empty values (never fail) when a field is missing
 * or of another type.
 */
class ContentBlock
{
public:
    /// Every block type with typed accessors. Anything else is Type::Unknown but is kept.
    enum class Type {
        Unknown,
        // user turn blocks
        Text,
        Image,
        Document,
        SearchResult,
        ToolResult,
        // assistant blocks
        Thinking,
        RedactedThinking,
        ToolUse,
        ServerToolUse,
        WebSearchToolResult,
        WebFetchToolResult,
        CodeExecutionToolResult,
        BashCodeExecutionToolResult,
        TextEditorCodeExecutionToolResult,
        ToolSearchToolResult,
        ContainerUpload,
        McpToolUse,
        McpToolResult,
        Compaction,
    };

    ContentBlock() = default;
    explicit ContentBlock(QJsonObject json);

    /// The block exactly as it goes to the API or into a file.
    const QJsonObject &json() const { return m_json; }
    QJsonObject toJson() const { return m_json; }
    /// A block read from JSON: non-objects give an empty (invalid) block.
    static ContentBlock fromJson(const QJsonValue &value);
    /// Reads an array of blocks; non-object entries are skipped.
    static QList<ContentBlock> listFromJson(const QJsonArray &array);
    static QJsonArray listToJson(const QList<ContentBlock> &blocks);

    bool isValid() const { return !m_json.value(u"type").toString().isEmpty(); }
    /// The `type` string as sent by the API, also for unknown types.
    QString typeName() const;
    Type type() const;
    /// False for a type this version has no typed accessors for (it is kept and shown as such).
    bool isKnownType() const { return type() != Type::Unknown; }
    static Type typeFromName(const QString &name);
    static QString nameOfType(Type type);
    /// True for blocks that only the assistant produces (thinking, tool_use, server results...).
    bool isAssistantOnlyType() const;

    // text
    QString text() const;
    QJsonArray citations() const;
    // thinking / redacted_thinking
    QString thinking() const;
    QString signature() const;
    QString redactedData() const;
    // tool_use, server_tool_use, mcp_tool_use: `id`; tool_result and *_tool_result:
    // `tool_use_id`
    QString toolUseId() const;
    QString toolName() const;
    QJsonObject toolInput() const;
    /// mcp_tool_use: the MCP server's name.
    QString serverName() const;
    // tool_result / mcp_tool_result
    bool isError() const;
    /// `content` as sent: a string, an array of blocks, or an object (server tool results).
    QJsonValue resultContent() const;
    /// The text of a tool result: the string, or the text blocks joined with newlines.
    QString resultText() const;
    /// The blocks of a result whose content is an array (empty for a string).
    QList<ContentBlock> resultBlocks() const;

    // image / document sources
    QJsonObject source() const;
    /// `base64`, `url`, `file`, `text`, `content`, or our file format's `attachment`.
    QString sourceType() const;
    QString sourceMediaType() const;
    /// Base64 text for `base64` sources, the text for `text` sources.
    QString sourceData() const;
    /// The decoded bytes of a `base64` source (empty otherwise).
    QByteArray sourceBytes() const;
    QUrl sourceUrl() const;
    QString sourceFileId() const;
    // document / search_result
    QString title() const;
    QString context() const;
    /// search_result: where the result came from.
    QString searchSource() const;
    /// search_result: its text blocks.
    QList<ContentBlock> searchContent() const;

    // cache control
    bool hasCacheControl() const;
    QJsonObject cacheControl() const;
    /// The TTL of this block's breakpoint (FiveMinutes when none or not given).
    CacheTtl cacheTtl() const;
    void setCacheControl(CacheTtl ttl = CacheTtl::FiveMinutes);
    void clearCacheControl();
    static QJsonObject cacheControlJson(CacheTtl ttl);

    // document options
    void setTitle(const QString &title);
    void setContext(const QString &context);
    void setCitationsEnabled(bool enabled);

    /// Any field (for types and fields newer than this class).
    QJsonValue value(const QString &key) const { return m_json.value(key); }
    void setValue(const QString &key, const QJsonValue &value);

    // factories for what a user turn can hold
    static ContentBlock makeText(const QString &text);
    /// An image from its bytes (base64-encoded here); @p mediaType is image/jpeg|png|gif|webp.
    static ContentBlock makeImage(const QByteArray &bytes, const QString &mediaType);
    static ContentBlock makeImageUrl(const QUrl &url);
    static ContentBlock makeImageFile(const QString &fileId);
    static ContentBlock makePdf(const QByteArray &bytes);
    static ContentBlock makeDocumentUrl(const QUrl &url);
    static ContentBlock makeDocumentFile(const QString &fileId);
    static ContentBlock makePlainTextDocument(const QString &text, const QString &title = {});
    static ContentBlock makeSearchResult(const QString &source, const QString &title,
                                         const QStringList &texts, bool citations = true);
    static ContentBlock makeToolResult(const QString &toolUseId, const QString &content,
                                       bool isError = false);
    static ContentBlock makeToolResult(const QString &toolUseId, const QList<ContentBlock> &content,
                                       bool isError = false);
    // assistant blocks (for tests, prefill and reconstructing turns)
    static ContentBlock makeThinking(const QString &thinking, const QString &signature);
    static ContentBlock makeRedactedThinking(const QString &data);
    static ContentBlock makeToolUse(const QString &id, const QString &name,
                                    const QJsonObject &input);

    bool operator==(const ContentBlock &other) const { return m_json == other.m_json; }

private:
    QJsonObject m_json;
};

} // namespace claudette
