#pragma once

#include "core/util/clock.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QPointer>
#include <QTimer>

#include <atomic>

namespace claudette {

/// The real Clock (thread-safe): QElapsedTimer for monotonic time, single-shot QTimers (children of the
/// callback's context) for callbacks.
class SystemClock final : public Clock
{
public:
    SystemClock();

    qint64 monotonicMs() const override;
    QDateTime nowUtc() const override;
    TimerId callAfter(qint64 delayMs, QObject *context, std::function<void()> callback) override;
    void cancel(TimerId id) override;

private:
    QElapsedTimer m_elapsed;
    QMutex m_mutex; // guards m_timers

    QHash<TimerId, QPointer<QTimer>> m_timers;
    std::atomic<TimerId> m_nextId = 1;
};

} // namespace claudette
