#pragma once

#include "gui/transcript/messagewidgetfactory.h"
#include "render/markdownrenderer.h"

#include <QObject>
#include <QUrl>

namespace claudette {

/**
 * Makes MessageItemWidgets for TranscriptView over a TranscriptModel, and reports what the user
 * asks of a message (regenerate, retry, edit into a new branch, switch branch, open a link) as
 * signals carrying the turn id. Owns the markdown renderer (code colours follow the palette).
 */
class TranscriptMessageFactory : public QObject, public MessageWidgetFactory
{
    Q_OBJECT
public:
    explicit TranscriptMessageFactory(QObject *parent = nullptr);

    QWidget *createWidget(int kind, QWidget *parent) override;
    void updateWidget(QWidget *widget, const QModelIndex &index, const QList<int> &roles) override;
    void releaseWidget(QWidget *widget) override;
    int estimatedHeight(int width) const override;
    bool highlightText(QWidget *widget, const QString &text) override;

    const MarkdownRenderer &renderer() const { return m_renderer; }

Q_SIGNALS:
    void regenerateRequested(const QString &turnId);
    void retryRequested(const QString &turnId);
    void editSubmitted(const QString &turnId, const QString &text);
    void siblingRequested(const QString &turnId, int index);
    void linkActivated(const QUrl &url);

private:
    MarkdownRenderer m_renderer;
};

} // namespace claudette
