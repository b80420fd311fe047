#include "gui/transcript/blocks/toolresultblockwidget.h"

#include "gui/transcript/blocks/markdownview.h"

#include <QJsonArray>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace claudette {

ToolResultBlockWidget::ToolResultBlockWidget(QWidget *parent)
    : BlockWidget(parent)
    , m_title(new QLabel(this))
    , m_parts(new QVBoxLayout)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_title->setObjectName(u"toolResultTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_parts->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addLayout(m_parts);
}

QString ToolResultBlockWidget::title() const
{
    return m_title->text();
}

void ToolResultBlockWidget::clearParts()
{
    while (QLayoutItem *item = m_parts->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

void ToolResultBlockWidget::setBlock(const QJsonObject &block, const BlockContext &context)
{
    if (block == m_last)
        return;
    m_last = block;
    clearParts();
    m_error = block.value("is_error"_L1).toBool();
    m_title->setText(m_error ? tr("Tool error") : tr("Tool result"));
    m_title->setToolTip(block.value("tool_use_id"_L1).toString());
    QPalette palette = this->palette();
    if (m_error)
        palette.setColor(QPalette::Text, QColor(0xc0, 0x1c, 0x28));
    m_title->setPalette(palette);
    m_title->setStyleSheet(m_error ? u"color: #c01c28;"_s : QString());

    QJsonArray parts;
    const QJsonValue content = block.value("content"_L1);
    if (content.isString())
        parts.append(QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, content.toString()}});
    else
        parts = content.toArray();
    for (const QJsonValue &value : std::as_const(parts)) {
        const QJsonObject part = value.toObject();
        if (part.value("type"_L1).toString() == "text"_L1) {
            auto *view = new MarkdownView(this);
            view->setObjectName(u"toolResultText"_s);
            view->setPalette(palette);
            view->setContentPlainText(part.value("text"_L1).toString());
            m_parts->addWidget(view);
            continue;
        }
        BlockWidget *child = BlockWidget::create(part.value("type"_L1).toString(), this);
        BlockContext inner = context;
        inner.open = false;
        child->setBlock(part, inner);
        connect(child, &BlockWidget::linkActivated, this, &BlockWidget::linkActivated);
        m_parts->addWidget(child);
    }
}

} // namespace claudette
