#include "core/util/systemclock.h"

#include <QMutexLocker>

#include <chrono>

namespace claudette {

SystemClock::SystemClock()
{
    m_elapsed.start();
}

qint64 SystemClock::monotonicMs() const
{
    return m_elapsed.elapsed();
}

QDateTime SystemClock::nowUtc() const
{
    return QDateTime::currentDateTimeUtc();
}

Clock::TimerId SystemClock::callAfter(qint64 delayMs, QObject *context,
                                      std::function<void()> callback)
{
    const TimerId id = m_nextId++;
    // The timer is a child of the context: destroying the context destroys the timer, so the
    // callback cannot run on a dead object.
    auto *timer = new QTimer(context);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer);
    timer->setInterval(std::chrono::milliseconds(qMax<qint64>(0, delayMs)));
    QObject::connect(timer, &QTimer::timeout, timer, [this, id, timer, cb = std::move(callback)] {
        {
            const QMutexLocker lock(&m_mutex);
            m_timers.remove(id);
        }
        timer->deleteLater();
        cb();
    });
    // Drop entries whose timer died with its context, so the table does not grow.
    const QMutexLocker lock(&m_mutex);
    if (m_timers.size() > 64) {
        m_timers.removeIf([](const auto &it) { return it.value().isNull(); });
    }
    m_timers.insert(id, timer);
    timer->start();
    return id;
}

void SystemClock::cancel(TimerId id)
{
    QPointer<QTimer> timer;
    {
        const QMutexLocker lock(&m_mutex);
        timer = m_timers.take(id);
    }
    if (timer) {
        timer->stop();
        timer->deleteLater();
    }
}

} // namespace claudette
