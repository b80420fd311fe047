#pragma once

#include "render/codehighlighter.h"

#include <QString>
#include <QStringView>

namespace claudette {

/**
 * Markdown (CommonMark with GFM tables, strikethrough, task lists and autolinks) to a safe HTML
 * fragment, with md4c.
 *
 * Safety, whatever the input:
 *  - raw HTML in the markdown is never passed through: it is parsed as text and escaped;
 *  - every text and attribute is escaped;
 *  - links keep their text, and only http, https and mailto destinations become <a href>; any
 *    other (javascript:, data:, file:, relative) becomes inert text;
 *  - images are never referenced: an image becomes the placeholder "[image: alt]" followed by
 *    its URL as plain text. The output holds no <img>, <script>, <iframe>, style sheet or event
 *    attribute.
 * Fenced code goes through the CodeHighlighter (inline styles), inside <pre class="code">.
 *
 * Stateless apart from the highlighter's theme: toHtml() is const and reentrant.
 */
class MarkdownRenderer
{
public:
    MarkdownRenderer() = default;
    explicit MarkdownRenderer(const CodeHighlighter &highlighter);

    const CodeHighlighter &highlighter() const { return m_highlighter; }
    void setHighlighter(const CodeHighlighter &highlighter) { m_highlighter = highlighter; }

    /// HTML fragment for @p markdown (a MarkdownBlock's source or a whole message).
    QString toHtml(QStringView markdown) const;

    /// True for the link destinations that may stay active: http(s) with a host, and mailto.
    static bool isSafeLink(const QString &href);

private:
    CodeHighlighter m_highlighter;
};

} // namespace claudette
