#pragma once

#include <QHash>
#include <QImage>
#include <QList>
#include <QTextDocument>
#include <QUrl>

namespace claudette {

class MarkdownRenderer;

/**
 * A QTextDocument for one rendered markdown block (or message), for the GUI.
 *
 * Its content comes from MarkdownRenderer's safe HTML. Resource loading answers ONLY from an
 * allow-list: images the caller registered under attachment://<id>. Any other resource (a remote
 * URL, a local path, a file: or qrc: URL, a data: URI, an unregistered attachment) is refused
 * and recorded in refusedResources(); nothing is ever fetched or read from disk.
 */
class MarkdownDocument : public QTextDocument
{
    Q_OBJECT

public:
    explicit MarkdownDocument(QObject *parent = nullptr);

    /// Replaces the content with @p markdown rendered by @p renderer.
    void setMarkdownSource(QStringView markdown, const MarkdownRenderer &renderer);

    /// The URL under which an attachment @p id is reachable: attachment://<id>.
    static QUrl attachmentUrl(const QString &id);

    /// Allows attachment://<id> to resolve to @p image. @p id must be usable as a URL host (a
    /// hex digest, a UUID); returns false, registering nothing, when it is not.
    bool registerAttachment(const QString &id, const QImage &image);
    void clearAttachments();

    /// Resources asked for and refused, in order (for tests and diagnostics).
    QList<QUrl> refusedResources() const { return m_refused; }

protected:
    QVariant loadResource(int type, const QUrl &name) override;

private:
    QHash<QString, QImage> m_attachments;
    QList<QUrl> m_refused;
};

} // namespace claudette
