#include "core/store/conversationstore.h"

#include "core/api/accumulator.h"
#include "core/api/jsonparser.h"
#include "core/store/autosaver.h"
#include "core/store/conversationfile.h"
#include "core/store/conversationwatcher.h"
#include "core/store/filelock.h"
#include "core/store/journal.h"
#include "core/util/frameinterval.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStore, "claudette.store")

namespace claudette {

namespace {
/// A tool-loop run cut off by a crash leaves its last reply's tool_use blocks unanswered (the
/// tool was running, or about to): the API refuses a history like that. Each gets an error
/// tool_result, so the next request is valid; nothing runs again unless the model asks again.
bool answerOpenToolUses(ConversationData &data)
{
    qsizetype leaf = -1;
    for (qsizetype i = 0; i < data.turns.size(); ++i)
        if (data.turns.at(i).id == data.currentLeaf)
            leaf = i;
    if (leaf < 0)
        return false;
    const Turn &last = data.turns.at(leaf);
    if (!last.isAssistant() || last.status == TurnStatus::Error)
        return false;
    for (const Turn &t : std::as_const(data.turns))
        if (t.parentId == last.id)
            return false; // answered (the stored leaf was an inner turn)
    QJsonArray results;
    for (const QJsonValue &v : last.content) {
        const QJsonObject block = v.toObject();
        if (block.value("type"_L1).toString() == "tool_use"_L1)
            results.append(QJsonObject{
                {"type"_L1, "tool_result"_L1},
                {"tool_use_id"_L1, block.value("id"_L1).toString()},
                {"content"_L1, QJsonArray{QJsonObject{{"type"_L1, "text"_L1},
                                                      {"text"_L1, "Not run (interrupted)."_L1}}}},
                {"is_error"_L1, true}});
    }
    if (results.isEmpty())
        return false;
    Turn answer;
    answer.id = Turn::newId();
    answer.parentId = last.id;
    answer.role = u"user"_s;
    answer.content = results;
    answer.created = QDateTime::currentDateTimeUtc();
    answer.finished = answer.created;
    data.currentLeaf = answer.id;
    data.turns.append(std::move(answer));
    qCInfo(lcStore) << "answered" << results.size() << "tool calls cut off by a crash";
    return true;
}
} // namespace

ConversationStore::ConversationStore(const QString &journalDirectory, QObject *parent)
    : QObject(parent)
    , m_journalDir(journalDirectory)
    , m_journal(new Journal(journalDirectory, this))
    , m_reply(new Accumulator(this))
{
    m_materialize.setSingleShot(true);
    m_materialize.setInterval(kFrameIntervalMs);
    connect(&m_materialize, &QTimer::timeout, this, &ConversationStore::materialize);
}

ConversationStore::~ConversationStore()
{
    close();
}

ConversationStore::OpenResult ConversationStore::create(const QString &path,
                                                        const QJsonObject &settings)
{
    close();
    if (QFileInfo::exists(path)) {
        OpenResult r;
        r.errorString = tr("Cannot create %1: a file of that name exists.").arg(path);
        return r;
    }
    ConversationData d;
    d.id = Turn::newId();
    d.created = QDateTime::currentDateTimeUtc();
    d.modified = d.created;
    d.settings = settings;
    OpenResult r = attach(std::move(d), path);
    if (r.ok && !r.readOnly) {
        m_saver->saveNow();
        if (!m_saver->waitForIdle()) {
            r.ok = false;
            r.errorString = tr("Cannot create %1.").arg(path);
            close();
        }
    }
    return r;
}

ConversationStore::OpenResult ConversationStore::open(const QString &path)
{
    close();
    ConversationFile::LoadResult loaded = ConversationFile::load(path);
    if (!loaded.ok()) {
        OpenResult r;
        r.errorString = loaded.errorString;
        return r;
    }
    return attach(std::move(*loaded.data), path);
}

ConversationStore::OpenResult ConversationStore::attach(ConversationData data, const QString &path)
{
    OpenResult r;
    r.ok = true;
    m_path = QFileInfo(path).absoluteFilePath();
    m_lock = std::make_unique<FileLock>(m_path);
    m_readOnly = !m_lock->tryLock();
    if (m_readOnly) {
        r.readOnly = true;
        r.readOnlyReason = m_lock->errorString();
        qCInfo(lcStore) << "opening read-only:" << r.readOnlyReason;
    }

    bool dirty = false;
    if (!m_readOnly) {
        const QString journalPath = Journal::pathFor(m_journalDir, data.id);
        const Journal::Replay replay = Journal::replay(journalPath);
        if (replay.found && replay.valid) {
            Turn restored = replay.turn;
            // Turns the reply builds on that had not reached the file (the prompt just sent).
            // A turn the file has only as streaming (saved mid-stream, its end not saved yet:
            // the step before this one in a tool loop) is taken as the header has it.
            for (const Turn &b : replay.before) {
                qsizetype known = -1;
                bool parentOk = b.parentId.isEmpty();
                for (qsizetype i = 0; i < data.turns.size(); ++i) {
                    if (data.turns.at(i).id == b.id)
                        known = i;
                    parentOk = parentOk || data.turns.at(i).id == b.parentId;
                }
                if (known < 0 && parentOk)
                    data.turns.append(b);
                else if (known >= 0 && data.turns.at(known).status == TurnStatus::Streaming &&
                         b.status != TurnStatus::Streaming)
                    data.turns.replace(known, b);
            }
            for (auto it = replay.attachments.begin(); it != replay.attachments.end(); ++it) {
                if (!data.attachments.contains(it.key()))
                    data.attachments.insert(it.key(), it.value());
            }
            qsizetype existing = -1;
            for (qsizetype i = 0; i < data.turns.size(); ++i) {
                if (data.turns.at(i).id == restored.id)
                    existing = i;
            }
            bool parentKnown = restored.parentId.isEmpty();
            for (const Turn &t : std::as_const(data.turns))
                parentKnown = parentKnown || t.id == restored.parentId;
            if (existing >= 0 && data.turns.at(existing).status != TurnStatus::Streaming) {
                // The file already has the finished turn: the journal only outlived its save.
                QFile::remove(journalPath);
            } else if (existing >= 0 || parentKnown) {
                if (existing >= 0)
                    data.turns.replace(existing, restored);
                else
                    data.turns.append(restored);
                data.currentLeaf = restored.id;
                r.replayedJournal = true;
                dirty = true;
                qCInfo(lcStore) << "restored an interrupted reply from" << journalPath << "with"
                                << replay.events << "events";
            } else {
                qCWarning(lcStore)
                    << "journal" << journalPath << "belongs to an unknown turn; kept";
            }
        } else if (replay.found) {
            qCWarning(lcStore) << "unreadable journal" << journalPath << replay.errorString
                               << "; moved aside";
            QFile::rename(journalPath, journalPath + u".unreadable"_s);
        }
        // A reply saved while streaming whose journal is gone was cut off too.
        for (qsizetype i = 0; i < data.turns.size(); ++i) {
            if (data.turns.at(i).status == TurnStatus::Streaming) {
                data.turns.mutableAt(i).status = TurnStatus::Interrupted;
                dirty = true;
            }
        }
        dirty = answerOpenToolUses(data) || dirty;
    }

    m_conversation = new Conversation(std::move(data), this);
    m_saver = new AutoSaver(m_conversation, m_path, this);
    m_saver->setEnabled(!m_readOnly);
    connect(m_saver, &AutoSaver::saved, this, &ConversationStore::onSaved);
    connect(m_saver, &AutoSaver::failed, this, &ConversationStore::saveFailed);
    if (m_readOnly) {
        m_watcher = new ConversationWatcher(m_path, this);
        connect(m_watcher, &ConversationWatcher::fileChanged, this, &ConversationStore::reload);
    }
    if (dirty) {
        m_saver->markDirty();
        m_journalDoneGeneration = m_saver->generation();
        m_saver->saveNow();
    }
    return r;
}

void ConversationStore::close()
{
    if (!m_conversation)
        return;
    if (!m_streamingId.isEmpty())
        finishReply(TurnStatus::Interrupted);
    if (m_saver && !m_readOnly)
        m_saver->waitForIdle();
    delete m_saver;
    delete m_watcher;
    delete m_conversation;
    m_lock.reset();
    m_path.clear();
    m_readOnly = false;
    m_pendingCommits.clear();
    m_journalDoneGeneration = 0;
}

QString ConversationStore::commitUserTurn(const QJsonArray &content, const QString &parentId)
{
    if (!m_conversation || m_readOnly)
        return {};
    QString id = m_conversation->appendUserTurn(content, parentId);
    if (id.isEmpty())
        return {};
    m_pendingCommits.append({m_saver->generation(), id});
    m_saver->saveNow();
    return id;
}

bool ConversationStore::waitForSaved()
{
    if (!m_saver || m_readOnly)
        return false;
    return m_saver->waitForIdle();
}

QString ConversationStore::beginReply(const QString &model, const QJsonObject &params,
                                      const QString &parentId)
{
    if (!m_conversation || m_readOnly)
        return {};
    if (!m_streamingId.isEmpty())
        finishReply(TurnStatus::Interrupted);
    m_streamingId = m_conversation->beginAssistantTurn(model, params, parentId);
    if (m_streamingId.isEmpty())
        return {};
    m_reply->reset();
    beginJournal(m_conversation->turn(m_streamingId));
    return m_streamingId;
}

void ConversationStore::appendEvent(QByteArrayView eventJson)
{
    if (m_streamingId.isEmpty())
        return;
    const std::optional<QJsonValue> event = JsonParser::parse(eventJson);
    if (!event || !event->isObject()) {
        qCWarning(lcStore) << "ignoring an event that is not a JSON object";
        return;
    }
    m_journal->append(eventJson);
    m_reply->applyEvent(Journal::eventName(event->toObject()), eventJson);
    if (!m_materialize.isActive())
        m_materialize.start();
}

void ConversationStore::appendEvent(const QJsonObject &event)
{
    if (m_streamingId.isEmpty())
        return;
    const QByteArray json = QJsonDocument(event).toJson(QJsonDocument::Compact);
    m_journal->append(json);
    m_reply->applyEvent(Journal::eventName(event), json);
    if (!m_materialize.isActive())
        m_materialize.start();
}

void ConversationStore::materialize()
{
    if (!m_streamingId.isEmpty() && m_conversation)
        m_conversation->setTurnContent(m_streamingId,
                                       m_reply->message().value("content"_L1).toArray());
}

void ConversationStore::finishReply(TurnStatus status, const QJsonObject &message,
                                    const TurnError &error, std::optional<double> costUsd)
{
    if (m_streamingId.isEmpty() || !m_conversation)
        return;
    m_materialize.stop();
    m_journal->close();
    const QString id = m_streamingId;
    m_streamingId.clear();
    m_conversation->finishAssistantTurn(id, status,
                                        message.isEmpty() ? m_reply->message() : message, error);
    if (costUsd)
        m_conversation->setTurnCost(id, *costUsd);
    m_journalDoneGeneration = m_saver->generation();
    m_saver->saveNow();
}

bool ConversationStore::journalReply(const QString &turnId)
{
    if (!m_conversation || m_readOnly || !m_streamingId.isEmpty() ||
        !m_conversation->contains(turnId))
        return false;
    // The prompt goes into the journal's header too: it is on disk (with the attachments it
    // uses) before the request leaves, even when the autosave has not run yet.
    // A tool-loop step builds on the tool results just added and on the step before them, whose
    // save may not have reached the file either: both go into the header.
    const Turn reply = m_conversation->turn(turnId);
    QList<Turn> before;
    QJsonObject attachments;
    if (m_conversation->contains(reply.parentId)) {
        const Turn prompt = m_conversation->turn(reply.parentId);
        before.append(prompt);
        attachments = m_conversation->referencedAttachments(prompt.content);
        const bool toolResults =
            !prompt.content.isEmpty() &&
            prompt.content.first().toObject().value("type"_L1).toString() == "tool_result"_L1;
        if (toolResults && m_conversation->contains(prompt.parentId))
            before.prepend(m_conversation->turn(prompt.parentId));
    }
    // This journal replaces the last one: a save still on its way must not remove it.
    m_journalDoneGeneration = 0;
    return beginJournal(reply, before, attachments);
}

bool ConversationStore::beginJournal(const Turn &reply, const QList<Turn> &before,
                                     const QJsonObject &attachments)
{
    if (m_journal->begin(m_conversation->id(), reply, before, attachments))
        return true;
    // The reply still streams and is saved when it ends; only a crash meanwhile would lose it.
    qCWarning(lcStore) << "streaming without a journal:" << m_journal->errorString();
    return false;
}

void ConversationStore::journalEvent(QByteArrayView eventJson)
{
    if (m_streamingId.isEmpty() && m_journal->isOpen())
        m_journal->append(eventJson);
}

void ConversationStore::endJournal()
{
    if (!m_streamingId.isEmpty() || !m_journal->isOpen())
        return;
    m_journal->close();
    m_journalDoneGeneration = m_saver->generation();
    m_saver->saveNow();
}

void ConversationStore::saveSoon()
{
    if (m_saver && !m_readOnly)
        m_saver->saveNow();
}

bool ConversationStore::relocate(const QString &newPath)
{
    if (!m_conversation)
        return false;
    const QString abs = QFileInfo(newPath).absoluteFilePath();
    auto lock = std::make_unique<FileLock>(abs);
    if (!m_readOnly && !lock->tryLock())
        return false;
    if (m_saver)
        m_saver->waitForIdle();
    m_lock = std::move(lock);
    m_path = abs;
    m_saver->setPath(abs);
    if (m_watcher) {
        delete m_watcher;
        m_watcher = new ConversationWatcher(m_path, this);
        connect(m_watcher, &ConversationWatcher::fileChanged, this, &ConversationStore::reload);
    }
    return true;
}

void ConversationStore::onSaved(quint64 generation)
{
    for (qsizetype i = 0; i < m_pendingCommits.size();) {
        if (m_pendingCommits.at(i).first <= generation) {
            const QString id = m_pendingCommits.at(i).second;
            m_pendingCommits.remove(i);
            Q_EMIT turnCommitted(id);
        } else {
            ++i;
        }
    }
    if (m_journalDoneGeneration != 0 && generation >= m_journalDoneGeneration &&
        m_streamingId.isEmpty() && !m_journal->isOpen()) {
        m_journalDoneGeneration = 0;
        if (m_conversation)
            QFile::remove(Journal::pathFor(m_journalDir, m_conversation->id()));
    }
    Q_EMIT saved();
}

void ConversationStore::reload()
{
    if (!m_conversation || !m_readOnly)
        return;
    ConversationFile::LoadResult loaded = ConversationFile::load(m_path);
    if (!loaded.ok()) {
        // Caught mid-replace or damaged: keep what we have; the next change tries again.
        qCInfo(lcStore) << "reload failed:" << loaded.errorString;
        return;
    }
    m_conversation->setData(std::move(*loaded.data));
    Q_EMIT reloaded();
}

} // namespace claudette
