#include "gui/transcript/blocks/thinkingblockwidget.h"

#include "gui/transcript/blocks/markdownview.h"

#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace claudette {

ThinkingBlockWidget::ThinkingBlockWidget(QWidget *parent)
    : BlockWidget(parent)
    , m_header(new QToolButton(this))
    , m_body(new MarkdownView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_header->setObjectName(u"thinkingHeader"_s);
    m_header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_header->setAutoRaise(true);
    m_header->setCheckable(true);
    m_body->setObjectName(u"thinkingBody"_s);
    QPalette palette = m_body->palette();
    palette.setColor(QPalette::Text, palette.color(QPalette::PlaceholderText));
    m_body->setPalette(palette);
    layout->addWidget(m_header, 0, Qt::AlignLeft);
    layout->addWidget(m_body);
    connect(m_header, &QToolButton::clicked, this, [this](bool checked) {
        m_userToggled = true;
        setExpanded(checked);
    });
}

bool ThinkingBlockWidget::isExpanded() const
{
    return m_header->isChecked();
}

void ThinkingBlockWidget::setExpanded(bool expanded)
{
    m_header->setChecked(expanded);
    m_header->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    m_body->setVisible(expanded && !m_body->isEmpty());
}

QString ThinkingBlockWidget::headerText() const
{
    return m_header->text();
}

void ThinkingBlockWidget::setBlock(const QJsonObject &block, const BlockContext &context)
{
    m_redacted = block.value("type"_L1).toString() == "redacted_thinking"_L1;
    const QString thinking = m_redacted ? QString() : block.value("thinking"_L1).toString();
    const bool extends =
        thinking.size() >= m_shown &&
        QStringView(thinking).mid(m_shown - m_lastChars.size(), m_lastChars.size()) == m_lastChars;
    if (!extends) {
        m_body->clearContent();
        m_shown = 0;
    }
    if (thinking.size() > m_shown) {
        m_body->appendPlainText(QStringView(thinking).mid(m_shown));
        m_shown = thinking.size();
        m_lastChars = thinking.right(32);
    }
    const bool wasOpen = m_open;
    m_open = context.open && !m_redacted;
    if (!m_userToggled || m_open != wasOpen) {
        // Streaming thinking shows live; finished thinking folds away until asked for.
        if (!m_userToggled)
            setExpanded(m_open);
    }
    m_header->setEnabled(!m_body->isEmpty());
    m_body->setVisible(isExpanded() && !m_body->isEmpty());
    updateHeader();
}

void ThinkingBlockWidget::updateHeader()
{
    if (m_redacted) {
        m_header->setText(tr("Redacted thinking"));
        m_header->setToolTip(tr("The API encrypted this reasoning; it is sent back unchanged."));
        m_header->setArrowType(Qt::NoArrow);
        return;
    }
    if (m_open) {
        m_header->setText(tr("Thinking…"));
        m_header->setToolTip({});
        return;
    }
    if (m_shown == 0) {
        m_header->setText(tr("Thinking omitted"));
        m_header->setToolTip(tr("The API returned only the signature of this reasoning."));
        m_header->setArrowType(Qt::NoArrow);
        return;
    }
    // About four characters per token: the API does not count thinking tokens per block.
    const int tokens = int(std::max<qsizetype>(1, (m_shown + 3) / 4));
    m_header->setText(tr("Thought for about %n token(s)", nullptr, tokens));
    m_header->setToolTip(
        tr("%n character(s) of reasoning; click to show or hide", nullptr, int(m_shown)));
}

} // namespace claudette
