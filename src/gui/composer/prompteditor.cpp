#include "gui/composer/prompteditor.h"

#include "gui/composer/attachmentchip.h"
#include "gui/composer/prompttextedit.h"
#include "gui/icons/icons.h"

#include <QBuffer>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFocusEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

#include <memory>

namespace claudette {

PromptEditor::PromptEditor(QWidget *parent)
    : QWidget(parent)
    , m_edit(new PromptTextEdit(this))
    , m_chips(new QWidget(this))
    , m_chipLayout(new QHBoxLayout(m_chips))
    , m_attachButton(new QToolButton(this))
    , m_errorLabel(new QLabel(this))
    , m_tokenLabel(new QLabel(this))
    , m_sendButton(new QPushButton(this))
    , m_validator(&AttachmentValidator::validate)
{
    setObjectName(QStringLiteral("promptEditor"));
    setAccessibleName(tr("Composer"));

    m_chips->setObjectName(QStringLiteral("attachmentChips"));
    m_chipLayout->setContentsMargins(0, 0, 0, 0);
    m_chipLayout->setSpacing(6);
    m_chipLayout->addStretch(1);
    m_chips->hide();

    m_attachButton->setObjectName(QStringLiteral("attachButton"));
    m_attachButton->setIcon(Icons::icon(QStringLiteral("attach")));
    m_attachButton->setText(tr("Attach…"));
    m_attachButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_attachButton->setAutoRaise(true);
    m_attachButton->setToolTip(tr("Attach images, PDFs or text files"));
    m_attachButton->setAccessibleName(tr("Attach files"));

    m_errorLabel->setObjectName(QStringLiteral("attachmentError"));
    m_errorLabel->setWordWrap(true);
    QPalette errorPalette = m_errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xc0, 0x39, 0x2b));
    m_errorLabel->setPalette(errorPalette);
    m_errorLabel->setAccessibleName(tr("Attachment error"));
    m_errorLabel->hide();

    m_tokenLabel->setObjectName(QStringLiteral("tokenEstimate"));
    m_tokenLabel->setForegroundRole(QPalette::PlaceholderText);
    m_tokenLabel->setToolTip(tr("A rough estimate of the prompt's size in tokens"));
    m_tokenLabel->setAccessibleName(tr("Token estimate"));

    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    m_sendButton->setDefault(true);
    m_sendButton->setMinimumWidth(92);

    auto *bottom = new QHBoxLayout;
    bottom->setContentsMargins(0, 0, 0, 0);
    bottom->setSpacing(8);
    bottom->addWidget(m_attachButton);
    bottom->addWidget(m_errorLabel, 1);
    bottom->addStretch(0);
    bottom->addWidget(m_tokenLabel);
    bottom->addWidget(m_sendButton);

    auto *card = new QFrame(this);
    card->setObjectName(QStringLiteral("composerCard"));
    card->setFrameShape(QFrame::StyledPanel);
    card->setBackgroundRole(QPalette::Base);
    card->setAutoFillBackground(true);
    auto *cardLayout = new QVBoxLayout(card);
    cardLayout->setContentsMargins(8, 6, 8, 6);
    cardLayout->setSpacing(6);
    cardLayout->addWidget(m_chips);
    cardLayout->addWidget(m_edit);
    cardLayout->addLayout(bottom);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 8, 16, 12);
    layout->addWidget(card);

    // No focus proxy: Qt's Tab chain loops back into a proxied compound widget (Tab from Attach
    // returned to the text box), so the composer would trap the keyboard. focusEditor() and
    // focusInEvent() hand focus to the text box instead.
    setAcceptDrops(true);

    connect(m_edit, &PromptTextEdit::submitRequested, this, &PromptEditor::submit);
    connect(m_edit, &PromptTextEdit::stopRequested, this, &PromptEditor::stopRequested);
    connect(m_edit, &PromptTextEdit::filesDropped, this, &PromptEditor::addFiles);
    connect(m_edit, &PromptTextEdit::imagePasted, this,
            [this](const QImage &image) { addImage(image); });
    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
        updateState();
        Q_EMIT textChanged();
    });
    connect(m_attachButton, &QToolButton::clicked, this, &PromptEditor::chooseFiles);
    connect(m_sendButton, &QPushButton::clicked, this, [this] {
        if (m_streaming)
            Q_EMIT stopRequested();
        else
            submit();
    });
    updateState();
}

