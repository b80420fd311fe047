#pragma once

#include "core/usage/costledger.h"
#include "core/usage/usage.h"

#include <QWidget>

#include <optional>

class QLabel;

namespace claudette {

/**
 * Sidebar panel "Cost": the last reply and the open conversation in claudette's usage line plus
 * USD, and today's and this month's spending across every conversation from the shared cost
 * ledger (CLI requests included). A view: the controller feeds it.
 */
class CostPanel : public QWidget
{
    Q_OBJECT
public:
    explicit CostPanel(QWidget *parent = nullptr);

    QString turnText() const;
    QString conversationText() const;
    QString todayText() const;
    QString monthText() const;

public Q_SLOTS:
    /// The last reply's usage and cost (nullopt: price unknown); @p requests 0: no reply yet.
    void setTurn(const claudette::Usage &usage, std::optional<double> usd);
    /// The conversation's usage summed over its current branch. @p someUnknown: some reply has
    /// no known price (the sum covers the others).
    void setConversation(const claudette::Usage &usage, std::optional<double> usd,
                         bool someUnknown);
    void setLedgerTotals(const claudette::CostLedger::Totals &totals);
    /// The ledger could not be read.
    void setLedgerError(const QString &message);

private:
    QLabel *m_turn;
    QLabel *m_turnUsd;
    QLabel *m_conversation;
    QLabel *m_conversationUsd;
    QLabel *m_today;
    QLabel *m_month;
};

} // namespace claudette
