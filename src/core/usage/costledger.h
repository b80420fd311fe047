#pragma once

#include "core/usage/usage.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace claudette {

/// One request in the ledger.
struct LedgerEntry
{
    QDateTime time;
    QString model;
    Usage usage;
    std::optional<double> costUsd; ///< nullopt: price unknown
    QString conversationId;
    QString source; ///< "gui" or "cli"
    QString requestId;

    QJsonObject toJson() const;
    /// nullopt for a line that is not a ledger entry.
    static std::optional<LedgerEntry> fromJson(const QJsonObject &json);
};

/**
 * The cost ledger `<data>/ledger.jsonl` (AppPaths::ledgerFile()): append-only JSON lines, one
 * per request, written by the GUI and the CLI alike. Each append holds a QLockFile
 * (`ledger.jsonl.lock`) and writes one whole line, so two processes never interleave.
 * Reading skips lines that are not entries (a line cut by a crash) and counts them.
 */
class CostLedger
{
    Q_DECLARE_TR_FUNCTIONS(claudette::CostLedger)

public:
    struct Totals
    {
        double todayUsd = 0;
        double monthUsd = 0;
        int todayRequests = 0;
        int monthRequests = 0;
        int unknownPrice = 0; ///< requests this month without a known price
    };

    explicit CostLedger(QString path);
    QString path() const { return m_path; }

    /// Appends one line. False with @p error when the lock or the write failed.
    bool append(const LedgerEntry &entry, QString *error = nullptr) const;
    /// Every entry; @p badLines counts lines skipped.
    QList<LedgerEntry> entries(int *badLines = nullptr, QString *error = nullptr) const;
    /// Spending of the local day and month of @p now.
    Totals totals(const QDateTime &now = QDateTime::currentDateTime()) const;

private:
    QString m_path;
};

} // namespace claudette