QString PromptEditor::text() const
{
    return m_edit->toPlainText();
}

void PromptEditor::setText(const QString &text)
{
    m_edit->setPlainText(text);
    m_edit->moveCursor(QTextCursor::End);
}

void PromptEditor::setDraft(const QString &text, const QList<Attachment> &attachments)
{
    setText(text);
    m_attachments = attachments;
    rebuildChips();
    showError({});
    Q_EMIT attachmentsChanged();
}

void PromptEditor::setValidator(AttachmentValidator::Function validator)
{
    m_validator = validator ? std::move(validator) : &AttachmentValidator::validate;
}

QString PromptEditor::errorText() const
{
    return m_errorLabel->isHidden() ? QString() : m_errorLabel->text();
}

void PromptEditor::focusInEvent(QFocusEvent *event)
{
    QWidget::focusInEvent(event);
    m_edit->setFocus(event->reason());
}

void PromptEditor::focusEditor()
{
    m_edit->setFocus(Qt::OtherFocusReason);
}

void PromptEditor::showError(const QString &message)
{
    m_errorLabel->setText(message);
    m_errorLabel->setToolTip(message);
    m_errorLabel->setVisible(!message.isEmpty());
}

bool PromptEditor::accept(Attachment attachment)
{
    const QString error = m_validator(attachment);
    if (!error.isEmpty()) {
        showError(error);
        return false;
    }
    m_attachments.append(std::move(attachment));
    return true;
}

int PromptEditor::addFiles(const QList<QUrl> &urls)
{
    showError({});
    QStringList errors;
    int added = 0;
    for (const QUrl &url : urls) {
        if (!url.isLocalFile())
            continue;
        const QString path = url.toLocalFile();
        const QFileInfo info(path);
        Attachment attachment;
        attachment.name = info.fileName();
        attachment.path = path;
        if (info.isDir()) {
            errors.append(tr("%1 is a folder.").arg(attachment.name));
            continue;
        }
        // Far beyond any accepted size: do not read it at all.
        if (info.size() > 2 * AttachmentValidator::MaxPdfBytes) {
            errors.append(tr("%1 is too large (%2).")
                              .arg(attachment.name, QLocale().formattedDataSize(info.size())));
            continue;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            errors.append(tr("Cannot read %1: %2").arg(attachment.name, file.errorString()));
            continue;
        }
        attachment.data = file.readAll();
        const QString error = m_validator(attachment);
        if (!error.isEmpty()) {
            errors.append(error);
            continue;
        }
        m_attachments.append(std::move(attachment));
        ++added;
    }
    showError(errors.join(u' '));
    if (added > 0) {
        rebuildChips();
        Q_EMIT attachmentsChanged();
    }
    return added;
}

bool PromptEditor::addImage(const QImage &image, const QString &name)
{
    showError({});
    if (image.isNull()) {
        showError(tr("The pasted image is empty."));
        return false;
    }
    Attachment attachment;
    attachment.name = name.isEmpty() ? tr("Pasted image.png") : name;
    QBuffer buffer(&attachment.data);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    if (!accept(std::move(attachment)))
        return false;
    rebuildChips();
    Q_EMIT attachmentsChanged();
    return true;
}

void PromptEditor::removeAttachment(int index)
{
    if (index < 0 || index >= m_attachments.size())
        return;
    m_attachments.removeAt(index);
    rebuildChips();
    Q_EMIT attachmentsChanged();
}

