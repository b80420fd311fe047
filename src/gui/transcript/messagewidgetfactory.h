#pragma once

#include <QList>

class QModelIndex;
class QWidget;

namespace claudette {

/// Creates and fills the widgets TranscriptView shows for its model's rows. The view keeps widgets
/// only for the rows on screen and hands a widget that scrolled away to another row of the same
/// kind, so updateWidget() must set everything the row shows.
class MessageWidgetFactory
{
public:
    virtual ~MessageWidgetFactory();

    /// Rows of different kinds get widgets from different recycling pools.
    virtual int widgetKind(const QModelIndex &index) const;
    /// A new widget of @p kind, a child of @p parent (the view's viewport).
    virtual QWidget *createWidget(int kind, QWidget *parent) = 0;
    /// Shows @p index in @p widget. @p roles lists the roles that changed; empty means the widget
    /// was just bound to this row and everything must be set.
    virtual void updateWidget(QWidget *widget, const QModelIndex &index, const QList<int> &roles) = 0;
    /// @p widget left the screen and goes to the pool; drop what is large (documents, images).
    virtual void releaseWidget(QWidget *widget);
    /// The height to assume for a row that was never measured at this width.
    virtual int estimatedHeight(int width) const;
    /// Selects the first occurrence of @p text in @p widget; returns whether it was found.
    virtual bool highlightText(QWidget *widget, const QString &text);
};

} // namespace claudette
