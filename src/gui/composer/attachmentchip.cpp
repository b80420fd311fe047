#include "gui/composer/attachmentchip.h"

#include "gui/icons/icons.h"

#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QToolButton>
#include <QVBoxLayout>

namespace claudette {

AttachmentChip::AttachmentChip(const Attachment &attachment, QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("attachmentChip"));
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Attachment %1").arg(attachment.name));
    setToolTip(attachment.path.isEmpty() ? attachment.name : attachment.path);

    auto *thumbnail = new QLabel(this);
    thumbnail->setObjectName(QStringLiteral("attachmentThumbnail"));
    thumbnail->setFixedSize(36, 36);
    thumbnail->setAlignment(Qt::AlignCenter);
    QPixmap pixmap;
    if (attachment.isImage()) {
        const QImage image = QImage::fromData(attachment.data);
        const qreal dpr = devicePixelRatioF();
        pixmap = QPixmap::fromImage(
            image.scaled(QSize(36, 36) * dpr, Qt::KeepAspectRatio, Qt::SmoothTransformation));
        pixmap.setDevicePixelRatio(dpr);
    } else {
        pixmap = Icons::icon(QStringLiteral("text-file")).pixmap(24, 24);
    }
    thumbnail->setPixmap(pixmap);

    auto *name = new QLabel(attachment.name, this);
    name->setObjectName(QStringLiteral("attachmentName"));
    name->setMaximumWidth(180);
    name->setText(name->fontMetrics().elidedText(attachment.name, Qt::ElideMiddle, 180));
    QString details = QLocale().formattedDataSize(attachment.data.size());
    if (attachment.imageSize.isValid())
        details += QStringLiteral(" · %1×%2")
                       .arg(attachment.imageSize.width())
                       .arg(attachment.imageSize.height());
    auto *size = new QLabel(details, this);
    size->setObjectName(QStringLiteral("attachmentSize"));
    size->setForegroundRole(QPalette::PlaceholderText);
    QFont small = size->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    size->setFont(small);

    auto *remove = new QToolButton(this);
    remove->setObjectName(QStringLiteral("attachmentRemove"));
    remove->setIcon(Icons::icon(QStringLiteral("close")));
    remove->setAutoRaise(true);
    remove->setToolTip(tr("Remove %1").arg(attachment.name));
    remove->setAccessibleName(tr("Remove attachment %1").arg(attachment.name));
    connect(remove, &QToolButton::clicked, this, &AttachmentChip::removeRequested);

    auto *text = new QVBoxLayout;
    text->setSpacing(0);
    text->addWidget(name);
    text->addWidget(size);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 2, 4);
    layout->setSpacing(6);
    layout->addWidget(thumbnail);
    layout->addLayout(text);
    layout->addWidget(remove, 0, Qt::AlignTop);
}

} // namespace claudette
