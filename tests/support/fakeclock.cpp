#include "support/fakeclock.h"

#include <QTimeZone>

#include <algorithm>

namespace claudette::test {

FakeClock::FakeClock(QObject *parent)
    : QObject(parent)
    , m_wallAtStart(QDateTime(QDate(2026, 1, 15), QTime(12, 0), QTimeZone::UTC))
{
}

QDateTime FakeClock::nowUtc() const
{
    return m_wallAtStart.addMSecs(m_nowMs - m_wallOffsetMs);
}

void FakeClock::setNowUtc(const QDateTime &utc)
{
    m_wallAtStart = utc.toUTC();
    m_wallOffsetMs = m_nowMs;
}

Clock::TimerId FakeClock::callAfter(qint64 delayMs, QObject *context,
                                    std::function<void()> callback)
{
    const TimerId id = m_nextId++;
    m_pending.append({id, m_nowMs + qMax<qint64>(0, delayMs), context, std::move(callback)});
    Q_EMIT scheduled(delayMs);
    return id;
}

void FakeClock::cancel(TimerId id)
{
    m_pending.removeIf([id](const Pending &p) { return p.id == id; });
}

void FakeClock::advance(qint64 ms)
{
    const qint64 target = m_nowMs + qMax<qint64>(0, ms);
    for (;;) {
        // Earliest due first; ties in scheduling order (ids grow).
        auto it = std::min_element(m_pending.begin(), m_pending.end(),
                                   [](const Pending &a, const Pending &b) {
                                       return a.dueMs != b.dueMs ? a.dueMs < b.dueMs : a.id < b.id;
                                   });
        if (it == m_pending.end() || it->dueMs > target)
            break;
        Pending due = std::move(*it);
        m_pending.erase(it);
        m_nowMs = due.dueMs;
        if (due.context)
            due.callback();
    }
    m_nowMs = target;
}

int FakeClock::pendingCount() const
{
    return int(std::count_if(m_pending.cbegin(), m_pending.cend(),
                             [](const Pending &p) { return !p.context.isNull(); }));
}

qint64 FakeClock::nextDueInMs() const
{
    qint64 best = -1;
    for (const Pending &p : m_pending) {
        if (!p.context.isNull() && (best < 0 || p.dueMs - m_nowMs < best))
            best = p.dueMs - m_nowMs;
    }
    return best;
}

} // namespace claudette::test
