#include "gui/transcript/blocks/blockwidget.h"

#include "gui/transcript/blocks/imageblockwidget.h"
#include "gui/transcript/blocks/markdownview.h"
#include "gui/transcript/blocks/servertoolresultwidget.h"
#include "gui/transcript/blocks/textblockwidget.h"
#include "gui/transcript/blocks/thinkingblockwidget.h"
#include "gui/transcript/blocks/toolresultblockwidget.h"
#include "gui/transcript/blocks/tooluseblockwidget.h"
#include "gui/transcript/blocks/unknownblockwidget.h"

using namespace Qt::StringLiterals;

namespace claudette {

BlockWidget::BlockWidget(QWidget *parent)
    : QWidget(parent)
{}

bool BlockWidget::highlight(const QString &text)
{
    for (MarkdownView *view : findChildren<MarkdownView *>()) {
        view->moveCursor(QTextCursor::Start);
        if (view->find(text))
            return true;
    }
    return false;
}

BlockWidget *BlockWidget::create(const QString &type, QWidget *parent)
{
    BlockWidget *widget = nullptr;
    if (type == "text"_L1)
        widget = new TextBlockWidget(parent);
    else if (type == "thinking"_L1 || type == "redacted_thinking"_L1)
        widget = new ThinkingBlockWidget(parent);
    else if (type == "tool_use"_L1 || type == "server_tool_use"_L1 || type == "mcp_tool_use"_L1)
        widget = new ToolUseBlockWidget(parent);
    else if (type == "tool_result"_L1 || type == "mcp_tool_result"_L1)
        widget = new ToolResultBlockWidget(parent);
    else if (ServerToolResultWidget::handles(type))
        widget = new ServerToolResultWidget(parent);
    else if (type == "image"_L1 || type == "document"_L1)
        widget = new ImageBlockWidget(parent);
    else
        widget = new UnknownBlockWidget(parent);
    widget->m_type = type;
    return widget;
}

} // namespace claudette
