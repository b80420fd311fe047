#include "core/usage/costledger.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLockFile>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {
constexpr int LockTimeoutMs = 10000;
}

QJsonObject LedgerEntry::toJson() const
{
    QJsonObject o{
        {u"time"_s, time.toUTC().toString(Qt::ISODateWithMs)},
        {u"model"_s, model},
        {u"usage"_s, usage.toJson()},
        {u"cost_usd"_s, costUsd ? QJsonValue(*costUsd) : QJsonValue(QJsonValue::Null)},
        {u"source"_s, source},
    };
    if (!conversationId.isEmpty())
        o.insert(u"conversation_id"_s, conversationId);
    if (!requestId.isEmpty())
        o.insert(u"request_id"_s, requestId);
    return o;
}

std::optional<LedgerEntry> LedgerEntry::fromJson(const QJsonObject &json)
{
    LedgerEntry e;
    e.time = QDateTime::fromString(json.value(u"time").toString(), Qt::ISODateWithMs);
    if (!e.time.isValid() || !json.value(u"usage").isObject())
        return std::nullopt;
    e.model = json.value(u"model").toString();
    e.usage = Usage::fromJson(json.value(u"usage").toObject());
    if (json.value(u"cost_usd").isDouble())
        e.costUsd = json.value(u"cost_usd").toDouble();
    e.conversationId = json.value(u"conversation_id").toString();
    e.source = json.value(u"source").toString();
    e.requestId = json.value(u"request_id").toString();
    return e;
}

CostLedger::CostLedger(QString path)
    : m_path(std::move(path))
{}

bool CostLedger::append(const LedgerEntry &entry, QString *error) const
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QLockFile lock(m_path + u".lock"_s);
    lock.setStaleLockTime(30000);
    if (!lock.tryLock(LockTimeoutMs)) {
        if (error)
            *error = tr("the cost ledger %1 is locked by another program").arg(m_path);
        return false;
    }
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        if (error)
            *error = tr("cannot write the cost ledger %1: %2").arg(m_path, file.errorString());
        return false;
    }
    QByteArray line = QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact);
    // A line cut by a crash must not swallow the next one.
    if (file.size() > 0) {
        QFile check(m_path);
        if (check.open(QIODevice::ReadOnly) && check.seek(file.size() - 1) && check.read(1) != "\n")
            line.prepend('\n');
    }
    line.append('\n');
    if (file.write(line) != line.size() || !file.flush()) {
        if (error)
            *error = tr("cannot write the cost ledger %1: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

QList<LedgerEntry> CostLedger::entries(int *badLines, QString *error) const
{
    QList<LedgerEntry> out;
    int bad = 0;
    QFile file(m_path);
    if (!file.exists()) {
        if (badLines)
            *badLines = 0;
        return out;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("cannot read the cost ledger %1: %2").arg(m_path, file.errorString());
        if (badLines)
            *badLines = 0;
        return out;
    }
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        std::optional<LedgerEntry> entry =
            doc.isObject() ? LedgerEntry::fromJson(doc.object()) : std::nullopt;
        if (entry)
            out.append(*entry);
        else
            ++bad;
    }
    if (badLines)
        *badLines = bad;
    return out;
}

CostLedger::Totals CostLedger::totals(const QDateTime &now) const
{
    Totals t;
    const QDate today = now.toLocalTime().date();
    for (const LedgerEntry &e : entries()) {
        const QDate day = e.time.toLocalTime().date();
        if (day.year() != today.year() || day.month() != today.month())
            continue;
        ++t.monthRequests;
        if (e.costUsd)
            t.monthUsd += *e.costUsd;
        else
            ++t.unknownPrice;
        if (day == today) {
            ++t.todayRequests;
            if (e.costUsd)
                t.todayUsd += *e.costUsd;
        }
    }
    return t;
}

} // namespace claudette
