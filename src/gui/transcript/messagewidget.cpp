#include "gui/transcript/messagewidget.h"

#include "gui/transcript/messagebody.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QTextCursor>
#include <QTextDocument>
#include <QVBoxLayout>

namespace claudette {

namespace {
QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * t,
                            a.greenF() + (b.greenF() - a.greenF()) * t,
                            a.blueF() + (b.blueF() - a.blueF()) * t);
}
} // namespace

MessageWidget::MessageWidget(QWidget *parent)
    : QFrame(parent)
    , m_authorLabel(new QLabel(this))
    , m_timeLabel(new QLabel(this))
    , m_body(new MessageBody(this))
    , m_statusLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("messageWidget"));
    setFrameShape(QFrame::NoFrame);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);

    m_authorLabel->setObjectName(QStringLiteral("messageAuthor"));
    QFont bold = m_authorLabel->font();
    bold.setWeight(QFont::DemiBold);
    m_authorLabel->setFont(bold);
    m_timeLabel->setObjectName(QStringLiteral("messageTime"));
    m_timeLabel->setForegroundRole(QPalette::PlaceholderText);
    m_statusLabel->setObjectName(QStringLiteral("messageStatus"));
    m_statusLabel->setForegroundRole(QPalette::PlaceholderText);
    m_statusLabel->setWordWrap(true);
    m_statusLabel->hide();
    QFont small = m_timeLabel->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_timeLabel->setFont(small);
    m_statusLabel->setFont(small);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_authorLabel);
    header->addStretch(1);
    header->addWidget(m_timeLabel);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 10, 14, 10);
    layout->setSpacing(6);
    layout->addLayout(header);
    layout->addWidget(m_body);
    layout->addWidget(m_statusLabel);

    connect(m_body, &MessageBody::linkActivated, this, &MessageWidget::linkActivated);
    updateHeader();
}

void MessageWidget::setAuthor(Author author)
{
    if (m_author == author)
        return;
    m_author = author;
    updateHeader();
    update();
}

void MessageWidget::updateHeader()
{
    switch (m_author) {
    case Author::User:
        m_authorLabel->setText(tr("You"));
        break;
    case Author::Assistant:
        m_authorLabel->setText(tr("Claude"));
        break;
    case Author::System:
        m_authorLabel->setText(tr("System"));
        break;
    }
    setAccessibleName(tr("Message from %1").arg(m_authorLabel->text()));
}

void MessageWidget::setHtml(const QString &html)
{
    m_body->setBodyHtml(html);
}

void MessageWidget::setBlocks(const QStringList &closedBlocks, const QString &openTail)
{
    m_body->setBlocks(closedBlocks, openTail);
}

QString MessageWidget::plainText() const
{
    return m_body->toPlainText();
}

void MessageWidget::setTimestamp(const QDateTime &when)
{
    m_timestamp = when;
    if (!when.isValid()) {
        m_timeLabel->clear();
        m_timeLabel->setToolTip({});
        return;
    }
    const QDateTime local = when.toLocalTime();
    const bool today = local.date() == QDate::currentDate();
    m_timeLabel->setText(today ? QLocale().toString(local.time(), QLocale::ShortFormat)
                               : QLocale().toString(local, QLocale::ShortFormat));
    m_timeLabel->setToolTip(QLocale().toString(local, QLocale::LongFormat));
}

void MessageWidget::setStatusText(const QString &text, const QString &toolTip)
{
    m_statusLabel->setText(text);
    m_statusLabel->setToolTip(toolTip);
    m_statusLabel->setVisible(!text.isEmpty());
}

QString MessageWidget::statusText() const
{
    return m_statusLabel->text();
}

void MessageWidget::clear()
{
    m_body->clearBody();
    m_markdown.clear();
    setTimestamp({});
    setStatusText({});
}

bool MessageWidget::highlight(const QString &text)
{
    m_body->moveCursor(QTextCursor::Start);
    return m_body->find(text);
}

void MessageWidget::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event);
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    QColor fill;
    QColor border;
    switch (m_author) {
    case Author::User:
        fill = mix(pal.color(QPalette::Base), pal.color(QPalette::Highlight), 0.12);
        border = mix(pal.color(QPalette::Base), pal.color(QPalette::Highlight), 0.35);
        break;
    case Author::Assistant:
        fill = pal.color(QPalette::Base);
        border = mix(pal.color(QPalette::Base), pal.color(QPalette::WindowText), 0.14);
        break;
    case Author::System:
        fill = pal.color(QPalette::AlternateBase);
        border = mix(pal.color(QPalette::Base), pal.color(QPalette::WindowText), 0.14);
        break;
    }
    QPainterPath path;
    path.addRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);
    painter.fillPath(path, fill);
    painter.setPen(QPen(border, 1));
    painter.drawPath(path);
}

void MessageWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        update();
    QFrame::changeEvent(event);
}

void MessageWidget::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    if (m_body->textCursor().hasSelection()) {
        menu.addAction(tr("&Copy"), m_body, &QTextEdit::copy);
        menu.addSeparator();
    }
    if (!m_markdown.isEmpty()) {
        menu.addAction(tr("Copy as &Markdown"), this,
                       [this] { QApplication::clipboard()->setText(m_markdown); });
    }
    menu.addAction(tr("Copy as &Plain Text"), this,
                   [this] { QApplication::clipboard()->setText(plainText()); });
    menu.addAction(tr("Select &All"), m_body, &QTextEdit::selectAll);
    menu.exec(event->globalPos());
}

} // namespace claudette
