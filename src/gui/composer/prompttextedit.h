#pragma once

#include <QImage>
#include <QPlainTextEdit>
#include <QUrl>

namespace claudette {

/// The prompt's text field: grows from two to eight lines with its content; Ctrl+Enter submits,
/// Esc asks to stop. Dropped or pasted files and images are not inserted as text but reported by
/// filesDropped() and imagePasted().
class PromptTextEdit : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit PromptTextEdit(QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void submitRequested();
    void stopRequested();
    void filesDropped(const QList<QUrl> &urls);
    void imagePasted(const QImage &image);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;

private:
    int heightForLines(int lines) const;
    void updateHeight();
};

} // namespace claudette
