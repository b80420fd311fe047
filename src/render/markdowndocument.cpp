#include "render/markdowndocument.h"

#include "render/markdownrenderer.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace claudette {

Q_LOGGING_CATEGORY(lcDocument, "claudette.render.document")

MarkdownDocument::MarkdownDocument(QObject *parent)
    : QTextDocument(parent)
{
    setUndoRedoEnabled(false);
}

void MarkdownDocument::setMarkdownSource(QStringView markdown, const MarkdownRenderer &renderer)
{
    setHtml(renderer.toHtml(markdown));
}

QUrl MarkdownDocument::attachmentUrl(const QString &id)
{
    QUrl url;
    url.setScheme(u"attachment"_s);
    url.setHost(id);
    return url;
}

bool MarkdownDocument::registerAttachment(const QString &id, const QImage &image)
{
    const QUrl url = attachmentUrl(id);
    if (!url.isValid() || url.host().isEmpty() || url.host().compare(id, Qt::CaseInsensitive)) {
        qCWarning(lcDocument) << "attachment id not usable in a URL:" << id;
        return false;
    }
    m_attachments.insert(url.host(), image);
    return true;
}

void MarkdownDocument::clearAttachments()
{
    m_attachments.clear();
}

QVariant MarkdownDocument::loadResource(int type, const QUrl &name)
{
    // Never call QTextDocument::loadResource: it reads local files and asks the parent widget.
    if (type == QTextDocument::ImageResource && name.scheme() == u"attachment" &&
        name.path().isEmpty() && !name.host().isEmpty()) {
        const auto it = m_attachments.constFind(name.host());
        if (it != m_attachments.cend()) {
            return it.value();
        }
    }
    qCDebug(lcDocument) << "refused resource" << type << name.toDisplayString();
    m_refused.append(name);
    return {};
}

} // namespace claudette
