#include "gui/transcript/blocks/codeblockwidget.h"

#include "gui/transcript/blocks/markdownview.h"
#include "render/codehighlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
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
    if (code == m_code && language == m_language && !m_view->isEmpty())
        return;
    m_code = code;
    m_language = language;
    m_languageLabel->setText(language.isEmpty() ? tr("code") : language);
    QString html = u"<pre style=\""_s + highlighter.blockStyle() + u"\">"_s;
    html += highlighter.toHtml(code, language);
    html += u"</pre>"_s;
    m_view->setContentHtml(html);
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
