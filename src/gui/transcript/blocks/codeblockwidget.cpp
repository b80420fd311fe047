#include "gui/transcript/blocks/codeblockwidget.h"

#include "gui/transcript/blocks/markdownview.h"
#include "render/codehighlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace claudette {

CodeBlockWidget::CodeBlockWidget(QWidget *parent)
    : QFrame(parent)
    , m_languageLabel(new QLabel(this))
    , m_copyButton(new QToolButton(this))
    , m_view(new MarkdownView(this))
{
    setObjectName(u"codeBlock"_s);
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->setSpacing(2);
    auto *header = new QHBoxLayout;
    m_languageLabel->setObjectName(u"codeLanguage"_s);
    QFont small = m_languageLabel->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_languageLabel->setFont(small);
    m_copyButton->setObjectName(u"copyCodeButton"_s);
    m_copyButton->setText(tr("Copy"));
    m_copyButton->setToolTip(tr("Copy the code"));
    m_copyButton->setAutoRaise(true);
    header->addWidget(m_languageLabel);
    header->addStretch();
    header->addWidget(m_copyButton);
    layout->addLayout(header);
    m_view->setObjectName(u"codeView"_s);
    m_view->setNoWrap(true);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_view);
    connect(m_copyButton, &QToolButton::clicked, this, &CodeBlockWidget::copyToClipboard);
}

void CodeBlockWidget::setCode(const QString &code, const QString &language,
                              const CodeHighlighter &highlighter)
{
    if (m_started && code == m_code && language == m_language &&
        highlighter.theme().name() == m_themeName)
        return;
    // The complete lines shown stay when the new code still starts with them.
    const bool extends =
        m_started && language == m_language && highlighter.theme().name() == m_themeName &&
        code.size() >= m_doneChars &&
        QStringView(code).left(m_doneChars) == QStringView(m_code).left(m_doneChars);
    if (!extends)
        restart(language, highlighter);
    m_code = code;
    highlightFrom(code, highlighter);
}

void CodeBlockWidget::restart(const QString &language, const CodeHighlighter &highlighter)
{
    m_language = language;
    m_themeName = highlighter.theme().name();
    m_definition = CodeHighlighter::definitionForLanguage(language);
    m_languageLabel->setText(language.isEmpty() ? tr("code") : language);
    m_copyButton->setAccessibleName(language.isEmpty() ? tr("Copy the code")
                                                       : tr("Copy the %1 code").arg(language));
    m_view->setAccessibleName(language.isEmpty() ? tr("Code") : tr("Code (%1)").arg(language));
    m_states.clear();
    m_doneChars = 0;
    m_started = true;
    m_view->clearContent();
    QTextFrameFormat frame = m_view->document()->rootFrame()->frameFormat();
    frame.setBackground(highlighter.backgroundColor());
    frame.setPadding(6);
    m_view->document()->rootFrame()->setFrameFormat(frame);
    QTextBlockFormat block;
    block.setNonBreakableLines(true);
    QTextCharFormat chars;
    chars.setForeground(highlighter.textColor());
    QTextCursor cursor(m_view->document());
    cursor.setBlockFormat(block);
    cursor.setBlockCharFormat(chars);
}

void CodeBlockWidget::highlightFrom(const QString &code, const CodeHighlighter &highlighter)
{
    QTextDocument *document = m_view->document();
    QTextCursor cursor(document);
    cursor.beginEditBlock();
    // Drop the unfinished last line shown; it is highlighted again with what was added to it.
    cursor.movePosition(QTextCursor::End);
    cursor.movePosition(QTextCursor::StartOfBlock, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    const QTextCharFormat normal = cursor.blockCharFormat();
    const auto insertLine = [&](QStringView line, KSyntaxHighlighting::State &state) {
        ++m_highlightedLines;
        const QList<CodeHighlighter::FormatRun> runs =
            highlighter.formatLine(line, m_definition, state);
        int done = 0;
        for (const CodeHighlighter::FormatRun &run : runs) {
            if (run.offset < done)
                continue;
            if (run.offset > done)
                cursor.insertText(line.sliced(done, run.offset - done).toString(), normal);
            QTextCharFormat format = normal;
            format.merge(run.format);
            cursor.insertText(line.sliced(run.offset, run.length).toString(), format);
            done = run.offset + run.length;
        }
        if (done < line.size())
            cursor.insertText(line.sliced(done).toString(), normal);
    };
    const QStringView text(code);
    for (;;) {
        const qsizetype end = text.indexOf(u'\n', m_doneChars);
        if (end < 0)
            break;
        KSyntaxHighlighting::State state =
            m_states.isEmpty() ? KSyntaxHighlighting::State() : m_states.constLast();
        insertLine(text.sliced(m_doneChars, end - m_doneChars), state);
        m_states.append(state);
        cursor.insertBlock(cursor.blockFormat(), normal);
        m_doneChars = end + 1;
    }
    if (m_doneChars < text.size()) {
        KSyntaxHighlighting::State state =
            m_states.isEmpty() ? KSyntaxHighlighting::State() : m_states.constLast();
        insertLine(text.sliced(m_doneChars), state);
    }
    cursor.endEditBlock();
}

void CodeBlockWidget::copyToClipboard()
{
    QApplication::clipboard()->setText(m_code);
}

QString CodeBlockWidget::codeFromFence(QStringView source, bool closed)
{
    const qsizetype firstEnd = source.indexOf(u'\n');
    if (firstEnd < 0)
        return {};
    QStringView body = source.mid(firstEnd + 1);
    const QStringView opening = source.left(firstEnd).trimmed();
    if (closed && !opening.isEmpty()) {
        const QChar fenceChar = opening.front();
        // Drop the blank lines after the block, then the closing fence line.
        while (!body.isEmpty() && (body.back() == u'\n' || body.back() == u'\r' ||
                                   body.back() == u' ' || body.back() == u'\t'))
            body.chop(1);
        const qsizetype lastLine = body.lastIndexOf(u'\n');
        const QStringView last = body.mid(lastLine + 1).trimmed();
        if (!last.isEmpty() && last.front() == fenceChar && last.count(fenceChar) == last.size())
            body = lastLine < 0 ? QStringView() : body.left(lastLine);
    }
    QString code = body.toString();
    code.replace(u"\r\n"_s, u"\n"_s);
    if (code.endsWith(u'\n'))
        code.chop(1);
    return code;
}

} // namespace claudette
