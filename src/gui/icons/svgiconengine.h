#pragma once

#include <QByteArray>
#include <QIconEngine>

namespace claudette {

/// Draws one of the app's SVG icons at any size and device pixel ratio. "currentColor" in the SVG
/// becomes the application palette's text colour (placeholder colour when disabled), so the icons
/// follow a light or dark system palette.
class SvgIconEngine : public QIconEngine
{
public:
    explicit SvgIconEngine(QByteArray svg);

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override;
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override;
    QIconEngine *clone() const override;
    QString key() const override;
    bool isNull() override { return m_svg.isEmpty(); }

private:
    QByteArray m_svg;
};

} // namespace claudette
