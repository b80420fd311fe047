#include "core/demo/demoplayer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDemo, "claudette.demo")

// The demo's recordings are a resource of the static claudette-core library: register it
// explicitly, since the linker may drop the unreferenced initializer object. Q_INIT_RESOURCE must
// be used outside any namespace.
static void initDemoResources()
{
    Q_INIT_RESOURCE(demo);
}

namespace claudette {

DemoPlayer::DemoPlayer(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(30);
    connect(&m_timer, &QTimer::timeout, this, &DemoPlayer::tick);
}

QString DemoPlayer::defaultScript()
{
    static const bool registered = (initDemoResources(), true);
    Q_UNUSED(registered);
    return u":/demo/demo.json"_s;
}

std::optional<QList<DemoPlayer::Step>> DemoPlayer::loadScript(const QString &scriptPath,
                                                              QString *errorString)
{
    const auto fail = [errorString](const QString &message) -> std::optional<QList<Step>> {
        qCWarning(lcDemo) << message;
        if (errorString)
            *errorString = message;
        return std::nullopt;
    };
    QFile file(scriptPath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("Cannot read the demo script %1: %2").arg(scriptPath, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject())
        return fail(tr("The demo script %1 is not valid JSON: %2")
                        .arg(scriptPath, parseError.errorString()));
    const QJsonArray steps = document.object().value("steps"_L1).toArray();
    if (steps.isEmpty())
        return fail(tr("The demo script %1 has no steps.").arg(scriptPath));
    const QDir dir = QFileInfo(scriptPath).dir();
    QList<Step> result;
    for (const QJsonValue &value : steps) {
        const QJsonObject object = value.toObject();
        Step step;
        step.prompt = object.value("prompt"_L1).toString();
        step.prefill = object.value("prefill"_L1).toString();
        step.recordingName = object.value("recording"_L1).toString();
        if (step.prompt.isEmpty() || step.recordingName.isEmpty() ||
            step.recordingName.contains(u'/'))
            return fail(
                tr("A step of the demo script %1 lacks a prompt or a recording.").arg(scriptPath));
        QFile recording(dir.filePath(step.recordingName));
        if (!recording.open(QIODevice::ReadOnly))
            return fail(tr("Cannot read the demo recording %1: %2")
                            .arg(recording.fileName(), recording.errorString()));
        step.recording = recording.readAll();
        result.append(step);
    }
    return result;
}

void DemoPlayer::play(const QByteArray &recording)
{
    m_timer.stop();
    m_parser.reset();
    m_accumulator.reset();
    m_recording = recording;
    m_position = 0;
    m_timer.start();
}

void DemoPlayer::stop()
{
    m_timer.stop();
}

void DemoPlayer::tick()
{
    const QByteArrayView chunk = QByteArrayView(m_recording).mid(m_position, m_chunkSize);
    m_position += chunk.size();
    for (const SseEvent &event : m_parser.feed(chunk))
        m_accumulator.apply(event);
    if (m_accumulator.hasFailed()) {
        m_timer.stop();
        Q_EMIT failed(m_accumulator.error());
        return;
    }
    Q_EMIT progressed();
    if (m_position < m_recording.size())
        return;
    m_timer.stop();
    // The recording ended: an event still pending (no blank line after the last one) is complete.
    for (const SseEvent &event : m_parser.feed("\n\n"))
        m_accumulator.apply(event);
    if (!m_accumulator.endOfStream()) {
        Q_EMIT failed(m_accumulator.error());
        return;
    }
    Q_EMIT finished(m_accumulator.message());
}

} // namespace claudette