void PromptEditor::rebuildChips()
{
    // A handful of chips at most: rebuilding them all is simpler than patching the row.
    while (m_chipLayout->count() > 1) {
        const std::unique_ptr<QLayoutItem> item(m_chipLayout->takeAt(0));
        if (QWidget *widget = item->widget())
            widget->deleteLater();
    }
    for (qsizetype i = 0; i < m_attachments.size(); ++i) {
        auto *chip = new AttachmentChip(m_attachments.at(i), m_chips);
        connect(chip, &AttachmentChip::removeRequested, this,
                [this, i] { removeAttachment(static_cast<int>(i)); });
        m_chipLayout->insertWidget(static_cast<int>(i), chip);
    }
    m_chips->setVisible(!m_attachments.isEmpty());
    updateState();
}

void PromptEditor::clear()
{
    m_edit->clear();
    m_attachments.clear();
    rebuildChips();
    showError({});
    Q_EMIT attachmentsChanged();
}

void PromptEditor::chooseFiles()
{
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Attach Files"), QString(),
        tr("Images, PDFs and text (*.png *.jpg *.jpeg *.gif *.webp *.pdf *.txt *.md *.csv *.json "
           "*.xml *.html *.py *.cpp *.h *.js *.ts *.rs *.go *.java);;All files (*)"));
    QList<QUrl> urls;
    for (const QString &path : paths)
        urls.append(QUrl::fromLocalFile(path));
    addFiles(urls);
}

void PromptEditor::setStreaming(bool streaming)
{
    if (m_streaming == streaming)
        return;
    m_streaming = streaming;
    updateState();
}

void PromptEditor::submit()
{
    if (m_streaming || !m_blockedReason.isEmpty())
        return;
    const QString prompt = text();
    if (prompt.trimmed().isEmpty() && m_attachments.isEmpty())
        return;
    Q_EMIT sendRequested(prompt, m_attachments);
}

void PromptEditor::setSendBlocked(const QString &reason)
{
    if (reason == m_blockedReason)
        return;
    m_blockedReason = reason;
    updateState();
}

void PromptEditor::updateState()
{
    if (m_streaming) {
        m_sendButton->setText(tr("Stop"));
        m_sendButton->setIcon(Icons::icon(QStringLiteral("stop")));
        m_sendButton->setToolTip(tr("Stop the reply (Esc)"));
        m_sendButton->setAccessibleName(tr("Stop the reply"));
        m_sendButton->setEnabled(true);
    } else {
        m_sendButton->setText(tr("Send"));
        m_sendButton->setIcon(Icons::icon(QStringLiteral("send")));
        m_sendButton->setToolTip(tr("Send (Ctrl+Enter)"));
        m_sendButton->setAccessibleName(tr("Send the message"));
        m_sendButton->setEnabled(m_blockedReason.isEmpty() &&
                                 (!m_edit->document()->isEmpty() || !m_attachments.isEmpty()));
        if (!m_blockedReason.isEmpty())
            m_sendButton->setToolTip(tr("Cannot send: %1").arg(m_blockedReason));
    }
    // About four characters a token for English text; images cost about (width × height) / 750.
    // characterCount() includes the final paragraph separator.
    qint64 tokens = (m_edit->document()->characterCount() - 1 + 3) / 4;
    for (const Attachment &attachment : std::as_const(m_attachments)) {
        if (attachment.imageSize.isValid())
            tokens += qint64(attachment.imageSize.width()) * attachment.imageSize.height() / 750;
        else if (attachment.mimeType.startsWith(QLatin1StringView("text/")))
            tokens += attachment.data.size() / 4;
    }
    m_tokenLabel->setText(!m_estimate.isEmpty() ? m_estimate
                          : tokens > 1          ? tr("≈ %L1 tokens").arg(tokens)
                                                : QString());
}

void PromptEditor::setTokenEstimate(const QString &text)
{
    m_estimate = text;
    updateState();
}

QString PromptEditor::tokenEstimateText() const
{
    return m_tokenLabel->text();
}

} // namespace claudette
