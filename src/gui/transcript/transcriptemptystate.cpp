#include "gui/transcript/transcriptemptystate.h"

#include "gui/icons/icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace claudette {

TranscriptEmptyState::TranscriptEmptyState(QWidget *parent)
    : QWidget(parent)
    , m_openButton(new QPushButton(tr("Open a Conversation…"), this))
    , m_demoButton(new QPushButton(tr("Try the Offline Demo"), this))
{
    setObjectName(QStringLiteral("transcriptEmptyState"));
    setBackgroundRole(QPalette::Window);

    auto *logo = new QLabel(this);
    logo->setPixmap(Icons::icon(QStringLiteral("claudette")).pixmap(72, 72));
    logo->setAlignment(Qt::AlignCenter);

    auto *title = new QLabel(tr("No conversation yet"), this);
    title->setObjectName(QStringLiteral("emptyStateTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    auto *hint = new QLabel(
        tr("Type a message below and press Ctrl+Enter to send it to Claude.\n"
           "Drop images, PDFs or text files on the window to attach them."),
        this);
    hint->setObjectName(QStringLiteral("emptyStateHint"));
    hint->setAlignment(Qt::AlignCenter);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);

    m_openButton->setObjectName(QStringLiteral("emptyStateOpenButton"));
    m_openButton->setIcon(Icons::icon(QStringLiteral("document-open")));
    m_openButton->setAccessibleName(tr("Open a conversation file"));
    m_demoButton->setObjectName(QStringLiteral("emptyStateDemoButton"));
    m_demoButton->setIcon(Icons::icon(QStringLiteral("demo")));
    m_demoButton->setAccessibleName(tr("Try the offline demo"));
    m_demoButton->setToolTip(tr("No API key is set. The demo replays recorded replies, offline."));
    m_demoButton->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_openButton);
    buttons->addWidget(m_demoButton);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 32, 32, 32);
    layout->setSpacing(12);
    layout->addStretch(3);
    layout->addWidget(logo);
    layout->addWidget(title);
    layout->addWidget(hint);
    layout->addSpacing(8);
    layout->addLayout(buttons);
    layout->addStretch(4);

    connect(m_openButton, &QPushButton::clicked, this, &TranscriptEmptyState::openRequested);
    connect(m_demoButton, &QPushButton::clicked, this, &TranscriptEmptyState::demoRequested);
}

void TranscriptEmptyState::setDemoAvailable(bool available)
{
    m_demoButton->setVisible(available);
}

} // namespace claudette
