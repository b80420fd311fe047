#include "render/markdownrenderer.h"

#include "render/htmlescape.h"

#include <md4c.h>

#include <QCoreApplication>
#include <QList>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {

QString fromUtf8(const MD_CHAR *text, MD_SIZE size)
{
    return QString::fromUtf8(text, qsizetype(size));
}

/// The text of an entity ("&amp;", "&#60;", "&#x3C;"); unknown named entities stay literal.
QString decodeEntity(const QString &entity)
{
    if (entity.size() >= 4 && entity.startsWith(u"&#") && entity.endsWith(u';')) {
        bool ok = false;
        uint code = 0;
        if (entity[2] == u'x' || entity[2] == u'X') {
            code = entity.mid(3, entity.size() - 4).toUInt(&ok, 16);
        } else {
            code = entity.mid(2, entity.size() - 3).toUInt(&ok, 10);
        }
        if (!ok || code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            code = 0xFFFD;
        }
        const char32_t ch = code;
        return QString::fromUcs4(&ch, 1);
    }
    static const struct
    {
        QStringView name;
        QStringView text;
    } named[] = {
        {u"&amp;", u"&"},        {u"&lt;", u"<"},         {u"&gt;", u">"},
        {u"&quot;", u"\""},      {u"&apos;", u"'"},       {u"&nbsp;", u"\u00A0"},
        {u"&copy;", u"\u00A9"},  {u"&reg;", u"\u00AE"},   {u"&trade;", u"\u2122"},
        {u"&hellip;", u"\u2026"}, {u"&mdash;", u"\u2014"}, {u"&ndash;", u"\u2013"},
        {u"&lsquo;", u"\u2018"}, {u"&rsquo;", u"\u2019"}, {u"&ldquo;", u"\u201C"},
        {u"&rdquo;", u"\u201D"}, {u"&laquo;", u"\u00AB"}, {u"&raquo;", u"\u00BB"},
        {u"&times;", u"\u00D7"}, {u"&divide;", u"\u00F7"}, {u"&deg;", u"\u00B0"},
        {u"&plusmn;", u"\u00B1"}, {u"&middot;", u"\u00B7"}, {u"&bull;", u"\u2022"},
        {u"&euro;", u"\u20AC"},  {u"&pound;", u"\u00A3"}, {u"&yen;", u"\u00A5"},
        {u"&cent;", u"\u00A2"},  {u"&sect;", u"\u00A7"},  {u"&para;", u"\u00B6"},
        {u"&larr;", u"\u2190"},  {u"&rarr;", u"\u2192"},  {u"&uarr;", u"\u2191"},
        {u"&darr;", u"\u2193"},  {u"&harr;", u"\u2194"},  {u"&le;", u"\u2264"},
        {u"&ge;", u"\u2265"},    {u"&ne;", u"\u2260"},    {u"&infin;", u"\u221E"},
    };
    for (const auto &e : named) {
        if (entity == e.name) {
            return e.text.toString();
        }
    }
    return entity;
}

QString attributeText(const MD_ATTRIBUTE &attr)
{
    QString out;
    if (attr.text == nullptr || attr.size == 0) {
        return out;
    }
    for (int i = 0; attr.substr_offsets[i] < attr.size; ++i) {
        const MD_OFFSET begin = attr.substr_offsets[i];
        const MD_OFFSET end = attr.substr_offsets[i + 1];
        const QString part = fromUtf8(attr.text + begin, end - begin);
        switch (attr.substr_types[i]) {
        case MD_TEXT_ENTITY:
            out += decodeEntity(part);
            break;
        case MD_TEXT_NULLCHAR:
            out += QChar(0xFFFD);
            break;
        default:
            out += part;
            break;
        }
    }
    return out;
}

