#pragma once

#include "render/codehighlighter.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace claudette {

class Conversation;

/**
 * Writes the current branch of a Conversation as a file to share or keep (File › Export… in the
 * app, `claudette-cli export`):
 *
 * - Markdown: a `# title`, then one `## User` / `## Claude (model)` section per turn. Text blocks
 *   are kept as written; thinking is a block quote; tool calls and results are fenced code
 *   blocks; images and documents are named (`[image: name (image/png)]`), not embedded.
 * - HTML: ONE self-contained page (HtmlPage): every text goes through MarkdownRenderer (raw HTML
 *   escaped, only http(s)/mailto links active, no remote or local resource), fenced code is
 *   highlighted with the CodeHighlighter, thinking sits in a closed <details>, tool calls and
 *   results are highlighted JSON / text, and images (from the attachments table, or returned by a
 *   tool) are embedded as data: URIs. Documents are named.
 * - API JSON: what the next request would send, as one JSON object
 *   `{"model": M, "system": S, "messages": [...]}`: `messages` is Conversation::messagesForApi()
 *   (attachment references expanded back to base64 sources; failed and empty turns left out);
 *   `model` is the conversation's model setting (else the model of the branch's last reply) and
 *   `system` its system prompt; each is left out when unknown.
 *
 * Turns with status Error show their error in Markdown and HTML.
 */
class ConversationExporter
{
public:
    enum class Format
    {
        Markdown,
        Html,
        ApiJson
    };

    /// "md"/"markdown", "html"/"htm", "json" (case-insensitive); nullopt otherwise.
    static std::optional<Format> formatForName(QStringView name);
    /// The format a file name's suffix asks for (.md, .markdown, .html, .htm, .json).
    static std::optional<Format> formatForPath(const QString &path);
    /// The usual suffix (without the dot): md, html, json.
    static QString suffix(Format format);

    /// @p conversation must outlive the exporter.
    explicit ConversationExporter(const Conversation &conversation);

    void setHighlighter(const CodeHighlighter &highlighter) { m_highlighter = highlighter; }

    QString toMarkdown() const;
    QString toHtml() const;
    /// Indented JSON, ending with a newline.
    QByteArray toApiJson() const;
    /// The bytes of @p format (UTF-8 for the text formats).
    QByteArray exportAs(Format format) const;

    /// The title used in the exports ("Conversation" when the conversation has none).
    QString title() const;

private:
    const Conversation &m_conversation;
    CodeHighlighter m_highlighter;
};

} // namespace claudette
