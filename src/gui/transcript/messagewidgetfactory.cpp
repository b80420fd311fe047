#include "gui/transcript/messagewidgetfactory.h"

#include <QString>

namespace claudette {

MessageWidgetFactory::~MessageWidgetFactory() = default;

int MessageWidgetFactory::widgetKind(const QModelIndex &) const
{
    return 0;
}

void MessageWidgetFactory::releaseWidget(QWidget *) { }

int MessageWidgetFactory::estimatedHeight(int) const
{
    return 120;
}

bool MessageWidgetFactory::highlightText(QWidget *, const QString &)
{
    return false;
}

} // namespace claudette
