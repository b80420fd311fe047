#pragma once

#include "gui/composer/attachment.h"
#include "gui/composer/attachmentvalidator.h"

#include <QImage>
#include <QList>
#include <QUrl>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QToolButton;
class QPushButton;

namespace claudette {

class PromptTextEdit;

/// The composer under the transcript: the prompt text, its attachments (drag and drop, paste,
/// "Attach…"), a line for rejected files, a token estimate and a Send button that turns into Stop
/// while a reply streams.
///
/// sendRequested() does not clear the prompt: the receiver calls clear() once it has taken the
/// turn, so nothing typed is lost when sending fails.
class PromptEditor : public QWidget
{
    Q_OBJECT
public:
    explicit PromptEditor(QWidget *parent = nullptr);

    QString text() const;
    void setText(const QString &text);
    /// Replaces the text and the attachments (a saved draft coming back; already validated).
    void setDraft(const QString &text, const QList<Attachment> &attachments);
    QList<Attachment> attachments() const { return m_attachments; }
    bool isStreaming() const { return m_streaming; }
    /// Replaces the default AttachmentValidator::validate.
    void setValidator(AttachmentValidator::Function validator);
    /// The message shown for the last rejected file; empty when none.
    QString errorText() const;
    PromptTextEdit *textEdit() const { return m_edit; }
    /// The token estimate as shown under the prompt.
    QString tokenEstimateText() const;

public Q_SLOTS:
    /// Validates and attaches local files; returns how many were accepted. Rejected ones are
    /// named in the error line.
    int addFiles(const QList<QUrl> &urls);
    bool addImage(const QImage &image, const QString &name = {});
    void removeAttachment(int index);
    /// Empties the text, the attachments and the error line.
    void clear();
    /// While streaming, Send becomes Stop and Ctrl+Enter does nothing.
    void setStreaming(bool streaming);
    /// While @p reason is not empty, Send is disabled and its tooltip says why.
    void setSendBlocked(const QString &reason);
    QString sendBlockedReason() const { return m_blockedReason; }
    /// Opens the file dialog of "Attach…".
    void chooseFiles();
    void focusEditor();
    /// Shows @p text (a count_tokens estimate) in place of the rough local one; empty restores
    /// the rough one.
    void setTokenEstimate(const QString &text);

Q_SIGNALS:
    void sendRequested(const QString &text, const QList<claudette::Attachment> &attachments);
    void stopRequested();
    void attachmentsChanged();
    void textChanged();

protected:
    void focusInEvent(QFocusEvent *event) override;

private:
    bool accept(Attachment attachment);
    void submit();
    void showError(const QString &message);
    void rebuildChips();
    void updateState();

    PromptTextEdit *m_edit;
    QWidget *m_chips;
    QHBoxLayout *m_chipLayout;
    QToolButton *m_attachButton;
    QLabel *m_errorLabel;
    QLabel *m_tokenLabel;
    QPushButton *m_sendButton;
    QList<Attachment> m_attachments;
    AttachmentValidator::Function m_validator;
    bool m_streaming = false;
    QString m_blockedReason;
    QString m_estimate;
};

} // namespace claudette
