#pragma once

#include "gui/transcript/blocks/blockwidget.h"

class QLabel;

namespace claudette {

class MarkdownView;

/// A `tool_use`, `server_tool_use` or `mcp_tool_use` block: the tool's name and its input as
/// formatted JSON, updated while the input streams.
class ToolUseBlockWidget : public BlockWidget
{
    Q_OBJECT
public:
    explicit ToolUseBlockWidget(QWidget *parent = nullptr);

    void setBlock(const QJsonObject &block, const BlockContext &context) override;
    QString title() const;
    QString inputText() const;

private:
    QLabel *m_title;
    MarkdownView *m_input;
    QJsonObject m_last;
    bool m_lastOpen = false;
};

} // namespace claudette
