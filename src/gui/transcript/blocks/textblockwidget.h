#pragma once

#include "gui/transcript/blocks/blockwidget.h"
#include "render/markdownsplitter.h"

class QVBoxLayout;

namespace claudette {

class CodeBlockWidget;
class MarkdownView;

/**
 * A `text` block rendered from markdown, incrementally: the new characters of each update go
 * through a MarkdownSplitter; blocks it closes are rendered once (prose appended to the current
 * MarkdownView, fenced code as its own CodeBlockWidget with a Copy button) and only the open tail
 * is rendered again. When the text does not extend what was shown (an edit, another message), it
 * starts over.
 */
class TextBlockWidget : public BlockWidget
{
    Q_OBJECT
public:
    explicit TextBlockWidget(QWidget *parent = nullptr);

    void setBlock(const QJsonObject &block, const BlockContext &context) override;

    /// Characters consumed so far.
    qsizetype consumed() const { return m_consumed; }
    /// Markdown blocks rendered once (closed) so far, and how often the open tail was rendered.
    int closedBlockCount() const { return m_closedCount; }
    int tailRenderCount() const { return m_tailRenders; }
    QList<CodeBlockWidget *> codeBlocks() const;

private:
    void reset();
    void addClosed(const MarkdownBlock &block, const MarkdownRenderer &renderer);
    void renderTail(const MarkdownRenderer &renderer);

    QVBoxLayout *m_segments;
    MarkdownView *m_prose = nullptr; // the prose view closed blocks are appended to
    CodeBlockWidget *m_tailCode;     // an open fenced block
    MarkdownSplitter m_splitter;
    qsizetype m_consumed = 0;
    QString m_lastChars; // the end of the consumed text, to tell that new text extends it
    bool m_finished = false;
    int m_closedCount = 0;
    int m_tailRenders = 0;
};

} // namespace claudette
