#include "render/htmlpage.h"

#include "render/htmlescape.h"

using namespace Qt::StringLiterals;

namespace claudette {

namespace {

QString cssClass(const QString &role)
{
    QString out;
    for (const QChar c : role) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_') {
            out += c;
        } else if (c >= u'A' && c <= u'Z') {
            out += c.toLower();
        }
    }
    return out.isEmpty() ? u"other"_s : out;
}

} // namespace

QString HtmlPage::dataUri(const HtmlImage &image)
{
    static const QStringList allowed = {u"image/png"_s, u"image/jpeg"_s, u"image/gif"_s,
                                        u"image/webp"_s};
    const QString mime = image.mimeType.trimmed().toLower();
    if (!allowed.contains(mime) || image.data.isEmpty()) {
        return {};
    }
    return u"data:"_s + mime + u";base64,"_s + QString::fromLatin1(image.data.toBase64());
}

QString HtmlPage::styleSheet()
{
    return uR"css(
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e;
  --card: #f6f8fa; --border: #d1d9e0; --user: #eef4ff; --link: #0969da; --code: #f0f2f4; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --card: #151b23; --border: #3d444d;
    --user: #14223a; --link: #4493f8; --code: #1f2630; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 4rem; }
header h1 { font-size: 1.5rem; margin: 0 0 1.5rem; }
section.message { background: var(--card); border: 1px solid var(--border); border-radius: 10px;
  padding: 0.75rem 1.1rem; margin: 0 0 1rem; overflow-wrap: anywhere; }
section.message.user { background: var(--user); }
section.message h2.role { font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.04em;
  color: var(--muted); margin: 0 0 0.4rem; }
a { color: var(--link); }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em;
  background: var(--code); border-radius: 4px; padding: 0.1em 0.3em; }
pre.code { border-radius: 8px; padding: 0.75rem 1rem; overflow-x: auto; line-height: 1.4; }
pre.code code { background: transparent; padding: 0; font-size: 0.88em; }
blockquote { margin: 0.5rem 0; padding: 0 1rem; border-left: 4px solid var(--border);
  color: var(--muted); }
table.md-table { border-collapse: collapse; margin: 0.5rem 0; display: block; overflow-x: auto; }
table.md-table th, table.md-table td { border: 1px solid var(--border); padding: 0.3rem 0.6rem; }
li.task { list-style: none; }
.inert-link { text-decoration: underline dotted; }
.image-placeholder { color: var(--link) !important; }
.image-url { color: var(--muted); font-size: 0.9em; }
.images img { max-width: 100%; height: auto; border-radius: 6px; margin: 0.5rem 0.5rem 0 0; }
hr { border: 0; border-top: 1px solid var(--border); }
)css"_s;
}

QString HtmlPage::build(const QString &title, const QList<HtmlSection> &sections)
{
    QString html;
    html += u"<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
            u"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            u"img-src data:; style-src 'unsafe-inline'\">\n"
            u"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            u"<meta name=\"generator\" content=\"claudette\">\n<title>"_s +
            htmlEscaped(title) + u"</title>\n<style>"_s + styleSheet() +
            u"</style>\n</head>\n<body>\n<main>\n<header><h1>"_s + htmlEscaped(title) +
            u"</h1></header>\n"_s;
    for (const HtmlSection &section : sections) {
        html += u"<section class=\"message "_s + cssClass(section.role) + u"\">\n"_s;
        if (!section.label.isEmpty()) {
            html += u"<h2 class=\"role\">"_s + htmlEscaped(section.label) + u"</h2>\n"_s;
        }
        html += u"<div class=\"body\">\n"_s + section.bodyHtml + u"</div>\n"_s;
        QString images;
        for (const HtmlImage &image : section.images) {
            const QString uri = dataUri(image);
            if (!uri.isEmpty()) {
                images += u"<img src=\""_s + uri + u"\" alt=\""_s + htmlEscaped(image.alt) +
                          u"\">\n"_s;
            }
        }
        if (!images.isEmpty()) {
            html += u"<div class=\"images\">\n"_s + images + u"</div>\n"_s;
        }
        html += u"</section>\n"_s;
    }
    html += u"</main>\n</body>\n</html>\n"_s;
    return html;
}

} // namespace claudette
