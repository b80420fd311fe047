#pragma once

#include "gui/composer/attachment.h"

#include <QFrame>

namespace claudette {

/// One attachment under the prompt: a thumbnail for images (an icon otherwise), the name and size,
/// and a button that asks to remove it.
class AttachmentChip : public QFrame
{
    Q_OBJECT
public:
    explicit AttachmentChip(const Attachment &attachment, QWidget *parent = nullptr);

Q_SIGNALS:
    void removeRequested();
};

} // namespace claudette
