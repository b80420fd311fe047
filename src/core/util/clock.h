#pragma once

#include <QDateTime>
#include <QtGlobal>

#include <functional>

class QObject;

namespace claudette {

/**
 * Time and timers behind an interface, so code that waits (retries, timeouts) can be tested
 * without sleeping: production code uses Clock::system() (QElapsedTimer and QTimer), tests a
 * FakeClock they advance by hand.
 *
 * Callbacks run on the thread of @p context; a callback never runs after its context was
 * destroyed or after cancel() was called with its id.
 */
class Clock
{
public:
    using TimerId = quint64;

    virtual ~Clock() = default;

    /// Milliseconds on a monotonic clock (arbitrary origin).
    virtual qint64 monotonicMs() const = 0;
    /// The current wall-clock time in UTC (used for HTTP dates such as `retry-after`).
    virtual QDateTime nowUtc() const = 0;
    /// Calls @p callback once after @p delayMs (0 or less: on the next turn of the event loop).
    virtual TimerId callAfter(qint64 delayMs, QObject *context, std::function<void()> callback) = 0;
    /// Cancels a pending callback; unknown or already fired ids are ignored.
    virtual void cancel(TimerId id) = 0;

    /// The process-wide real clock.
    static Clock *system();
};

} // namespace claudette
