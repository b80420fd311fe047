#include "gui/transcript/blocks/textblockwidget.h"

#include "gui/transcript/blocks/codeblockwidget.h"
#include "gui/transcript/blocks/markdownview.h"
#include "render/markdownrenderer.h"

#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {
constexpr qsizetype kCheckLength = 32;
}

TextBlockWidget::TextBlockWidget(QWidget *parent)
    : BlockWidget(parent)
    , m_segments(new QVBoxLayout)
    , m_tailCode(new CodeBlockWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_segments->setContentsMargins(0, 0, 0, 0);
    m_segments->setSpacing(4);
    layout->addLayout(m_segments);
    layout->addWidget(m_tailCode);
    m_tailCode->hide();
    connect(m_tailCode->view(), &MarkdownView::linkActivated, this, &BlockWidget::linkActivated);
}

QList<CodeBlockWidget *> TextBlockWidget::codeBlocks() const
{
    QList<CodeBlockWidget *> blocks;
    for (int i = 0; i < m_segments->count(); ++i) {
        if (auto *code = qobject_cast<CodeBlockWidget *>(m_segments->itemAt(i)->widget()))
            blocks << code;
    }
    if (m_tailCode->isVisibleTo(this))
        blocks << m_tailCode;
    return blocks;
}

void TextBlockWidget::reset()
{
    while (QLayoutItem *item = m_segments->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_prose = nullptr;
    m_tailCode->hide();
    m_splitter.reset();
    m_consumed = 0;
    m_lastChars.clear();
    m_finished = false;
    m_closedCount = 0;
}

void TextBlockWidget::setBlock(const QJsonObject &block, const BlockContext &context)
{
    Q_ASSERT(context.renderer);
    const QString text = block.value("text"_L1).toString();
    // A streaming reply only grows; anything else (a shorter text, different characters where the
    // shown text ended, more text after the end) starts over. Checking the last characters keeps
    // this O(1) instead of comparing the whole prefix.
    const bool extends =
        text.size() >= m_consumed &&
        QStringView(text).mid(m_consumed - m_lastChars.size(), m_lastChars.size()) == m_lastChars &&
        !(m_finished && text.size() > m_consumed);
    if (!extends)
        reset();
    if (m_finished && text.size() == m_consumed)
        return;
    const QStringView delta = QStringView(text).mid(m_consumed);
    if (delta.isEmpty() && context.open)
        return;
    for (const MarkdownBlock &closed : m_splitter.append(delta))
        addClosed(closed, *context.renderer);
    m_consumed = text.size();
    m_lastChars = text.right(kCheckLength);
    if (!context.open) {
        for (const MarkdownBlock &closed : m_splitter.finish())
            addClosed(closed, *context.renderer);
        m_finished = true;
        if (m_prose)
            m_prose->setTailHtml({});
        m_tailCode->hide();
        return;
    }
    renderTail(*context.renderer);
}

void TextBlockWidget::addClosed(const MarkdownBlock &block, const MarkdownRenderer &renderer)
{
    ++m_closedCount;
    if (block.kind == MarkdownBlock::Kind::FencedCode) {
        if (m_prose)
            m_prose->setTailHtml({});
        auto *code = new CodeBlockWidget(this);
        code->setCode(CodeBlockWidget::codeFromFence(block.source, true), block.language,
                      renderer.highlighter());
        m_segments->addWidget(code);
        m_prose = nullptr;
        return;
    }
    if (!m_prose) {
        m_prose = new MarkdownView(this);
        connect(m_prose, &MarkdownView::linkActivated, this, &BlockWidget::linkActivated);
        m_segments->addWidget(m_prose);
    }
    m_prose->appendHtml(renderer.toHtml(block.source));
}

void TextBlockWidget::renderTail(const MarkdownRenderer &renderer)
{
    ++m_tailRenders;
    const QStringView tail = m_splitter.openTail();
    if (m_splitter.openKind() == MarkdownBlock::Kind::FencedCode) {
        if (m_prose)
            m_prose->setTailHtml({});
        m_tailCode->setCode(CodeBlockWidget::codeFromFence(tail, false), m_splitter.openLanguage(),
                            renderer.highlighter());
        m_tailCode->show();
        return;
    }
    m_tailCode->hide();
    if (tail.trimmed().isEmpty()) {
        if (m_prose)
            m_prose->setTailHtml({});
        return;
    }
    if (!m_prose) {
        m_prose = new MarkdownView(this);
        connect(m_prose, &MarkdownView::linkActivated, this, &BlockWidget::linkActivated);
        m_segments->addWidget(m_prose);
    }
    m_prose->setTailHtml(renderer.toHtml(tail));
}

} // namespace claudette
