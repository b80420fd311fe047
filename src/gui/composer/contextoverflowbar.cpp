#include "gui/composer/contextoverflowbar.h"

#include "gui/icons/icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace claudette {

ContextOverflowBar::ContextOverflowBar(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_leaveOut(new QPushButton(tr("Leave Out Oldest Turns"), this))
    , m_summary(new QPushButton(tr("Continue in a New Conversation from a Summary"), this))
{
    setObjectName(u"contextOverflowBar"_s);
    setAccessibleName(tr("Context window"));
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, QColor(0xff, 0xf4, 0xce));
    pal.setColor(QPalette::WindowText, QColor(0x3d, 0x30, 0x00));
    setPalette(pal);

    m_label->setObjectName(u"contextOverflowText"_s);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_leaveOut->setObjectName(u"leaveOutButton"_s);
    m_leaveOut->setToolTip(tr("Send only the newer part of this conversation from now on"));
    m_summary->setObjectName(u"summaryButton"_s);
    m_summary->setToolTip(tr("Ask the model for a summary and start a new conversation with it"));
    auto *close = new QToolButton(this);
    close->setObjectName(u"contextOverflowClose"_s);
    close->setIcon(Icons::icon(u"close"_s));
    close->setAutoRaise(true);
    close->setAccessibleName(tr("Dismiss"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_leaveOut);
    buttons->addWidget(m_summary);
    buttons->addStretch(1);
    auto *top = new QHBoxLayout;
    top->addWidget(m_label, 1);
    top->addWidget(close, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 6, 16, 6);
    layout->addLayout(top);
    layout->addLayout(buttons);

    connect(m_leaveOut, &QPushButton::clicked, this, &ContextOverflowBar::leaveOutRequested);
    connect(m_summary, &QPushButton::clicked, this, &ContextOverflowBar::summaryRequested);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

QString ContextOverflowBar::text() const
{
    return m_label->text();
}

void ContextOverflowBar::showOverflow(const QString &reason)
{
    m_label->setText(reason);
    m_leaveOut->setVisible(true);
    m_summary->setVisible(true);
    m_leaveOut->setEnabled(true);
    m_summary->setEnabled(true);
    show();
}

void ContextOverflowBar::showMessage(const QString &message)
{
    m_label->setText(message);
    m_leaveOut->setVisible(false);
    m_summary->setVisible(false);
    show();
}

void ContextOverflowBar::setWorking(const QString &message)
{
    m_label->setText(message);
    m_leaveOut->setEnabled(false);
    m_summary->setEnabled(false);
}

} // namespace claudette
