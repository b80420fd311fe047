#include "gui/transcript/blocks/markdownview.h"

#include "render/markdowndocument.h"

#include <QAbstractTextDocumentLayout>
#include <QContextMenuEvent>
#include <QScrollBar>
#include <QTextCursor>
#include <QWheelEvent>
#include <QtMath>

namespace claudette {

MarkdownView::MarkdownView(QWidget *parent)
    : QTextBrowser(parent)
    , m_document(new MarkdownDocument(this))
{
    setDocument(m_document);
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setTextInteractionFlags(Qt::TextBrowserInteraction | Qt::TextSelectableByKeyboard);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    viewport()->setAutoFillBackground(false);
    setAutoFillBackground(false);
    m_document->setDocumentMargin(0);
    setAccessibleName(tr("Message text"));
    connect(this, &QTextBrowser::anchorClicked, this, &MarkdownView::linkActivated);
    connect(m_document, &QTextDocument::contentsChanged, this, &MarkdownView::contentChanged);
}

void MarkdownView::contentChanged()
{
    m_hfwWidth = -1;
    updateGeometry();
}

void MarkdownView::appendHtml(const QString &html)
{
    QTextCursor cursor(m_document);
    cursor.beginEditBlock();
    cursor.setPosition(m_tailStart);
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    // Each block starts a fresh paragraph so a heading's format does not leak into the next one.
    if (cursor.position() > 0)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    cursor.insertHtml(html);
    m_tailStart = cursor.position();
    cursor.endEditBlock();
}

void MarkdownView::setTailHtml(const QString &html)
{
    QTextCursor cursor(m_document);
    cursor.beginEditBlock();
    cursor.setPosition(m_tailStart);
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    if (!html.isEmpty()) {
        if (cursor.position() > 0)
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
        cursor.insertHtml(html);
    }
    cursor.endEditBlock();
}

void MarkdownView::setContentHtml(const QString &html)
{
    m_tailStart = 0;
    setHtml(html);
}

void MarkdownView::setContentPlainText(const QString &text)
{
    m_tailStart = 0;
    setPlainText(text);
}

void MarkdownView::appendPlainText(QStringView text)
{
    QTextCursor cursor(m_document);
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text.toString());
}

void MarkdownView::clearContent()
{
    m_tailStart = 0;
    m_document->clear();
    m_document->clearAttachments();
}

bool MarkdownView::isEmpty() const
{
    return m_document->isEmpty();
}

void MarkdownView::setNoWrap(bool noWrap)
{
    m_noWrap = noWrap;
    setLineWrapMode(noWrap ? QTextEdit::NoWrap : QTextEdit::WidgetWidth);
    setHorizontalScrollBarPolicy(noWrap ? Qt::ScrollBarAsNeeded : Qt::ScrollBarAlwaysOff);
    m_hfwWidth = -1;
    updateGeometry();
}

int MarkdownView::heightForWidth(int width) const
{
    if (width == m_hfwWidth)
        return m_hfwHeight;
    const int frame = 2 * frameWidth();
    int height = 0;
    if (m_noWrap) {
        const QSizeF size = m_document->documentLayout()->documentSize();
        height = qCeil(size.height()) + frame;
        if (size.width() > width - frame)
            height += horizontalScrollBar()->sizeHint().height();
    } else {
        const qreal textWidth = std::max(1, width - frame);
        // The widget gets this width next, so laying out at it now is not wasted work.
        if (!qFuzzyCompare(m_document->textWidth(), textWidth))
            m_document->setTextWidth(textWidth);
        height = qCeil(m_document->size().height()) + frame;
    }
    m_hfwWidth = width;
    m_hfwHeight = height;
    return height;
}

QSize MarkdownView::sizeHint() const
{
    const int width = std::max(200, this->width());
    return {width, heightForWidth(width)};
}

QSize MarkdownView::minimumSizeHint() const
{
    return {50, fontMetrics().height()};
}

void MarkdownView::wheelEvent(QWheelEvent *event)
{
    // Horizontal wheel movement scrolls long code lines; everything else scrolls the transcript.
    if (m_noWrap && event->angleDelta().x() != 0 && event->angleDelta().y() == 0) {
        QTextBrowser::wheelEvent(event);
        return;
    }
    event->ignore();
}

void MarkdownView::contextMenuEvent(QContextMenuEvent *event)
{
    // The message's own menu (copy as markdown or plain text) is the one to show.
    event->ignore();
}

} // namespace claudette
