#include "gui/composer/prompttextedit.h"

#include <QKeyEvent>
#include <QMimeData>
#include <QTextBlock>

#include <algorithm>

namespace claudette {

namespace {
constexpr int kMinLines = 2;
constexpr int kMaxLines = 8;

bool hasLocalFiles(const QMimeData *source)
{
    if (!source->hasUrls())
        return false;
    const QList<QUrl> urls = source->urls();
    return std::any_of(urls.cbegin(), urls.cend(), [](const QUrl &url) { return url.isLocalFile(); });
}
} // namespace

PromptTextEdit::PromptTextEdit(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setObjectName(QStringLiteral("promptTextEdit"));
    setAccessibleName(tr("Message to Claude"));
    setPlaceholderText(tr("Message Claude… (Ctrl+Enter to send)"));
    setTabChangesFocus(true);
    setFrameShape(QFrame::NoFrame);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connect(document(), &QTextDocument::contentsChanged, this, &PromptTextEdit::updateHeight);
    updateHeight();
}

int PromptTextEdit::heightForLines(int lines) const
{
    const QMargins margins = contentsMargins();
    return lines * fontMetrics().lineSpacing() + 2 * qRound(document()->documentMargin()) +
           margins.top() + margins.bottom() + 2;
}

void PromptTextEdit::updateHeight()
{
    // Visual lines (wrapped), not paragraphs: QPlainTextDocumentLayout counts them per block.
    int lines = 0;
    for (QTextBlock block = document()->begin(); block.isValid() && lines <= kMaxLines;
         block = block.next())
        lines += std::max(1, block.layout() ? block.layout()->lineCount() : 1);
    const int height = heightForLines(std::clamp(lines, kMinLines, kMaxLines));
    if (height != this->height()) {
        setFixedHeight(height);
        updateGeometry();
    }
}

QSize PromptTextEdit::sizeHint() const
{
    return {400, height()};
}

QSize PromptTextEdit::minimumSizeHint() const
{
    return {100, heightForLines(kMinLines)};
}

void PromptTextEdit::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && (event->modifiers() & Qt::ControlModifier)) {
        Q_EMIT submitRequested();
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Escape && event->modifiers() == Qt::NoModifier) {
        Q_EMIT stopRequested();
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

bool PromptTextEdit::canInsertFromMimeData(const QMimeData *source) const
{
    return source->hasImage() || hasLocalFiles(source) ||
           QPlainTextEdit::canInsertFromMimeData(source);
}

void PromptTextEdit::insertFromMimeData(const QMimeData *source)
{
    if (hasLocalFiles(source)) {
        Q_EMIT filesDropped(source->urls());
        return;
    }
    if (source->hasImage()) {
        const QImage image = qvariant_cast<QImage>(source->imageData());
        if (!image.isNull()) {
            Q_EMIT imagePasted(image);
            return;
        }
    }
    QPlainTextEdit::insertFromMimeData(source);
}

} // namespace claudette
