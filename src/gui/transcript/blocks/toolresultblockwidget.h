#pragma once

#include "gui/transcript/blocks/blockwidget.h"

class QLabel;
class QVBoxLayout;

namespace claudette {

/// A `tool_result` (or `mcp_tool_result`) block: its text and images; an error result in red.
class ToolResultBlockWidget : public BlockWidget
{
    Q_OBJECT
public:
    explicit ToolResultBlockWidget(QWidget *parent = nullptr);

    void setBlock(const QJsonObject &block, const BlockContext &context) override;
    bool isError() const { return m_error; }
    QString title() const;

private:
    void clearParts();

    QLabel *m_title;
    QVBoxLayout *m_parts;
    QJsonObject m_last;
    bool m_error = false;
};

} // namespace claudette
