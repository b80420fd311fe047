#include "gui/transcript/blocks/servertoolresultwidget.h"

#include "gui/transcript/blocks/markdownview.h"
#include "render/htmlescape.h"
#include "render/markdownrenderer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {

constexpr qsizetype kFetchPreview = 1500;

QString link(const QString &url, const QString &text)
{
    if (!MarkdownRenderer::isSafeLink(url))
        return htmlEscaped(text);
    return u"<a href=\""_s + htmlEscaped(url) + u"\">"_s + htmlEscaped(text) + u"</a>"_s;
}

QString pre(const QString &text, bool error = false)
{
    return (error ? u"<pre style=\"color:#c01c28; white-space:pre-wrap\">"_s
                  : u"<pre style=\"white-space:pre-wrap\">"_s) +
           htmlEscaped(text) + u"</pre>"_s;
}

QString errorHtml(const QJsonObject &content)
{
    return u"<p style=\"color:#c01c28\">"_s +
           htmlEscaped(ServerToolResultWidget::tr("The tool failed: %1")
                           .arg(content.value("error_code"_L1).toString())) +
           u"</p>"_s;
}

} // namespace

ServerToolResultWidget::ServerToolResultWidget(QWidget *parent)
    : BlockWidget(parent)
    , m_title(new QLabel(this))
    , m_body(new MarkdownView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_title->setObjectName(u"serverToolTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_body->setObjectName(u"serverToolBody"_s);
    layout->addWidget(m_title);
    layout->addWidget(m_body);
    connect(m_body, &MarkdownView::linkActivated, this, &BlockWidget::linkActivated);
}

bool ServerToolResultWidget::handles(const QString &type)
{
    return type.endsWith("_tool_result"_L1) && type != "tool_result"_L1 &&
           type != "mcp_tool_result"_L1;
}

QString ServerToolResultWidget::title() const
{
    return m_title->text();
}

QString ServerToolResultWidget::bodyText() const
{
    return m_body->toPlainText();
}

void ServerToolResultWidget::setBlock(const QJsonObject &block, const BlockContext &context)
{
    Q_UNUSED(context)
    if (block == m_last)
        return;
    m_last = block;
    const QString type = block.value("type"_L1).toString();
    const QJsonValue contentValue = block.value("content"_L1);
    const QJsonObject content = contentValue.toObject();
    const QString contentType = content.value("type"_L1).toString();
    QString html;
    if (type == "web_search_tool_result"_L1) {
        m_title->setText(tr("Web search results"));
        if (contentValue.isArray()) {
            html += u"<ul>"_s;
            for (const QJsonValue &value : contentValue.toArray()) {
                const QJsonObject result = value.toObject();
                const QString url = result.value("url"_L1).toString();
                QString title = result.value("title"_L1).toString();
                if (title.isEmpty())
                    title = url;
                html += u"<li>"_s + link(url, title);
                const QString host = QUrl(url).host();
                if (!host.isEmpty())
                    html += u" <span style=\"color:gray\">"_s + htmlEscaped(host) + u"</span>"_s;
                const QString age = result.value("page_age"_L1).toString();
                if (!age.isEmpty())
                    html += u" <span style=\"color:gray\">· "_s + htmlEscaped(age) + u"</span>"_s;
                html += u"</li>"_s;
            }
            html += u"</ul>"_s;
        } else {
            html = errorHtml(content);
        }
    } else if (type == "web_fetch_tool_result"_L1) {
        m_title->setText(tr("Fetched page"));
        if (contentType == "web_fetch_result"_L1) {
            const QString url = content.value("url"_L1).toString();
            const QJsonObject document = content.value("content"_L1).toObject();
            QString title = document.value("title"_L1).toString();
            html += u"<p>"_s + link(url, title.isEmpty() ? url : title) + u"</p>"_s;
            const QJsonObject source = document.value("source"_L1).toObject();
            if (source.value("type"_L1).toString() == "text"_L1) {
                QString text = source.value("data"_L1).toString();
                if (text.size() > kFetchPreview)
                    text = text.left(kFetchPreview) + u'…';
                html += pre(text);
            } else {
                html +=
                    u"<p>"_s +
                    htmlEscaped(tr("(%1 content)").arg(source.value("media_type"_L1).toString())) +
                    u"</p>"_s;
            }
        } else {
            html = errorHtml(content);
        }
    } else if (type.contains("code_execution"_L1) && content.contains("return_code"_L1)) {
        m_title->setText(tr("Code execution"));
        const QString out = content.value("stdout"_L1).toString();
        const QString err = content.value("stderr"_L1).toString();
        if (!out.isEmpty())
            html += pre(out);
        if (!err.isEmpty())
            html += pre(err, true);
        html += u"<p style=\"color:gray\">"_s +
                htmlEscaped(tr("Exit code %1").arg(content.value("return_code"_L1).toInt())) +
                u"</p>"_s;
    } else if (contentType.endsWith("_error"_L1)) {
        m_title->setText(tr("Server tool result"));
        html = errorHtml(content);
    } else {
        m_title->setText(tr("Server tool result (%1)").arg(type));
        html = pre(QString::fromUtf8(QJsonDocument(block).toJson(QJsonDocument::Indented)));
    }
    m_body->setContentHtml(html);
}

} // namespace claudette
