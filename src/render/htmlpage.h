#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace claudette {

/// An image shown under a section of an exported page, embedded as a data: URI.
struct HtmlImage
{
    QByteArray data;  ///< the encoded image bytes
    QString mimeType; ///< image/png, image/jpeg, image/gif or image/webp; others are dropped
    QString alt;      ///< text alternative (escaped)
};

/// One message of an exported page.
struct HtmlSection
{
    QString role;     ///< "user", "assistant", ... : a CSS class (sanitized) for the styling
    QString label;    ///< heading shown above the body ("User", "Claude · claude-sonnet-4-5")
    QString bodyHtml; ///< TRUSTED safe HTML, e.g. from MarkdownRenderer::toHtml()
    QList<HtmlImage> images;
};

/**
 * A complete, self-contained HTML page from rendered message sections.
 *
 * The page embeds its CSS (light and dark, by prefers-color-scheme), has no script and references
 * no external resource: a Content-Security-Policy meta tag allows only inline styles and data:
 * images. Images are embedded as base64 data: URIs; title, labels and alt texts are escaped.
 * bodyHtml is inserted as is: pass only MarkdownRenderer output (or other escaped HTML).
 */
class HtmlPage
{
public:
    static QString build(const QString &title, const QList<HtmlSection> &sections);

    /// "data:<mime>;base64,..." for @p image, or empty for a type not allowed in a page.
    static QString dataUri(const HtmlImage &image);

    /// The embedded style sheet.
    static QString styleSheet();
};

} // namespace claudette
