#include "core/store/conversation.h"

#include <QCryptographicHash>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {

constexpr int kTitleLength = 60;

QString titleFromContent(const QJsonArray &content)
{
    for (const auto &block : content) {
        const QJsonObject b = block.toObject();
        if (b.value("type"_L1).toString() != "text"_L1)
            continue;
        QString text = b.value("text"_L1).toString().simplified();
        if (text.isEmpty())
            continue;
        if (text.size() <= kTitleLength)
            return text;
        // Cut at a word boundary when there is one in the second half.
        qsizetype cut = text.lastIndexOf(u' ', kTitleLength);
        if (cut < kTitleLength / 2)
            cut = kTitleLength;
        return text.left(cut) + u'…';
    }
    return {};
}

// Walks content blocks (and the blocks nested in tool_result content) and calls @p fn on each
// source object that @p match accepts, replacing it with what fn returns.
template<typename Match, typename Fn>
QJsonArray mapSources(const QJsonArray &content, const Match &match, const Fn &fn, bool *touched)
{
    QJsonArray out = content;
    for (qsizetype i = 0; i < content.size(); ++i) {
        if (!content.at(i).isObject())
            continue;
        QJsonObject block = content.at(i).toObject();
        bool changed = false;
        const QJsonValue source = block.value("source"_L1);
        if (source.isObject() && match(source.toObject())) {
            block.insert("source"_L1, fn(source.toObject(), block));
            changed = true;
        }
        const QJsonValue nested = block.value("content"_L1);
        if (nested.isArray()) {
            bool nestedTouched = false;
            const QJsonArray mapped = mapSources(nested.toArray(), match, fn, &nestedTouched);
            if (nestedTouched) {
                block.insert("content"_L1, mapped);
                changed = true;
            }
        }
        if (changed) {
            out.replace(i, block);
            *touched = true;
        }
    }
    return out;
}

bool isAttachmentRef(const QJsonObject &source)
{
    return source.value("type"_L1).toString() == "attachment"_L1;
}

} // namespace

Conversation::Conversation(QObject *parent)
    : QObject(parent)
{
    m_data.id = Turn::newId();
    m_data.created = QDateTime::currentDateTimeUtc();
    m_data.modified = m_data.created;
}

Conversation::Conversation(ConversationData data, QObject *parent)
    : QObject(parent)
    , m_data(std::move(data))
{
    rebuildIndex();
    rebuildBranch();
}

void Conversation::setData(ConversationData data)
{
    m_data = std::move(data);
    m_lastChild.clear();
    rebuildIndex();
    rebuildBranch();
    Q_EMIT currentBranchChanged();
    Q_EMIT titleChanged();
    Q_EMIT settingsChanged();
    Q_EMIT draftChanged();
    Q_EMIT changed();
}

void Conversation::setTitle(const QString &title)
{
    if (title == m_data.title)
        return;
    m_data.title = title;
    Q_EMIT titleChanged();
    Q_EMIT changed();
}

void Conversation::setSettings(const QJsonObject &settings)
{
    if (settings == m_data.settings)
        return;
    m_data.settings = settings;
    Q_EMIT settingsChanged();
    Q_EMIT changed();
}

void Conversation::setSetting(const QString &key, const QJsonValue &value)
{
    QJsonObject s = m_data.settings;
    if (value.isUndefined())
        s.remove(key);
    else
        s.insert(key, value);
    setSettings(s);
}

void Conversation::setDraft(const QJsonObject &draft)
{
    if (draft == m_data.draft)
        return;
    m_data.draft = draft;
    Q_EMIT draftChanged();
    Q_EMIT changed();
}

Turn Conversation::turn(const QString &id) const
{
    const auto it = m_index.constFind(id);
    return it == m_index.cend() ? Turn() : m_data.turns.at(*it);
}

int Conversation::siblingIndex(const QString &id) const
{
    const auto it = m_index.constFind(id);
    if (it == m_index.cend())
        return -1;
    return int(m_children.value(m_data.turns.at(*it).parentId).indexOf(id));
}

int Conversation::siblingCount(const QString &id) const
{
    const auto it = m_index.constFind(id);
    if (it == m_index.cend())
        return 0;
    return int(m_children.value(m_data.turns.at(*it).parentId).size());
}

bool Conversation::selectSibling(const QString &id, int index)
{
    const auto it = m_index.constFind(id);
    if (it == m_index.cend())
        return false;
    const QStringList siblings = m_children.value(m_data.turns.at(*it).parentId);
    if (index < 0 || index >= siblings.size())
        return false;
    return selectTurn(siblings.at(index));
}

