#pragma once

#include "gui/transcript/blocks/blockwidget.h"

#include <QImage>

class QLabel;

namespace claudette {

/**
 * An `image` or `document` block. Images come only from the message itself (base64) or the
 * conversation's attachment table; a URL or file-id source is named, never fetched. Documents are
 * shown by title and type.
 */
class ImageBlockWidget : public BlockWidget
{
    Q_OBJECT
public:
    explicit ImageBlockWidget(QWidget *parent = nullptr);

    void setBlock(const QJsonObject &block, const BlockContext &context) override;
    bool hasImage() const { return !m_image.isNull(); }
    QString caption() const;

    /// The image a block's `source` holds (base64 or an attachment reference); null otherwise.
    static QImage imageFromSource(const QJsonObject &source, const Conversation *conversation);

private:
    QLabel *m_picture;
    QLabel *m_caption;
    QJsonObject m_last;
    QImage m_image;
};

} // namespace claudette
