#pragma once

#include "gui/transcript/blocks/blockwidget.h"

class QLabel;

namespace claudette {

class MarkdownView;

/**
 * Results of the API's server tools: web search results as titled links, a fetched page (title,
 * link and the start of its text), code execution output (stdout, stderr in red, exit code), a
 * tool's error in red; other `*_tool_result` blocks as JSON. Links are http(s) only and open only
 * on click (linkActivated()).
 */
class ServerToolResultWidget : public BlockWidget
{
    Q_OBJECT
public:
    explicit ServerToolResultWidget(QWidget *parent = nullptr);

    /// True for the block types this widget shows (`web_search_tool_result`, ...).
    static bool handles(const QString &type);

    void setBlock(const QJsonObject &block, const BlockContext &context) override;
    QString title() const;
    QString bodyText() const;

private:
    QLabel *m_title;
    MarkdownView *m_body;
    QJsonObject m_last;
};

} // namespace claudette
