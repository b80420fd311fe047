#include "gui/transcript/standardmessagefactory.h"

#include "gui/transcript/messagewidget.h"
#include "gui/transcript/transcriptroles.h"

#include <QModelIndex>

namespace claudette {

StandardMessageFactory::StandardMessageFactory(QObject *parent)
    : QObject(parent)
{
}

QWidget *StandardMessageFactory::createWidget(int, QWidget *parent)
{
    auto *widget = new MessageWidget(parent);
    connect(widget, &MessageWidget::linkActivated, this, &StandardMessageFactory::linkActivated);
    return widget;
}

void StandardMessageFactory::updateWidget(QWidget *widget, const QModelIndex &index,
                                          const QList<int> &roles)
{
    auto *message = qobject_cast<MessageWidget *>(widget);
    if (!message)
        return;
    using namespace TranscriptRoles;
    const auto wants = [&roles](std::initializer_list<int> any) {
        if (roles.isEmpty())
            return true;
        for (int role : any)
            if (roles.contains(role))
                return true;
        return false;
    };
    if (wants({AuthorRole}))
        message->setAuthor(static_cast<MessageWidget::Author>(index.data(AuthorRole).toInt()));
    if (wants({ClosedBlocksRole, OpenTailRole, HtmlRole})) {
        const QVariant closed = index.data(ClosedBlocksRole);
        if (closed.isValid())
            message->setBlocks(closed.toStringList(), index.data(OpenTailRole).toString());
        else
            message->setHtml(index.data(HtmlRole).toString());
    }
    if (wants({MarkdownRole}))
        message->setMarkdown(index.data(MarkdownRole).toString());
    if (wants({TimestampRole}))
        message->setTimestamp(index.data(TimestampRole).toDateTime());
    if (wants({StatusTextRole, StatusToolTipRole}))
        message->setStatusText(index.data(StatusTextRole).toString(),
                               index.data(StatusToolTipRole).toString());
}

void StandardMessageFactory::releaseWidget(QWidget *widget)
{
    if (auto *message = qobject_cast<MessageWidget *>(widget))
        message->clear();
}

int StandardMessageFactory::estimatedHeight(int width) const
{
    Q_UNUSED(width);
    return 140;
}

bool StandardMessageFactory::highlightText(QWidget *widget, const QString &text)
{
    auto *message = qobject_cast<MessageWidget *>(widget);
    return message && message->highlight(text);
}

} // namespace claudette
