#pragma once

#include <QFrame>
#include <QJsonArray>
#include <QModelIndex>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace claudette {

class BlockWidget;
class MarkdownRenderer;

/**
 * One message of the live transcript, filled from a TranscriptModel row: a header (author, model
 * with a cost tooltip, time, the `< 2/3 >` branch switcher), one BlockWidget per content block,
 * the status (stopped, interrupted, an error with its type, message and request id, and Retry),
 * and actions (copy as Markdown or plain text, Regenerate, Edit for user messages, which opens an
 * inline editor whose submission makes a new branch).
 *
 * updateRow() with the roles that changed does work only for those; content updates reach the
 * block widgets, which render only what is new.
 */
class MessageItemWidget : public QFrame
{
    Q_OBJECT
public:
    MessageItemWidget(const MarkdownRenderer *renderer, QWidget *parent = nullptr);

    /// Shows @p index; empty @p roles means everything.
    void updateRow(const QModelIndex &index, const QList<int> &roles);
    void clearContent();

    QString turnId() const { return m_turnId; }
    QString markdown() const;
    QString plainText() const;
    QList<BlockWidget *> blockWidgets() const { return m_blocks; }
    bool highlight(const QString &text);

public Q_SLOTS:
    void copyMarkdown();
    void copyPlainText();
    void startEditing();

Q_SIGNALS:
    void regenerateRequested(const QString &turnId);
    void retryRequested(const QString &turnId);
    void editSubmitted(const QString &turnId, const QString &text);
    void siblingRequested(const QString &turnId, int index);
    void linkActivated(const QUrl &url);

protected:
    void paintEvent(QPaintEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void updateHeader(const QModelIndex &index);
    void updateBlocks(const QModelIndex &index);
    void updateStatus(const QModelIndex &index);
    void finishEditing(bool submit);

    const MarkdownRenderer *m_renderer;
    QString m_turnId;
    bool m_user = false;
    int m_status = 0;
    QJsonArray m_content;
    QList<BlockWidget *> m_blocks;

    QLabel *m_authorLabel;
    QLabel *m_modelLabel;
    QLabel *m_timeLabel;
    QToolButton *m_prevButton;
    QLabel *m_branchLabel;
    QToolButton *m_nextButton;
    QVBoxLayout *m_blockLayout;
    QWidget *m_editor;
    QPlainTextEdit *m_editText;
    QLabel *m_statusLabel;
    QPushButton *m_retryButton;
    QToolButton *m_copyButton;
    QToolButton *m_regenerateButton;
    QToolButton *m_editButton;
    int m_siblingIndex = 0;
    int m_siblingCount = 1;
};

} // namespace claudette