struct Renderer
{
    const CodeHighlighter *highlighter = nullptr;
    QString html;
    int imageDepth = 0;     // > 0 inside an image's alt text: text only, no tags
    QList<bool> links;      // per open link: true when rendered as <a>
    bool inCodeBlock = false;
    QByteArray code;        // UTF-8 text of the current code block
    QString codeLanguage;
    QString imageUrl;       // destination of the outermost open image

    void text(QStringView t)
    {
        if (imageDepth > 0 || !inCodeBlock) {
            appendEscaped(html, t);
        }
    }
    void tag(QStringView t)
    {
        if (imageDepth == 0) {
            html += t;
        }
    }

    void enterBlock(MD_BLOCKTYPE type, void *detail)
    {
        switch (type) {
        case MD_BLOCK_DOC:
            break;
        case MD_BLOCK_QUOTE:
            html += u"<blockquote>\n"_s;
            break;
        case MD_BLOCK_UL:
            html += u"<ul>\n"_s;
            break;
        case MD_BLOCK_OL: {
            const unsigned start = static_cast<MD_BLOCK_OL_DETAIL *>(detail)->start;
            html += start == 1 ? u"<ol>\n"_s : u"<ol start=\""_s + QString::number(start) +
                                                   u"\">\n"_s;
            break;
        }
        case MD_BLOCK_LI: {
            const auto *li = static_cast<MD_BLOCK_LI_DETAIL *>(detail);
            if (li->is_task) {
                const bool done = li->task_mark == 'x' || li->task_mark == 'X';
                html += done ? u"<li class=\"task done\"><span class=\"task-box\">\u2611</span> "_s
                             : u"<li class=\"task\"><span class=\"task-box\">\u2610</span> "_s;
            } else {
                html += u"<li>"_s;
            }
            break;
        }
        case MD_BLOCK_HR:
            html += u"<hr>\n"_s;
            break;
        case MD_BLOCK_H:
            html += u"<h"_s + QString::number(static_cast<MD_BLOCK_H_DETAIL *>(detail)->level) +
                    u'>';
            break;
        case MD_BLOCK_CODE:
            inCodeBlock = true;
            code.clear();
            codeLanguage = attributeText(static_cast<MD_BLOCK_CODE_DETAIL *>(detail)->lang);
            break;
        case MD_BLOCK_HTML: // not produced with MD_FLAG_NOHTML; its text would be escaped
            html += u"<p>"_s;
            break;
        case MD_BLOCK_P:
            html += u"<p>"_s;
            break;
        case MD_BLOCK_TABLE:
            html += u"<table class=\"md-table\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n"_s;
            break;
        case MD_BLOCK_THEAD:
            html += u"<thead>\n"_s;
            break;
        case MD_BLOCK_TBODY:
            html += u"<tbody>\n"_s;
            break;
        case MD_BLOCK_TR:
            html += u"<tr>"_s;
            break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD: {
            html += type == MD_BLOCK_TH ? u"<th"_s : u"<td"_s;
            switch (static_cast<MD_BLOCK_TD_DETAIL *>(detail)->align) {
            case MD_ALIGN_LEFT:
                html += u" align=\"left\""_s;
                break;
            case MD_ALIGN_CENTER:
                html += u" align=\"center\""_s;
                break;
            case MD_ALIGN_RIGHT:
                html += u" align=\"right\""_s;
                break;
            default:
                break;
            }
            html += u'>';
            break;
        }
        }
    }

