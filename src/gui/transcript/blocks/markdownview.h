#pragma once

#include <QTextBrowser>

namespace claudette {

class MarkdownDocument;

/**
 * Read-only rich text for one part of a message, as tall as its content (the transcript scrolls,
 * not the part). Its document is a MarkdownDocument, so resources come only from the allow-list
 * (registered attachments): nothing remote or local is ever loaded. Links are not followed;
 * linkActivated() reports a click.
 *
 * appendHtml() adds closed blocks once; setTailHtml() replaces only what follows them (the open
 * markdown tail), so streaming costs the size of the change. With setNoWrap(true) long lines
 * scroll horizontally (code) instead of wrapping.
 */
class MarkdownView : public QTextBrowser
{
    Q_OBJECT
public:
    explicit MarkdownView(QWidget *parent = nullptr);

    MarkdownDocument *markdownDocument() const { return m_document; }

    /// Adds @p html (a closed block) after the blocks added before; the tail is removed.
    void appendHtml(const QString &html);
    /// Replaces the tail (everything after the appended blocks) with @p html.
    void setTailHtml(const QString &html);
    /// Replaces the whole content.
    void setContentHtml(const QString &html);
    void setContentPlainText(const QString &text);
    /// Adds @p text at the end, as plain text.
    void appendPlainText(QStringView text);
    void clearContent();
    bool isEmpty() const;

    void setNoWrap(bool noWrap);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void linkActivated(const QUrl &url);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void contentChanged();

    MarkdownDocument *m_document;
    int m_tailStart = 0;
    bool m_noWrap = false;
    mutable int m_hfwWidth = -1;
    mutable int m_hfwHeight = 0;
};

} // namespace claudette
