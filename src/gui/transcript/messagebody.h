#pragma once

#include <QStringList>
#include <QTextBrowser>

namespace claudette {

/// The read-only rich text of one message, as tall as its content (no scroll bars of its own), so
/// the transcript scrolls as one. Links are not followed: linkActivated() reports them.
///
/// setBlocks() is the streaming path: closed markdown blocks are inserted once and only the open
/// tail is replaced on each update, so an update costs the size of what changed.
class MessageBody : public QTextBrowser
{
    Q_OBJECT
public:
    explicit MessageBody(QWidget *parent = nullptr);

    /// Replaces the whole content.
    void setBodyHtml(const QString &html);
    /// Shows @p closedBlocks followed by @p openTail. When @p closedBlocks extends the blocks shown
    /// before, only the new blocks and the tail are inserted.
    void setBlocks(const QStringList &closedBlocks, const QString &openTail);
    void clearBody();

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
    void insertBlockHtml(QTextCursor &cursor, const QString &html);
    void contentChanged();

    int m_closedCount = -1; // -1: the content did not come from setBlocks()
    QString m_lastClosed;
    int m_tailStart = 0;
    mutable int m_hfwWidth = -1;
    mutable int m_hfwHeight = 0;
};

} // namespace claudette
