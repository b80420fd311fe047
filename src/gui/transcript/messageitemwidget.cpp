#include "gui/transcript/messageitemwidget.h"

#include "core/store/turn.h"
#include "gui/transcript/blocks/blockwidget.h"
#include "gui/transcript/transcriptmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace claudette {

MessageItemWidget::MessageItemWidget(const MarkdownRenderer *renderer, QWidget *parent)
    : QFrame(parent)
    , m_renderer(renderer)
    , m_authorLabel(new QLabel(this))
    , m_modelLabel(new QLabel(this))
    , m_timeLabel(new QLabel(this))
    , m_prevButton(new QToolButton(this))
    , m_branchLabel(new QLabel(this))
    , m_nextButton(new QToolButton(this))
    , m_blockLayout(new QVBoxLayout)
    , m_editor(new QWidget(this))
    , m_editText(new QPlainTextEdit(m_editor))
    , m_statusLabel(new QLabel(this))
    , m_retryButton(new QPushButton(tr("Retry"), this))
    , m_copyButton(new QToolButton(this))
    , m_regenerateButton(new QToolButton(this))
    , m_editButton(new QToolButton(this))
{
    setObjectName(u"messageItem"_s);
    setAttribute(Qt::WA_StyledBackground, false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(6);

    auto *header = new QHBoxLayout;
    QFont bold = m_authorLabel->font();
    bold.setBold(true);
    m_authorLabel->setFont(bold);
    m_authorLabel->setObjectName(u"authorLabel"_s);
    m_modelLabel->setObjectName(u"modelLabel"_s);
    m_timeLabel->setObjectName(u"timeLabel"_s);
    for (QLabel *label : {m_modelLabel, m_timeLabel, m_branchLabel}) {
        QPalette palette = label->palette();
        palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
        label->setPalette(palette);
    }
    m_prevButton->setObjectName(u"previousBranchButton"_s);
    m_prevButton->setArrowType(Qt::LeftArrow);
    m_prevButton->setAutoRaise(true);
    m_prevButton->setToolTip(tr("Previous version"));
    m_nextButton->setObjectName(u"nextBranchButton"_s);
    m_nextButton->setArrowType(Qt::RightArrow);
    m_nextButton->setAutoRaise(true);
    m_nextButton->setToolTip(tr("Next version"));
    m_branchLabel->setObjectName(u"branchLabel"_s);
    header->addWidget(m_authorLabel);
    header->addWidget(m_modelLabel);
    header->addStretch();
    header->addWidget(m_prevButton);
    header->addWidget(m_branchLabel);
    header->addWidget(m_nextButton);
    header->addWidget(m_timeLabel);
    layout->addLayout(header);

    m_blockLayout->setContentsMargins(0, 0, 0, 0);
    m_blockLayout->setSpacing(6);
    layout->addLayout(m_blockLayout);

    auto *editorLayout = new QVBoxLayout(m_editor);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    m_editText->setObjectName(u"editText"_s);
    auto *editButtons = new QHBoxLayout;
    auto *submit = new QPushButton(tr("Send as new branch"), m_editor);
    submit->setObjectName(u"editSubmitButton"_s);
    auto *cancel = new QPushButton(tr("Cancel"), m_editor);
    cancel->setObjectName(u"editCancelButton"_s);
    editButtons->addStretch();
    editButtons->addWidget(cancel);
    editButtons->addWidget(submit);
    editorLayout->addWidget(m_editText);
    editorLayout->addLayout(editButtons);
    m_editor->hide();
    layout->addWidget(m_editor);

    auto *statusRow = new QHBoxLayout;
    m_statusLabel->setObjectName(u"statusLabel"_s);
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retryButton->setObjectName(u"retryButton"_s);
    statusRow->addWidget(m_statusLabel, 1);
    statusRow->addWidget(m_retryButton);
    layout->addLayout(statusRow);

    auto *actions = new QHBoxLayout;
    m_copyButton->setObjectName(u"copyMessageButton"_s);
    m_copyButton->setText(tr("Copy"));
    m_copyButton->setAutoRaise(true);
    m_copyButton->setPopupMode(QToolButton::MenuButtonPopup);
    auto *copyMenu = new QMenu(m_copyButton);
    copyMenu->addAction(tr("Copy as Markdown"), this, &MessageItemWidget::copyMarkdown);
    copyMenu->addAction(tr("Copy as Plain Text"), this, &MessageItemWidget::copyPlainText);
    m_copyButton->setMenu(copyMenu);
    m_regenerateButton->setObjectName(u"regenerateButton"_s);
    m_regenerateButton->setText(tr("Regenerate"));
    m_regenerateButton->setAutoRaise(true);
    m_editButton->setObjectName(u"editButton"_s);
    m_editButton->setText(tr("Edit"));
    m_editButton->setAutoRaise(true);
    actions->addWidget(m_copyButton);
    actions->addWidget(m_regenerateButton);
    actions->addWidget(m_editButton);
    actions->addStretch();
    layout->addLayout(actions);

    connect(m_copyButton, &QToolButton::clicked, this, &MessageItemWidget::copyMarkdown);
    connect(m_regenerateButton, &QToolButton::clicked, this,
            [this] { Q_EMIT regenerateRequested(m_turnId); });
    connect(m_retryButton, &QPushButton::clicked, this,
            [this] { Q_EMIT retryRequested(m_turnId); });
    connect(m_editButton, &QToolButton::clicked, this, &MessageItemWidget::startEditing);
    connect(submit, &QPushButton::clicked, this, [this] { finishEditing(true); });
    connect(cancel, &QPushButton::clicked, this, [this] { finishEditing(false); });
    connect(m_prevButton, &QToolButton::clicked, this,
            [this] { Q_EMIT siblingRequested(m_turnId, m_siblingIndex - 1); });
    connect(m_nextButton, &QToolButton::clicked, this,
            [this] { Q_EMIT siblingRequested(m_turnId, m_siblingIndex + 1); });
}

void MessageItemWidget::clearContent()
{
    while (QLayoutItem *item = m_blockLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_blocks.clear();
    m_content = {};
    m_turnId.clear();
    m_editor->hide();
}

void MessageItemWidget::updateRow(const QModelIndex &index, const QList<int> &roles)
{
    const auto has = [&roles](int role) { return roles.isEmpty() || roles.contains(role); };
    const QString id = index.data(TranscriptModel::IdRole).toString();
    if (id != m_turnId) {
        clearContent();
        m_turnId = id;
    }
    m_user = index.data(TranscriptModel::TurnRoleRole).toString() == "user"_L1;
    if (has(TranscriptModel::StatusRole))
        m_status = index.data(TranscriptModel::StatusRole).toInt();
    if (roles.isEmpty() || has(TranscriptModel::ModelRole) || has(TranscriptModel::CostRole) ||
        has(TranscriptModel::SiblingCountRole) || has(TranscriptModel::UsageRole) ||
        has(TranscriptModel::StatusRole))
        updateHeader(index);
    if (has(TranscriptModel::ContentRole) || has(TranscriptModel::StatusRole))
        updateBlocks(index);
    if (has(TranscriptModel::StatusRole) || has(TranscriptModel::ErrorRole))
        updateStatus(index);
}

void MessageItemWidget::updateHeader(const QModelIndex &index)
{
    m_authorLabel->setText(m_user ? tr("You") : tr("Claude"));
    const QString model = index.data(TranscriptModel::ModelRole).toString();
    m_modelLabel->setText(m_user ? QString() : model);
    const QString tip = index.data(TranscriptModel::StatusToolTipRole).toString();
    m_modelLabel->setToolTip(tip);
    m_authorLabel->setToolTip(tip);
    const QDateTime when = index.data(TranscriptModel::TimestampRole).toDateTime();
    m_timeLabel->setText(when.isValid()
                             ? QLocale().toString(when.toLocalTime().time(), QLocale::ShortFormat)
                             : QString());
    m_timeLabel->setToolTip(
        when.isValid() ? QLocale().toString(when.toLocalTime(), QLocale::LongFormat) : QString());
    m_siblingIndex = index.data(TranscriptModel::SiblingIndexRole).toInt();
    m_siblingCount = std::max(1, index.data(TranscriptModel::SiblingCountRole).toInt());
    const bool branches = m_siblingCount > 1;
    m_prevButton->setVisible(branches);
    m_nextButton->setVisible(branches);
    m_branchLabel->setVisible(branches);
    m_branchLabel->setText(u"%1/%2"_s.arg(m_siblingIndex + 1).arg(m_siblingCount));
    m_prevButton->setEnabled(m_siblingIndex > 0);
    m_nextButton->setEnabled(m_siblingIndex + 1 < m_siblingCount);
    const bool streaming = m_status == int(TurnStatus::Streaming);
    m_regenerateButton->setVisible(!m_user);
    m_regenerateButton->setEnabled(!streaming);
    m_editButton->setVisible(m_user);
}

void MessageItemWidget::updateBlocks(const QModelIndex &index)
{
    m_content = index.data(TranscriptModel::ContentRole).toJsonArray();
    const auto *model = qobject_cast<const TranscriptModel *>(index.model());
    BlockContext context;
    context.renderer = m_renderer;
    context.conversation = model ? model->conversation() : nullptr;
    const bool streaming = m_status == int(TurnStatus::Streaming);
    const qsizetype count = m_content.size();
    for (qsizetype i = 0; i < count; ++i) {
        const QJsonObject block = m_content.at(i).toObject();
        const QString type = block.value("type"_L1).toString();
        if (i < m_blocks.size() && m_blocks.at(i)->blockType() != type) {
            // A different block at this position (another branch's content): rebuild from here.
            while (m_blocks.size() > i) {
                BlockWidget *gone = m_blocks.takeLast();
                m_blockLayout->removeWidget(gone);
                delete gone;
            }
        }
        if (i >= m_blocks.size()) {
            BlockWidget *widget = BlockWidget::create(type, this);
            connect(widget, &BlockWidget::linkActivated, this, &MessageItemWidget::linkActivated);
            m_blockLayout->addWidget(widget);
            m_blocks.append(widget);
        }
        context.open = streaming && i == count - 1;
        m_blocks.at(i)->setBlock(block, context);
    }
    while (m_blocks.size() > count) {
        BlockWidget *gone = m_blocks.takeLast();
        m_blockLayout->removeWidget(gone);
        delete gone;
    }
}

void MessageItemWidget::updateStatus(const QModelIndex &index)
{
    const auto status = TurnStatus(m_status);
    const QVariantMap error = index.data(TranscriptModel::ErrorRole).toMap();
    QString text;
    QString color;
    switch (status) {
    case TurnStatus::Complete:
        break;
    case TurnStatus::Streaming:
        text = m_content.isEmpty() ? tr("Waiting for the reply…") : QString();
        break;
    case TurnStatus::Stopped:
        text = tr("Stopped: the reply was cut short at your request.");
        break;
    case TurnStatus::Interrupted:
        text = tr("Interrupted: the connection dropped before the reply was complete.");
        break;
    case TurnStatus::Error: {
        color = u"#c01c28"_s;
        const QString type = error.value(u"type"_s).toString();
        const QString kind = error.value(u"kind"_s).toString();
        text = tr("Error (%1): %2")
                   .arg(type.isEmpty() ? kind : type, error.value(u"message"_s).toString());
        const int http = error.value(u"httpStatus"_s).toInt();
        if (http > 0)
            text += u' ' + tr("HTTP %1.").arg(http);
        const QString requestId = error.value(u"requestId"_s).toString();
        if (!requestId.isEmpty())
            text += u' ' + tr("Request id: %1").arg(requestId);
        break;
    }
    }
    m_statusLabel->setText(text);
    m_statusLabel->setStyleSheet(color.isEmpty() ? QString() : u"color: "_s + color + u';');
    m_statusLabel->setVisible(!text.isEmpty());
    m_retryButton->setVisible(!m_user &&
                              (status == TurnStatus::Error || status == TurnStatus::Interrupted));
    m_regenerateButton->setEnabled(status != TurnStatus::Streaming);
}

QString MessageItemWidget::markdown() const
{
    QStringList parts;
    for (const QJsonValue &value : m_content) {
        const QJsonObject block = value.toObject();
        const QString type = block.value("type"_L1).toString();
        if (type == "text"_L1) {
            parts << block.value("text"_L1).toString();
        } else if (type == "tool_use"_L1 || type == "server_tool_use"_L1) {
            parts << tr("Tool call: %1").arg(block.value("name"_L1).toString()) +
                         u"\n\n```json\n"_s +
                         QString::fromUtf8(QJsonDocument(block.value("input"_L1).toObject())
                                               .toJson(QJsonDocument::Indented)) +
                         u"```"_s;
        }
    }
    return parts.join(u"\n\n"_s);
}

QString MessageItemWidget::plainText() const
{
    QTextDocument document;
    document.setMarkdown(markdown(), QTextDocument::MarkdownNoHTML);
    return document.toPlainText();
}

void MessageItemWidget::copyMarkdown()
{
    QApplication::clipboard()->setText(markdown());
}

void MessageItemWidget::copyPlainText()
{
    QApplication::clipboard()->setText(plainText());
}

bool MessageItemWidget::highlight(const QString &text)
{
    for (BlockWidget *block : std::as_const(m_blocks)) {
        if (block->highlight(text))
            return true;
    }
    return false;
}

void MessageItemWidget::startEditing()
{
    if (!m_user)
        return;
    QString text;
    for (const QJsonValue &value : std::as_const(m_content)) {
        if (value.toObject().value("type"_L1).toString() == "text"_L1)
            text += value.toObject().value("text"_L1).toString();
    }
    m_editText->setPlainText(text);
    m_editor->show();
    m_editText->setFocus();
}

void MessageItemWidget::finishEditing(bool submit)
{
    m_editor->hide();
    if (submit && !m_editText->toPlainText().trimmed().isEmpty())
        Q_EMIT editSubmitted(m_turnId, m_editText->toPlainText());
}

void MessageItemWidget::paintEvent(QPaintEvent *event)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    QColor background = palette().color(m_user ? QPalette::AlternateBase : QPalette::Base);
    painter.setPen(palette().color(QPalette::Mid));
    painter.setBrush(background);
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    QFrame::paintEvent(event);
}

void MessageItemWidget::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(tr("Copy as Markdown"), this, &MessageItemWidget::copyMarkdown);
    menu.addAction(tr("Copy as Plain Text"), this, &MessageItemWidget::copyPlainText);
    if (m_user)
        menu.addAction(tr("Edit…"), this, &MessageItemWidget::startEditing);
    else if (m_status != int(TurnStatus::Streaming))
        menu.addAction(tr("Regenerate"), this, [this] { Q_EMIT regenerateRequested(m_turnId); });
    menu.exec(event->globalPos());
}

} // namespace claudette
