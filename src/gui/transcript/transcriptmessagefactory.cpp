#include "gui/transcript/transcriptmessagefactory.h"

#include "gui/transcript/messageitemwidget.h"
#include "render/codehighlighter.h"

#include <QApplication>
#include <QPalette>

namespace claudette {

TranscriptMessageFactory::TranscriptMessageFactory(QObject *parent)
    : QObject(parent)
    , m_renderer(CodeHighlighter(CodeHighlighter::themeForPalette(QApplication::palette())))
{}

QWidget *TranscriptMessageFactory::createWidget(int kind, QWidget *parent)
{
    Q_UNUSED(kind)
    auto *widget = new MessageItemWidget(&m_renderer, parent);
    connect(widget, &MessageItemWidget::regenerateRequested, this,
            &TranscriptMessageFactory::regenerateRequested);
    connect(widget, &MessageItemWidget::retryRequested, this,
            &TranscriptMessageFactory::retryRequested);
    connect(widget, &MessageItemWidget::editSubmitted, this,
            &TranscriptMessageFactory::editSubmitted);
    connect(widget, &MessageItemWidget::siblingRequested, this,
            &TranscriptMessageFactory::siblingRequested);
    connect(widget, &MessageItemWidget::linkActivated, this,
            &TranscriptMessageFactory::linkActivated);
    return widget;
}

void TranscriptMessageFactory::updateWidget(QWidget *widget, const QModelIndex &index,
                                            const QList<int> &roles)
{
    if (auto *item = qobject_cast<MessageItemWidget *>(widget))
        item->updateRow(index, roles);
}

void TranscriptMessageFactory::releaseWidget(QWidget *widget)
{
    if (auto *item = qobject_cast<MessageItemWidget *>(widget))
        item->clearContent();
}

int TranscriptMessageFactory::estimatedHeight(int width) const
{
    Q_UNUSED(width)
    return 140;
}

bool TranscriptMessageFactory::highlightText(QWidget *widget, const QString &text)
{
    auto *item = qobject_cast<MessageItemWidget *>(widget);
    return item && item->highlight(text);
}

} // namespace claudette
