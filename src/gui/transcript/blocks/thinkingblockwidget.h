#pragma once

#include "gui/transcript/blocks/blockwidget.h"

class QToolButton;

namespace claudette {

class MarkdownView;

/**
 * A `thinking` or `redacted_thinking` block. While it streams the thinking shows live (new text is
 * appended, nothing re-rendered); once it is done it collapses to "Thought for about N tokens",
 * which expands on click. Redacted thinking (encrypted by the API) and omitted thinking (only a
 * signature arrived) are labelled as such.
 */
class ThinkingBlockWidget : public BlockWidget
{
    Q_OBJECT
public:
    explicit ThinkingBlockWidget(QWidget *parent = nullptr);

    void setBlock(const QJsonObject &block, const BlockContext &context) override;

    bool isExpanded() const;
    void setExpanded(bool expanded);
    QString headerText() const;

private:
    void updateHeader();

    QToolButton *m_header;
    MarkdownView *m_body;
    qsizetype m_shown = 0;
    QString m_lastChars;
    bool m_open = false;
    bool m_redacted = false;
    bool m_userToggled = false;
};

} // namespace claudette
