#pragma once

#include "gui/transcript/messagewidgetfactory.h"

#include <QObject>
#include <QUrl>

namespace claudette {

/// Fills MessageWidgets from the TranscriptRoles of a row. When a row offers ClosedBlocksRole the
/// body is updated incrementally (only the open tail is re-rendered); otherwise HtmlRole is shown.
/// Links clicked in any message are reported by linkActivated().
class StandardMessageFactory : public QObject, public MessageWidgetFactory
{
    Q_OBJECT
public:
    explicit StandardMessageFactory(QObject *parent = nullptr);

    QWidget *createWidget(int kind, QWidget *parent) override;
    void updateWidget(QWidget *widget, const QModelIndex &index, const QList<int> &roles) override;
    void releaseWidget(QWidget *widget) override;
    int estimatedHeight(int width) const override;
    bool highlightText(QWidget *widget, const QString &text) override;

Q_SIGNALS:
    void linkActivated(const QUrl &url);
};

} // namespace claudette
