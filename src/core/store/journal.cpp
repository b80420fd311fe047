#include "core/store/journal.h"

#include "core/api/accumulator.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcJournal, "claudette.store.journal")

namespace claudette {

Journal::Journal(const QString &directory, QObject *parent)
    : QObject(parent)
    , m_directory(directory)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kFlushIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] { writePending(); });
}

Journal::~Journal()
{
    close();
}

QString Journal::pathFor(const QString &directory, const QString &conversationId)
{
    return QDir(directory).filePath(conversationId + u".jsonl"_s);
}

bool Journal::begin(const QString &conversationId, const Turn &turn, const QList<Turn> &before,
                    const QJsonObject &attachments)
{
    close();
    if (!QDir().mkpath(m_directory)) {
        qCWarning(lcJournal) << "cannot create the journal folder" << m_directory;
        return false;
    }
    m_file.setFileName(pathFor(m_directory, conversationId));
    // Unbuffered: our own buffer decides when bytes reach the OS.
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered)) {
        qCWarning(lcJournal) << "cannot open" << m_file.fileName() << m_file.errorString();
        return false;
    }
    m_seq = 0;
    m_flushedSeq = 0;
    m_pending.clear();
    QJsonObject header;
    header.insert("seq"_L1, 0);
    header.insert("journal"_L1, "claudette"_L1);
    header.insert("version"_L1, 1);
    header.insert("conversation"_L1, conversationId);
    header.insert("turn"_L1, turn.toJson());
    if (!before.isEmpty()) {
        QJsonArray turns;
        for (const Turn &t : before)
            turns.append(t.toJson());
        header.insert("before"_L1, turns);
    }
    if (!attachments.isEmpty())
        header.insert("attachments"_L1, attachments);
    m_pending = QJsonDocument(header).toJson(QJsonDocument::Compact) + '\n';
    return writePending();
}

bool Journal::append(QByteArrayView eventJson)
{
    if (!m_file.isOpen())
        return false;
    ++m_seq;
    const qsizetype start = m_pending.size();
    m_pending += "{\"seq\":" + QByteArray::number(m_seq) + ",\"event\":";
    m_pending += eventJson;
    // JSON strings cannot hold raw line breaks, so any here are whitespace: keep one line.
    for (qsizetype i = start; i < m_pending.size(); ++i) {
        if (m_pending.at(i) == '\n' || m_pending.at(i) == '\r')
            m_pending[i] = ' ';
    }
    m_pending += "}\n";
    if (!m_sinceWrite.isValid() || m_sinceWrite.elapsed() >= kFlushIntervalMs)
        return writePending();
    if (!m_timer.isActive())
        m_timer.start();
    return true;
}

bool Journal::flush()
{
    return writePending();
}

bool Journal::writePending()
{
    m_timer.stop();
    m_sinceWrite.start();
    if (m_pending.isEmpty() || !m_file.isOpen())
        return true;
    const qint64 written = m_file.write(m_pending);
    if (written != m_pending.size()) {
        qCWarning(lcJournal) << "cannot write" << m_file.fileName() << m_file.errorString();
        m_pending.remove(0, qMax<qint64>(written, 0));
        return false;
    }
    m_pending.clear();
    m_flushedSeq = m_seq;
    return true;
}

void Journal::close()
{
    if (m_file.isOpen()) {
        writePending();
        m_file.close();
    }
    m_timer.stop();
}

bool Journal::remove()
{
    close();
    m_pending.clear();
    if (m_file.fileName().isEmpty() || !m_file.exists())
        return true;
    return m_file.remove();
}

Journal::Replay Journal::replay(const QString &path)
{
    Replay r;
    QFile file(path);
    if (!file.exists())
        return r;
    r.found = true;
    if (!file.open(QIODevice::ReadOnly)) {
        r.errorString = file.errorString();
        return r;
    }
    const QByteArray bytes = file.readAll();
    qsizetype pos = 0;
    Accumulator reply;
    qint64 expected = 0;
    while (pos < bytes.size()) {
        const qsizetype nl = bytes.indexOf('\n', pos);
        if (nl < 0)
            break; // the last line was cut off mid-write: ignore it
        const QByteArrayView line = QByteArrayView(bytes).sliced(pos, nl - pos);
        pos = nl + 1;
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray(), &err);
        if (!doc.isObject()) {
            r.errorString = u"unreadable line after event %1"_s.arg(expected - 1);
            break;
        }
        const QJsonObject o = doc.object();
        if (o.value("seq"_L1).toInteger(-1) != expected) {
            r.errorString = u"sequence gap after event %1"_s.arg(expected - 1);
            break;
        }
        if (expected == 0) {
            QString error;
            auto turn = Turn::fromJson(o.value("turn"_L1).toObject(), &error);
            if (o.value("journal"_L1).toString() != "claudette"_L1 || !turn) {
                r.errorString = u"not a claudette journal"_s;
                return r;
            }
            r.valid = true;
            r.conversationId = o.value("conversation"_L1).toString();
            r.turn = std::move(*turn);
            for (const QJsonValue &v : o.value("before"_L1).toArray()) {
                if (auto b = Turn::fromJson(v.toObject(), &error))
                    r.before.append(std::move(*b));
            }
            r.attachments = o.value("attachments"_L1).toObject();
        } else {
            // Events after a stream error are ignored, as while streaming.
            const QJsonObject event = o.value("event"_L1).toObject();
            reply.applyEvent(eventName(event), QJsonDocument(event).toJson(QJsonDocument::Compact));
            ++r.events;
        }
        ++expected;
    }
    if (!r.valid) {
        if (r.errorString.isEmpty())
            r.errorString = u"the journal has no header"_s;
        return r;
    }
    const QJsonObject message = reply.message();
    r.turn.content = message.value("content"_L1).toArray();
    const QJsonObject usage = message.value("usage"_L1).toObject();
    if (!usage.isEmpty())
        r.turn.usage = usage;
    if (!message.value("model"_L1).toString().isEmpty())
        r.turn.model = message.value("model"_L1).toString();
    r.turn.stopReason = message.value("stop_reason"_L1).toString();
    r.turn.stopSequence = message.value("stop_sequence"_L1).toString();
    r.complete = reply.isFinished();
    r.turn.status = r.complete ? TurnStatus::Complete : TurnStatus::Interrupted;
    return r;
}

QByteArray Journal::eventName(const QJsonObject &event)
{
    return event.value("type"_L1).toString().toUtf8();
}

} // namespace claudette
