#pragma once

#include "gui/transcript/blocks/blockwidget.h"

class QLabel;

namespace claudette {

class MarkdownView;

/// A block of a type this version does not know: its type as a label and its JSON, as it is.
class UnknownBlockWidget : public BlockWidget
{
    Q_OBJECT
public:
    explicit UnknownBlockWidget(QWidget *parent = nullptr);

    void setBlock(const QJsonObject &block, const BlockContext &context) override;
    QString label() const;

private:
    QLabel *m_label;
    MarkdownView *m_json;
    QJsonObject m_last;
};

} // namespace claudette