    void leaveBlock(MD_BLOCKTYPE type, void *detail)
    {
        switch (type) {
        case MD_BLOCK_DOC:
            break;
        case MD_BLOCK_QUOTE:
            html += u"</blockquote>\n"_s;
            break;
        case MD_BLOCK_UL:
            html += u"</ul>\n"_s;
            break;
        case MD_BLOCK_OL:
            html += u"</ol>\n"_s;
            break;
        case MD_BLOCK_LI:
            html += u"</li>\n"_s;
            break;
        case MD_BLOCK_HR:
            break;
        case MD_BLOCK_H:
            html += u"</h"_s + QString::number(static_cast<MD_BLOCK_H_DETAIL *>(detail)->level) +
                    u">\n"_s;
            break;
        case MD_BLOCK_CODE: {
            inCodeBlock = false;
            QString source = QString::fromUtf8(code);
            if (source.endsWith(u'\n')) {
                source.chop(1); // <pre> keeps a trailing newline as an empty last line
            }
            html += u"<pre class=\"code\""_s;
            if (!codeLanguage.isEmpty()) {
                html += u" data-lang=\""_s + htmlEscaped(codeLanguage) + u'"';
            }
            html += u" style=\""_s + highlighter->blockStyle() + u"\"><code>"_s +
                    highlighter->toHtml(source, codeLanguage) + u"</code></pre>\n"_s;
            break;
        }
        case MD_BLOCK_HTML:
        case MD_BLOCK_P:
            html += u"</p>\n"_s;
            break;
        case MD_BLOCK_TABLE:
            html += u"</table>\n"_s;
            break;
        case MD_BLOCK_THEAD:
            html += u"</thead>\n"_s;
            break;
        case MD_BLOCK_TBODY:
            html += u"</tbody>\n"_s;
            break;
        case MD_BLOCK_TR:
            html += u"</tr>\n"_s;
            break;
        case MD_BLOCK_TH:
            html += u"</th>"_s;
            break;
        case MD_BLOCK_TD:
            html += u"</td>"_s;
            break;
        }
    }

    void enterSpan(MD_SPANTYPE type, void *detail)
    {
        switch (type) {
        case MD_SPAN_EM:
            tag(u"<em>");
            break;
        case MD_SPAN_STRONG:
            tag(u"<strong>");
            break;
        case MD_SPAN_DEL:
            tag(u"<s>");
            break;
        case MD_SPAN_CODE:
            tag(u"<code>");
            break;
        case MD_SPAN_U:
            tag(u"<u>");
            break;
        case MD_SPAN_A: {
            if (imageDepth > 0) {
                break;
            }
            const auto *a = static_cast<MD_SPAN_A_DETAIL *>(detail);
            const QString href = attributeText(a->href);
            const bool safe = MarkdownRenderer::isSafeLink(href);
            links.append(safe);
            if (safe) {
                html += u"<a href=\""_s +
                        htmlEscaped(QUrl(href.trimmed()).toString(QUrl::FullyEncoded)) + u'"';
                const QString title = attributeText(a->title);
                if (!title.isEmpty()) {
                    html += u" title=\""_s + htmlEscaped(title) + u'"';
                }
                html += u'>';
            } else {
                html += u"<span class=\"inert-link\">"_s;
            }
            break;
        }
        case MD_SPAN_IMG:
            if (imageDepth == 0) {
                imageUrl = attributeText(static_cast<MD_SPAN_IMG_DETAIL *>(detail)->src);
                html += u"<span class=\"image-placeholder\" "
                        u"style=\"color:#2a6fdb;text-decoration:underline;\">["_s +
                        QCoreApplication::translate("claudette::MarkdownRenderer", "image:") + u' ';
            }
            ++imageDepth;
            break;
        case MD_SPAN_LATEXMATH:
        case MD_SPAN_LATEXMATH_DISPLAY:
        case MD_SPAN_WIKILINK:
            break;
        }
    }

