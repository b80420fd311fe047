#include "gui/transcript/messagebody.h"

#include <QContextMenuEvent>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QWheelEvent>
#include <QtMath>

namespace claudette {

MessageBody::MessageBody(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("messageBody"));
    setAccessibleName(tr("Message text"));
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    setTextInteractionFlags(Qt::TextBrowserInteraction | Qt::TextSelectableByKeyboard);
    // Transparent: the message frame paints the background.
    viewport()->setAutoFillBackground(false);
    setAutoFillBackground(false);
    document()->setDocumentMargin(0);
    connect(this, &QTextBrowser::anchorClicked, this, &MessageBody::linkActivated);
    connect(document(), &QTextDocument::contentsChanged, this, &MessageBody::contentChanged);
}

void MessageBody::contentChanged()
{
    m_hfwWidth = -1;
    updateGeometry();
}

void MessageBody::setBodyHtml(const QString &html)
{
    m_closedCount = -1;
    m_lastClosed.clear();
    m_tailStart = 0;
    setHtml(html);
}

void MessageBody::clearBody()
{
    m_closedCount = -1;
    m_lastClosed.clear();
    m_tailStart = 0;
    clear();
}

void MessageBody::insertBlockHtml(QTextCursor &cursor, const QString &html)
{
    // Each block starts a fresh paragraph with default formats, so a heading or code block does
    // not leak its format into the next one.
    if (cursor.position() > 0)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    cursor.insertHtml(html);
}

void MessageBody::setBlocks(const QStringList &closedBlocks, const QString &openTail)
{
    const bool continues = m_closedCount >= 0 && closedBlocks.size() >= m_closedCount &&
                           (m_closedCount == 0 || closedBlocks.at(m_closedCount - 1) == m_lastClosed);
    if (!continues) {
        clear();
        m_closedCount = 0;
        m_lastClosed.clear();
        m_tailStart = 0;
    }
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    cursor.setPosition(m_tailStart);
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    for (qsizetype i = m_closedCount; i < closedBlocks.size(); ++i)
        insertBlockHtml(cursor, closedBlocks.at(i));
    m_closedCount = static_cast<int>(closedBlocks.size());
    if (!closedBlocks.isEmpty())
        m_lastClosed = closedBlocks.last();
    m_tailStart = cursor.position();
    if (!openTail.isEmpty())
        insertBlockHtml(cursor, openTail);
    cursor.endEditBlock();
}

int MessageBody::heightForWidth(int width) const
{
    if (width == m_hfwWidth)
        return m_hfwHeight;
    const int frame = 2 * frameWidth();
    const QMargins margins = viewportMargins();
    QTextDocument *doc = document();
    const qreal textWidth = std::max(1, width - frame - margins.left() - margins.right());
    // The widget gets this width next, so laying out at it now is not wasted work.
    if (!qFuzzyCompare(doc->textWidth(), textWidth))
        doc->setTextWidth(textWidth);
    m_hfwWidth = width;
    m_hfwHeight = qCeil(doc->size().height()) + frame + margins.top() + margins.bottom();
    return m_hfwHeight;
}

QSize MessageBody::sizeHint() const
{
    const int width = std::max(200, this->width());
    return {width, heightForWidth(width)};
}

QSize MessageBody::minimumSizeHint() const
{
    return {50, fontMetrics().height()};
}

void MessageBody::wheelEvent(QWheelEvent *event)
{
    // The transcript scrolls, not the message.
    event->ignore();
}

void MessageBody::contextMenuEvent(QContextMenuEvent *event)
{
    // The message's own menu (copy as markdown or plain text) is the one to show.
    event->ignore();
}

} // namespace claudette
