#include "gui/transcript/blocks/imageblockwidget.h"

#include "core/store/conversation.h"

#include <QLabel>
#include <QPixmap>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {
constexpr int kMaxWidth = 480;
constexpr int kMaxHeight = 360;
} // namespace

ImageBlockWidget::ImageBlockWidget(QWidget *parent)
    : BlockWidget(parent)
    , m_picture(new QLabel(this))
    , m_caption(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_picture->setObjectName(u"blockImage"_s);
    m_caption->setObjectName(u"blockCaption"_s);
    m_caption->setTextFormat(Qt::PlainText);
    m_caption->setWordWrap(true);
    layout->addWidget(m_picture, 0, Qt::AlignLeft);
    layout->addWidget(m_caption);
}

QString ImageBlockWidget::caption() const
{
    return m_caption->text();
}

QImage ImageBlockWidget::imageFromSource(const QJsonObject &source,
                                         const Conversation *conversation)
{
    const QString type = source.value("type"_L1).toString();
    QByteArray base64;
    if (type == "base64"_L1)
        base64 = source.value("data"_L1).toString().toLatin1();
    else if (type == "attachment"_L1 && conversation)
        base64 = conversation->attachment(source.value("sha256"_L1).toString())
                     .value("data"_L1)
                     .toString()
                     .toLatin1();
    if (base64.isEmpty())
        return {};
    return QImage::fromData(QByteArray::fromBase64(base64));
}

void ImageBlockWidget::setBlock(const QJsonObject &block, const BlockContext &context)
{
    if (block == m_last)
        return;
    m_last = block;
    const QString type = block.value("type"_L1).toString();
    const QJsonObject source = block.value("source"_L1).toObject();
    const QString sourceType = source.value("type"_L1).toString();
    m_image = {};
    if (type == "document"_L1) {
        QString title = block.value("title"_L1).toString();
        if (title.isEmpty() && sourceType == "attachment"_L1 && context.conversation)
            title = context.conversation->attachment(source.value("sha256"_L1).toString())
                        .value("name"_L1)
                        .toString();
        const QString media = source.value("media_type"_L1).toString();
        m_picture->hide();
        m_caption->setText(tr("Document: %1 (%2)")
                               .arg(title.isEmpty() ? tr("untitled") : title,
                                    media.isEmpty() ? sourceType : media));
        return;
    }
    m_image = imageFromSource(source, context.conversation);
    if (m_image.isNull()) {
        m_picture->hide();
        if (sourceType == "url"_L1)
            m_caption->setText(
                tr("Image at %1 (not loaded)").arg(source.value("url"_L1).toString()));
        else if (sourceType == "file"_L1)
            m_caption->setText(tr("Image file %1").arg(source.value("file_id"_L1).toString()));
        else
            m_caption->setText(tr("Image (cannot be shown)"));
        return;
    }
    QImage shown = m_image;
    if (shown.width() > kMaxWidth || shown.height() > kMaxHeight)
        shown = shown.scaled(kMaxWidth, kMaxHeight, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    m_picture->setPixmap(QPixmap::fromImage(shown));
    m_picture->show();
    m_caption->setText(tr("Image, %1 × %2").arg(m_image.width()).arg(m_image.height()));
}

} // namespace claudette
