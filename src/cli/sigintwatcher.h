#pragma once

#include <QObject>

class QSocketNotifier;

namespace claudette::cli {

/**
 * Turns SIGINT (Ctrl-C) into a Qt signal delivered by the event loop: the handler only writes a
 * byte to a pipe (async-signal-safe); a QSocketNotifier reads it and emits interrupted(). While a
 * watcher exists, Ctrl-C no longer kills the process, so what arrived can be printed first.
 * One watcher at a time.
 */
class SigintWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SigintWatcher(QObject *parent = nullptr);
    ~SigintWatcher() override;

    /// False when the handler could not be installed (the default action then applies).
    bool isActive() const { return m_notifier != nullptr; }

Q_SIGNALS:
    void interrupted();

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace claudette::cli
