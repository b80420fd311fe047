#include "app/readyfile.h"

#include <QEvent>
#include <QFile>
#include <QTimer>
#include <QtDebug>

namespace claudette {

ReadyFile::ReadyFile(QObject *watched, QString path)
    : QObject(watched)
    , m_path(std::move(path))
{
    watched->installEventFilter(this);
}

bool ReadyFile::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Paint && !m_pending) {
        m_pending = true;
        watched->removeEventFilter(this);
        // After this paint has reached the screen.
        QTimer::singleShot(0, this, &ReadyFile::write);
    }
    return false;
}

void ReadyFile::write()
{
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        qWarning("cannot write the ready file %s: %s", qPrintable(m_path),
                 qPrintable(file.errorString()));
    deleteLater();
}

} // namespace claudette
