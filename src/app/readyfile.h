#pragma once

#include <QObject>
#include <QString>

namespace claudette {

/// Writes a file once the watched widget has been painted for the first time, so that scripts
/// (packaging/dev.sh screenshot) know when the window is really on screen. Deletes itself after.
class ReadyFile : public QObject
{
    Q_OBJECT
public:
    ReadyFile(QObject *watched, QString path);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void write();

    QString m_path;
    bool m_pending = false;
};

} // namespace claudette
