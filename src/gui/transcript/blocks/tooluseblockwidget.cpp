#include "gui/transcript/blocks/tooluseblockwidget.h"

#include "gui/transcript/blocks/markdownview.h"

#include <QFontDatabase>
#include <QJsonDocument>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace claudette {

ToolUseBlockWidget::ToolUseBlockWidget(QWidget *parent)
    : BlockWidget(parent)
    , m_title(new QLabel(this))
    , m_input(new MarkdownView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_title->setObjectName(u"toolUseTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_input->setObjectName(u"toolUseInput"_s);
    m_input->setNoWrap(true);
    m_input->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_title);
    layout->addWidget(m_input);
}

QString ToolUseBlockWidget::title() const
{
    return m_title->text();
}

QString ToolUseBlockWidget::inputText() const
{
    return m_input->toPlainText();
}

void ToolUseBlockWidget::setBlock(const QJsonObject &block, const BlockContext &context)
{
    if (block == m_last && context.open == m_lastOpen)
        return;
    m_last = block;
    m_lastOpen = context.open;
    const QString type = block.value("type"_L1).toString();
    const QString name = block.value("name"_L1).toString();
    QString title;
    if (type == "server_tool_use"_L1)
        title = tr("Server tool: %1").arg(name);
    else if (type == "mcp_tool_use"_L1)
        title = tr("MCP tool: %1 / %2").arg(block.value("server_name"_L1).toString(), name);
    else
        title = tr("Tool call: %1").arg(name);
    if (context.open)
        title += u' ' + tr("(receiving input…)");
    m_title->setText(title);
    m_title->setToolTip(block.value("id"_L1).toString());
    const QJsonObject input = block.value("input"_L1).toObject();
    m_input->setContentPlainText(
        QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Indented)).trimmed());
}

} // namespace claudette