bool Conversation::selectTurn(const QString &id)
{
    if (!m_index.contains(id))
        return false;
    const QString leaf = followLeaf(id);
    if (leaf == m_data.currentLeaf)
        return true;
    m_data.currentLeaf = leaf;
    rebuildBranch();
    Q_EMIT currentBranchChanged();
    Q_EMIT changed();
    return true;
}

QString Conversation::followLeaf(const QString &id) const
{
    QString node = id;
    for (;;) {
        const QStringList kids = m_children.value(node);
        if (kids.isEmpty())
            return node;
        const QString last = m_lastChild.value(node);
        node = kids.contains(last) ? last : kids.constLast();
    }
}

QString Conversation::appendUserTurn(const QJsonArray &content, const QString &parentId)
{
    Turn t;
    t.id = Turn::newId();
    t.parentId = parentId == currentLeafMarker() ? m_data.currentLeaf : parentId;
    t.role = u"user"_s;
    t.content = internAttachments(content);
    t.status = TurnStatus::Complete;
    t.created = QDateTime::currentDateTimeUtc();
    t.finished = t.created;
    if (m_data.title.isEmpty()) {
        const QString title = titleFromContent(content);
        if (!title.isEmpty())
            setTitle(title);
    }
    return insertTurn(std::move(t));
}

QString Conversation::beginAssistantTurn(const QString &model, const QJsonObject &params,
                                         const QString &parentId)
{
    Turn t;
    t.id = Turn::newId();
    t.parentId = parentId == currentLeafMarker() ? m_data.currentLeaf : parentId;
    t.role = u"assistant"_s;
    t.status = TurnStatus::Streaming;
    t.model = model;
    t.params = params;
    t.created = QDateTime::currentDateTimeUtc();
    return insertTurn(std::move(t));
}

QString Conversation::insertTurn(Turn turn)
{
    if (!turn.parentId.isEmpty() && !m_index.contains(turn.parentId))
        return {};
    const QString id = turn.id;
    const QString parent = turn.parentId;
    const bool extendsBranch = parent == m_data.currentLeaf;
    m_index.insert(id, m_data.turns.size());
    m_data.turns.append(std::move(turn));
    m_children[parent].append(id);
    m_lastChild.insert(parent, id);
    m_data.currentLeaf = id;
    m_data.modified = QDateTime::currentDateTimeUtc();
    if (extendsBranch) {
        m_branch.append(id);
        Q_EMIT turnAppended(id);
    } else {
        rebuildBranch();
        Q_EMIT currentBranchChanged();
    }
    Q_EMIT changed();
    return id;
}

bool Conversation::addTurn(const Turn &turn)
{
    if (turn.id.isEmpty() || m_index.contains(turn.id))
        return false;
    if (!turn.parentId.isEmpty() && !m_index.contains(turn.parentId))
        return false;
    const bool extendsBranch = turn.parentId == m_data.currentLeaf;
    m_index.insert(turn.id, m_data.turns.size());
    m_data.turns.append(turn);
    m_children[turn.parentId].append(turn.id);
    if (extendsBranch) {
        m_lastChild.insert(turn.parentId, turn.id);
        m_data.currentLeaf = turn.id;
        m_branch.append(turn.id);
        Q_EMIT turnAppended(turn.id);
    }
    Q_EMIT changed();
    return true;
}

Turn *Conversation::mutableTurn(const QString &id)
{
    const auto it = m_index.constFind(id);
    return it == m_index.cend() ? nullptr : &m_data.turns.mutableAt(*it);
}

void Conversation::setTurnContent(const QString &id, const QJsonArray &content)
{
    Turn *t = mutableTurn(id);
    if (!t)
        return;
    t->content = content;
    Q_EMIT turnChanged(id);
    Q_EMIT changed();
}

void Conversation::finishAssistantTurn(const QString &id, TurnStatus status,
                                       const QJsonObject &message, const TurnError &error)
{
    Turn *t = mutableTurn(id);
    if (!t)
        return;
    t->status = status;
    if (message.contains("content"_L1))
        t->content = message.value("content"_L1).toArray();
    if (message.contains("usage"_L1))
        t->usage = message.value("usage"_L1).toObject();
    if (message.value("stop_reason"_L1).isString())
        t->stopReason = message.value("stop_reason"_L1).toString();
    if (message.value("stop_sequence"_L1).isString())
        t->stopSequence = message.value("stop_sequence"_L1).toString();
    if (message.value("model"_L1).isString())
        t->model = message.value("model"_L1).toString();
    if (message.value("id"_L1).isString())
        t->extra.insert("message_id"_L1, message.value("id"_L1));
    t->error = error;
    if (!error.requestId.isEmpty() && t->requestId.isEmpty())
        t->requestId = error.requestId;
    t->finished = QDateTime::currentDateTimeUtc();
    m_data.modified = t->finished;
    Q_EMIT turnChanged(id);
    Q_EMIT changed();
}

