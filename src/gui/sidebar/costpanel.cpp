#include "gui/sidebar/costpanel.h"

#include "core/usage/cost.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {
QLabel *valueLabel(QWidget *parent, const QString &name, const QString &accessibleName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setAccessibleName(accessibleName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// English plurals even without a translation loaded (tr's %n needs one).
QString requestCount(int n)
{
    return n == 1 ? CostPanel::tr("1 request") : CostPanel::tr("%1 requests").arg(n);
}

QString usd(std::optional<double> value)
{
    return value ? Cost::formatUsd(*value) : Cost::tr("price unknown");
}
} // namespace

CostPanel::CostPanel(QWidget *parent)
    : QWidget(parent)
    , m_turn(valueLabel(this, u"costTurnUsage"_s, tr("Last reply's tokens")))
    , m_turnUsd(valueLabel(this, u"costTurn"_s, tr("Last reply's cost")))
    , m_conversation(valueLabel(this, u"costConversationUsage"_s, tr("Conversation's tokens")))
    , m_conversationUsd(valueLabel(this, u"costConversation"_s, tr("Conversation's cost")))
    , m_today(valueLabel(this, u"costToday"_s, tr("Spent today")))
    , m_month(valueLabel(this, u"costMonth"_s, tr("Spent this month")))
{
    setObjectName(u"costPanel"_s);
    QFont big = m_turnUsd->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setWeight(QFont::DemiBold);
    for (QLabel *label : {m_turnUsd, m_conversationUsd, m_today, m_month})
        label->setFont(big);
    for (QLabel *label : {m_turn, m_conversation})
        label->setForegroundRole(QPalette::PlaceholderText);

    auto *turnBox = new QGroupBox(tr("Last reply"), this);
    auto *turnLayout = new QVBoxLayout(turnBox);
    turnLayout->addWidget(m_turnUsd);
    turnLayout->addWidget(m_turn);
    auto *conversationBox = new QGroupBox(tr("This conversation"), this);
    auto *conversationLayout = new QVBoxLayout(conversationBox);
    conversationLayout->addWidget(m_conversationUsd);
    conversationLayout->addWidget(m_conversation);
    auto *ledgerBox = new QGroupBox(tr("All conversations (app and CLI)"), this);
    auto *ledgerLayout = new QFormLayout(ledgerBox);
    ledgerLayout->addRow(tr("Today:"), m_today);
    ledgerLayout->addRow(tr("This month:"), m_month);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(turnBox);
    layout->addWidget(conversationBox);
    layout->addWidget(ledgerBox);
    layout->addStretch(1);

    setTurn({}, std::nullopt);
    setConversation({}, std::nullopt, false);
    setLedgerTotals({});
}

void CostPanel::setTurn(const Usage &usage, std::optional<double> usd_)
{
    if (usage.requests == 0 && usage.totalTokens() == 0) {
        m_turnUsd->setText(tr("No reply yet"));
        m_turn->clear();
        return;
    }
    m_turnUsd->setText(usd(usd_));
    m_turn->setText(usage.toString());
}

void CostPanel::setConversation(const Usage &usage, std::optional<double> usd_, bool someUnknown)
{
    if (usage.requests == 0 && usage.totalTokens() == 0) {
        m_conversationUsd->setText(Cost::formatUsd(0));
        m_conversation->setText(usage.toString());
        return;
    }
    QString text = usd(usd_);
    if (usd_ && someUnknown)
        text = tr("%1 (some replies have no known price)").arg(text);
    m_conversationUsd->setText(text);
    m_conversation->setText(usage.toString());
}

void CostPanel::setLedgerTotals(const CostLedger::Totals &totals)
{
    m_today->setText(
        tr("%1 · %2").arg(Cost::formatUsd(totals.todayUsd), requestCount(totals.todayRequests)));
    QString month =
        tr("%1 · %2").arg(Cost::formatUsd(totals.monthUsd), requestCount(totals.monthRequests));
    if (totals.unknownPrice > 0)
        month += u'\n' + tr("%1 without a known price").arg(requestCount(totals.unknownPrice));
    m_month->setText(month);
    m_today->setToolTip({});
}

void CostPanel::setLedgerError(const QString &message)
{
    m_today->setText(tr("The cost ledger could not be read"));
    m_today->setToolTip(message);
    m_month->clear();
}

QString CostPanel::turnText() const
{
    return m_turnUsd->text() + u'\n' + m_turn->text();
}

QString CostPanel::conversationText() const
{
    return m_conversationUsd->text() + u'\n' + m_conversation->text();
}

QString CostPanel::todayText() const
{
    return m_today->text();
}

QString CostPanel::monthText() const
{
    return m_month->text();
}

} // namespace claudette