    void leaveSpan(MD_SPANTYPE type)
    {
        switch (type) {
        case MD_SPAN_EM:
            tag(u"</em>");
            break;
        case MD_SPAN_STRONG:
            tag(u"</strong>");
            break;
        case MD_SPAN_DEL:
            tag(u"</s>");
            break;
        case MD_SPAN_CODE:
            tag(u"</code>");
            break;
        case MD_SPAN_U:
            tag(u"</u>");
            break;
        case MD_SPAN_A:
            if (imageDepth > 0 || links.isEmpty()) {
                break;
            }
            html += links.takeLast() ? u"</a>"_s : u"</span>"_s;
            break;
        case MD_SPAN_IMG:
            --imageDepth;
            if (imageDepth == 0) {
                html += u"]</span>"_s;
                if (!imageUrl.isEmpty()) {
                    html += u" <span class=\"image-url\">("_s + htmlEscaped(imageUrl) +
                            u")</span>"_s;
                }
                imageUrl.clear();
            }
            break;
        case MD_SPAN_LATEXMATH:
        case MD_SPAN_LATEXMATH_DISPLAY:
        case MD_SPAN_WIKILINK:
            break;
        }
    }

    void textCallback(MD_TEXTTYPE type, const MD_CHAR *data, MD_SIZE size)
    {
        if (inCodeBlock && imageDepth == 0) {
            if (type == MD_TEXT_NULLCHAR) {
                code += "\xEF\xBF\xBD";
            } else {
                code.append(data, qsizetype(size));
            }
            return;
        }
        switch (type) {
        case MD_TEXT_NULLCHAR:
            html += QChar(0xFFFD);
            break;
        case MD_TEXT_BR:
            html += imageDepth > 0 ? u" "_s : u"<br>\n"_s;
            break;
        case MD_TEXT_SOFTBR:
            html += imageDepth > 0 ? u" "_s : u"\n"_s;
            break;
        case MD_TEXT_ENTITY:
            text(decodeEntity(fromUtf8(data, size)));
            break;
        default: // NORMAL, CODE, HTML (never with MD_FLAG_NOHTML), LATEXMATH: all escaped
            text(fromUtf8(data, size));
            break;
        }
    }
};

int enterBlockCb(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    static_cast<Renderer *>(userdata)->enterBlock(type, detail);
    return 0;
}

int leaveBlockCb(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    static_cast<Renderer *>(userdata)->leaveBlock(type, detail);
    return 0;
}

int enterSpanCb(MD_SPANTYPE type, void *detail, void *userdata)
{
    static_cast<Renderer *>(userdata)->enterSpan(type, detail);
    return 0;
}

int leaveSpanCb(MD_SPANTYPE type, void * /*detail*/, void *userdata)
{
    static_cast<Renderer *>(userdata)->leaveSpan(type);
    return 0;
}

int textCb(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *userdata)
{
    static_cast<Renderer *>(userdata)->textCallback(type, text, size);
    return 0;
}

} // namespace

MarkdownRenderer::MarkdownRenderer(const CodeHighlighter &highlighter)
    : m_highlighter(highlighter)
{
}

bool MarkdownRenderer::isSafeLink(const QString &href)
{
    const QUrl url(href.trimmed(), QUrl::StrictMode);
    if (!url.isValid()) {
        return false;
    }
    const QString scheme = url.scheme(); // QUrl lower-cases the scheme
    if (scheme == u"http" || scheme == u"https") {
        return !url.host().isEmpty();
    }
    return scheme == u"mailto" && !url.path().isEmpty();
}

QString MarkdownRenderer::toHtml(QStringView markdown) const
{
    const QByteArray utf8 = markdown.toUtf8();
    Renderer renderer;
    renderer.highlighter = &m_highlighter;
    renderer.html.reserve(utf8.size() + utf8.size() / 4);

    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML;
    parser.enter_block = enterBlockCb;
    parser.leave_block = leaveBlockCb;
    parser.enter_span = enterSpanCb;
    parser.leave_span = leaveSpanCb;
    parser.text = textCb;
    if (md_parse(utf8.constData(), MD_SIZE(utf8.size()), &parser, &renderer) != 0) {
        // Only on allocation failure: show the text rather than nothing.
        return u"<p>"_s + htmlEscaped(markdown) + u"</p>\n"_s;
    }
    return renderer.html;
}

} // namespace claudette
