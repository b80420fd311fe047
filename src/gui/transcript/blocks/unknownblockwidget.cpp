#include "gui/transcript/blocks/unknownblockwidget.h"

#include "gui/transcript/blocks/markdownview.h"

#include <QFontDatabase>
#include <QJsonDocument>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace claudette {

UnknownBlockWidget::UnknownBlockWidget(QWidget *parent)
    : BlockWidget(parent)
    , m_label(new QLabel(this))
    , m_json(new MarkdownView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_label->setObjectName(u"unknownBlockLabel"_s);
    m_label->setTextFormat(Qt::PlainText);
    m_json->setObjectName(u"unknownBlockJson"_s);
    m_json->setNoWrap(true);
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_label);
    layout->addWidget(m_json);
}

QString UnknownBlockWidget::label() const
{
    return m_label->text();
}

void UnknownBlockWidget::setBlock(const QJsonObject &block, const BlockContext &context)
{
    Q_UNUSED(context)
    if (block == m_last && !m_json->isEmpty())
        return;
    m_last = block;
    m_label->setText(tr("Block of type “%1” (not shown by this version)")
                         .arg(block.value("type"_L1).toString()));
    m_json->setContentPlainText(
        QString::fromUtf8(QJsonDocument(block).toJson(QJsonDocument::Indented)).trimmed());
}

} // namespace claudette