void Conversation::setTurnCost(const QString &id, double usd)
{
    if (Turn *t = mutableTurn(id)) {
        t->costUsd = usd;
        Q_EMIT turnChanged(id);
        Q_EMIT changed();
    }
}

void Conversation::setTurnRequestId(const QString &id, const QString &requestId)
{
    if (Turn *t = mutableTurn(id)) {
        t->requestId = requestId;
        Q_EMIT turnChanged(id);
        Q_EMIT changed();
    }
}

QString Conversation::addAttachment(const QByteArray &base64, const QString &mediaType,
                                    const QString &name)
{
    const QByteArray bytes = QByteArray::fromBase64(base64);
    const QString sha =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    if (!m_data.attachments.contains(sha)) {
        QJsonObject entry;
        entry.insert("media_type"_L1, mediaType);
        if (!name.isEmpty())
            entry.insert("name"_L1, name);
        entry.insert("data"_L1, QString::fromLatin1(base64));
        m_data.attachments.insert(sha, entry);
        Q_EMIT changed();
    }
    return sha;
}

QJsonObject Conversation::attachment(const QString &sha256) const
{
    return m_data.attachments.value(sha256).toObject();
}

QJsonArray Conversation::internAttachments(const QJsonArray &content)
{
    bool touched = false;
    const auto isBase64 = [](const QJsonObject &s) {
        return s.value("type"_L1).toString() == "base64"_L1 && s.value("data"_L1).isString();
    };
    const auto intern = [this](const QJsonObject &s, const QJsonObject &block) {
        const QString sha =
            addAttachment(s.value("data"_L1).toString().toLatin1(),
                          s.value("media_type"_L1).toString(), block.value("title"_L1).toString());
        return QJsonObject{{"type"_L1, "attachment"_L1}, {"sha256"_L1, sha}};
    };
    return mapSources(content, isBase64, intern, &touched);
}

QJsonArray Conversation::expandAttachments(const QJsonArray &content) const
{
    bool touched = false;
    const auto expand = [this](const QJsonObject &s, const QJsonObject &) {
        const QJsonObject a = attachment(s.value("sha256"_L1).toString());
        return QJsonObject{{"type"_L1, "base64"_L1},
                           {"media_type"_L1, a.value("media_type"_L1)},
                           {"data"_L1, a.value("data"_L1)}};
    };
    return mapSources(content, isAttachmentRef, expand, &touched);
}

QJsonObject Conversation::referencedAttachments(const QJsonArray &content) const
{
    QJsonObject found;
    bool touched = false;
    const auto collect = [this, &found](const QJsonObject &s, const QJsonObject &) {
        const QString sha = s.value("sha256"_L1).toString();
        if (const QJsonObject a = attachment(sha); !a.isEmpty())
            found.insert(sha, a);
        return s;
    };
    mapSources(content, isAttachmentRef, collect, &touched);
    return found;
}

QJsonArray Conversation::messagesForApi() const
{
    QJsonArray messages;
    for (const QString &id : m_branch) {
        const Turn &t = m_data.turns.at(m_index.value(id));
        if (t.status == TurnStatus::Error || t.content.isEmpty())
            continue;
        messages.append(
            QJsonObject{{"role"_L1, t.role}, {"content"_L1, expandAttachments(t.content)}});
    }
    return messages;
}

void Conversation::rebuildIndex()
{
    m_index.clear();
    m_children.clear();
    m_index.reserve(m_data.turns.size());
    for (qsizetype i = 0; i < m_data.turns.size(); ++i) {
        const Turn &t = m_data.turns.at(i);
        m_index.insert(t.id, i);
        m_children[t.parentId].append(t.id);
    }
    if (!m_data.currentLeaf.isEmpty() && !m_index.contains(m_data.currentLeaf))
        m_data.currentLeaf.clear();
    if (m_data.currentLeaf.isEmpty() && !m_data.turns.isEmpty())
        m_data.currentLeaf = followLeaf(QString());
    // A leaf stored in a file may be an inner turn: go down to its newest leaf.
    if (!m_data.currentLeaf.isEmpty())
        m_data.currentLeaf = followLeaf(m_data.currentLeaf);
}

void Conversation::rebuildBranch()
{
    m_branch.clear();
    QString node = m_data.currentLeaf;
    while (!node.isEmpty()) {
        m_branch.prepend(node);
        const QString parent = m_data.turns.at(m_index.value(node)).parentId;
        m_lastChild.insert(parent, node);
        node = parent;
    }
}

} // namespace claudette
