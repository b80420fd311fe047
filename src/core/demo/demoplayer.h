#pragma once

#include "core/api/accumulator.h"
#include "core/api/sseparser.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTimer>

#include <optional>

namespace claudette {

/**
 * The offline demo: replays recorded SSE responses through the same SseParser and Accumulator a
 * live reply goes through, a chunk of bytes per timer tick, so the GUI shows them exactly as it
 * shows a real stream, at a realistic pace. Nothing is sent anywhere.
 *
 * The script (`demo.json`, in the `:/demo` resources by default) lists steps: a prompt to show as
 * the user's message, an optional prefill the reply starts with, and the recording to replay.
 */
class DemoPlayer : public QObject
{
    Q_OBJECT
public:
    struct Step
    {
        QString prompt;
        QString prefill;
        QString recordingName;
        QByteArray recording;
    };

    explicit DemoPlayer(QObject *parent = nullptr);

    /// Reads the script @p scriptPath and the recordings next to it. nullopt with @p errorString
    /// set when the script or a recording is missing or malformed.
    static std::optional<QList<Step>> loadScript(const QString &scriptPath = defaultScript(),
                                                 QString *errorString = nullptr);
    static QString defaultScript();

    /// Bytes fed per tick (default 48) and the tick interval in ms (default 30).
    void setChunkSize(int bytes) { m_chunkSize = std::max(1, bytes); }
    void setInterval(int ms) { m_timer.setInterval(ms); }

    /// Starts replaying @p recording. A replay already running is abandoned.
    void play(const QByteArray &recording);
    void stop();
    bool isPlaying() const { return m_timer.isActive(); }

    /// The accumulator the recording is fed through (its signals follow the reply delta by delta).
    Accumulator *accumulator() { return &m_accumulator; }
    QJsonObject message() const { return m_accumulator.message(); }

Q_SIGNALS:
    /// A chunk was fed and the message changed.
    void progressed();
    void finished(const QJsonObject &message);
    void failed(const QString &errorString);

private:
    void tick();

    SseParser m_parser;
    Accumulator m_accumulator;
    QByteArray m_recording;
    qsizetype m_position = 0;
    int m_chunkSize = 48;
    QTimer m_timer;
};

} // namespace claudette
