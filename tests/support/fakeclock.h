#pragma once

#include "core/util/clock.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace claudette::test {

/**
 * A Clock for tests: time stands still until advance() moves it, and advance() runs every
 * callback that falls due, in order of due time (then of scheduling). Emits scheduled() when a
 * callback is scheduled, so a test can wait for "the client is now waiting to retry" and then
 * advance instead of sleeping.
 */
class FakeClock : public QObject, public Clock
{
    Q_OBJECT
public:
    explicit FakeClock(QObject *parent = nullptr);

    qint64 monotonicMs() const override { return m_nowMs; }
    QDateTime nowUtc() const override;
    TimerId callAfter(qint64 delayMs, QObject *context, std::function<void()> callback) override;
    void cancel(TimerId id) override;

    /// Moves time forward by @p ms, running the callbacks that fall due on the way.
    void advance(qint64 ms);
    /// Sets the wall-clock time returned by nowUtc() at the current monotonic time.
    void setNowUtc(const QDateTime &utc);
    /// Number of callbacks waiting.
    int pendingCount() const;
    /// Delay until the earliest pending callback, or -1 when none is pending.
    qint64 nextDueInMs() const;

Q_SIGNALS:
    void scheduled(qint64 delayMs);

private:
    struct Pending
    {
        TimerId id;
        qint64 dueMs;
        QPointer<QObject> context;
        std::function<void()> callback;
    };
    QList<Pending> m_pending;
    qint64 m_nowMs = 1'000'000;
    QDateTime m_wallAtStart;
    qint64 m_wallOffsetMs = 1'000'000;
    TimerId m_nextId = 1;
};

} // namespace claudette::test
