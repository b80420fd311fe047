#pragma once

#include <QDateTime>
#include <QFrame>
#include <QStringList>

class QLabel;

namespace claudette {

class MessageBody;

/// One message of the transcript: a header with who wrote it and when, the rich text body and a
/// status line (streaming, stopped, an error, usage). Plain data in, so any model can feed it.
/// Its context menu copies the message as markdown or as plain text.
class MessageWidget : public QFrame
{
    Q_OBJECT
public:
    enum class Author { User, Assistant, System };
    Q_ENUM(Author)

    explicit MessageWidget(QWidget *parent = nullptr);

    void setAuthor(Author author);
    Author author() const { return m_author; }
    /// The whole body as (safe) HTML.
    void setHtml(const QString &html);
    /// The streaming form: see MessageBody::setBlocks().
    void setBlocks(const QStringList &closedBlocks, const QString &openTail);
    /// The markdown source, for "Copy as Markdown".
    void setMarkdown(const QString &markdown) { m_markdown = markdown; }
    QString markdown() const { return m_markdown; }
    QString plainText() const;
    void setTimestamp(const QDateTime &when);
    /// A line under the body; hidden when empty.
    void setStatusText(const QString &text, const QString &toolTip = {});
    QString statusText() const;
    /// Empties everything (the widget is going back to the view's pool).
    void clear();
    /// Selects the first occurrence of @p text in the body.
    bool highlight(const QString &text);

    MessageBody *body() const { return m_body; }

Q_SIGNALS:
    void linkActivated(const QUrl &url);

protected:
    void paintEvent(QPaintEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateHeader();

    Author m_author = Author::Assistant;
    QString m_markdown;
    QDateTime m_timestamp;
    QLabel *m_authorLabel;
    QLabel *m_timeLabel;
    MessageBody *m_body;
    QLabel *m_statusLabel;
};

} // namespace claudette
