#include "gui/transcript/transcriptmodel.h"

#include "core/store/conversation.h"
#include "core/usage/usage.h"
#include "core/util/frameinterval.h"
#include "gui/transcript/messagewidget.h"

#include <QLocale>

#include <utility>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {

QVariantMap errorMap(const TurnError &error)
{
    if (error.isEmpty())
        return {};
    return {
        {u"kind"_s, error.kind},           {u"type"_s, error.type},
        {u"message"_s, error.message},     {u"httpStatus"_s, error.httpStatus},
        {u"requestId"_s, error.requestId},
    };
}

QString statusText(const Turn &turn)
{
    switch (turn.status) {
    case TurnStatus::Complete:
        return {};
    case TurnStatus::Streaming:
        return TranscriptModel::tr("Streaming…");
    case TurnStatus::Stopped:
        return TranscriptModel::tr("Stopped");
    case TurnStatus::Interrupted:
        return TranscriptModel::tr("Interrupted");
    case TurnStatus::Error:
        return turn.error.message.isEmpty()
                   ? TranscriptModel::tr("Error")
                   : TranscriptModel::tr("Error: %1").arg(turn.error.message);
    }
    return {};
}

QString statusToolTip(const Turn &turn)
{
    if (!turn.isAssistant())
        return {};
    QStringList lines;
    if (!turn.model.isEmpty())
        lines << TranscriptModel::tr("Model: %1").arg(turn.model);
    if (!turn.usage.isEmpty()) {
        const Usage usage = Usage::fromJson(turn.usage);
        lines << TranscriptModel::tr("Tokens: %1 in, %2 out")
                     .arg(usage.totalInputTokens())
                     .arg(usage.outputTokens);
    }
    if (turn.costUsd)
        lines << TranscriptModel::tr("Cost: $%1").arg(QLocale().toString(*turn.costUsd, 'f', 4));
    if (!turn.requestId.isEmpty())
        lines << TranscriptModel::tr("Request id: %1").arg(turn.requestId);
    if (!turn.stopReason.isEmpty())
        lines << TranscriptModel::tr("Stop reason: %1").arg(turn.stopReason);
    return lines.join(u'\n');
}

} // namespace

TranscriptModel::TranscriptModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kFrameIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &TranscriptModel::flush);
}

TranscriptModel::~TranscriptModel() = default;

void TranscriptModel::setConversation(Conversation *conversation)
{
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_conversation = conversation;
    if (conversation) {
        m_connections << connect(conversation, &Conversation::turnAppended, this,
                                 &TranscriptModel::onTurnAppended)
                      << connect(conversation, &Conversation::turnChanged, this,
                                 &TranscriptModel::onTurnChanged)
                      << connect(conversation, &Conversation::currentBranchChanged, this,
                                 &TranscriptModel::onBranchChanged)
                      << connect(conversation, &QObject::destroyed, this,
                                 [this] { setConversation(nullptr); });
    }
    resetRows();
}

void TranscriptModel::resetRows()
{
    beginResetModel();
    m_timer.stop();
    m_dirty.clear();
    m_snapshots.clear();
    m_rows = m_conversation ? m_conversation->currentBranch() : QStringList();
    rebuildRowIndex(0);
    for (const QString &id : std::as_const(m_rows))
        m_snapshots.insert(id, snapshotOf(id, m_nextRevision++));
    endResetModel();
}

void TranscriptModel::rebuildRowIndex(int from)
{
    if (from == 0)
        m_rowOf.clear();
    for (auto it = m_rowOf.begin(); it != m_rowOf.end();) {
        if (it.value() >= from)
            it = m_rowOf.erase(it);
        else
            ++it;
    }
    for (int row = from; row < m_rows.size(); ++row)
        m_rowOf.insert(m_rows.at(row), row);
}

TranscriptModel::Snapshot TranscriptModel::snapshotOf(const QString &id, qint64 revision) const
{
    Snapshot s;
    s.revision = revision;
    if (!m_conversation)
        return s;
    const Turn turn = m_conversation->turn(id);
    s.status = int(turn.status);
    s.model = turn.model;
    if (turn.costUsd)
        s.cost = *turn.costUsd;
    s.usage = turn.usage;
    s.finished = turn.finished;
    s.error = errorMap(turn.error);
    s.siblingCount = m_conversation->siblingCount(id);
    return s;
}

void TranscriptModel::onTurnAppended(const QString &id)
{
    // The conversation appended the turn to its branch already; the model's own row list follows.
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(id);
    m_rowOf.insert(id, row);
    m_snapshots.insert(id, snapshotOf(id, m_nextRevision++));
    endInsertRows();
}

void TranscriptModel::onTurnChanged(const QString &id)
{
    if (!m_rowOf.contains(id))
        return;
    m_dirty.insert(id);
    if (!m_timer.isActive())
        m_timer.start();
}

void TranscriptModel::onBranchChanged()
{
    if (!m_conversation)
        return;
    const QStringList next = m_conversation->currentBranch();
    qsizetype common = 0;
    while (common < m_rows.size() && common < next.size() && m_rows.at(common) == next.at(common))
        ++common;
    if (common < m_rows.size()) {
        beginRemoveRows({}, int(common), int(m_rows.size() - 1));
        for (qsizetype row = common; row < m_rows.size(); ++row) {
            m_snapshots.remove(m_rows.at(row));
            m_dirty.remove(m_rows.at(row));
        }
        m_rows.resize(common);
        rebuildRowIndex(int(common));
        endRemoveRows();
    }
    if (common < next.size()) {
        beginInsertRows({}, int(common), int(next.size() - 1));
        for (qsizetype row = common; row < next.size(); ++row) {
            m_rows.append(next.at(row));
            m_snapshots.insert(next.at(row), snapshotOf(next.at(row), m_nextRevision++));
        }
        rebuildRowIndex(int(common));
        endInsertRows();
    }
    // The last common turn may have gained a sibling count change (a new branch under its
    // parent changes nothing above it, but an edited root does): refresh the counts shown.
    for (qsizetype row = 0; row < common; ++row) {
        const QString &id = m_rows.at(row);
        if (m_snapshots.value(id).siblingCount != m_conversation->siblingCount(id))
            onTurnChanged(id);
    }
}

void TranscriptModel::flush()
{
    m_timer.stop();
    if (!m_conversation) {
        m_dirty.clear();
        return;
    }
    const QSet<QString> dirty = std::exchange(m_dirty, {});
    for (const QString &id : dirty) {
        const int row = m_rowOf.value(id, -1);
        if (row < 0)
            continue;
        const Snapshot before = m_snapshots.value(id);
        const Snapshot after = snapshotOf(id, m_nextRevision++);
        m_snapshots.insert(id, after);
        // Content has no cheap comparison (it is the whole message); a change notification
        // without a metadata change is a content change.
        QList<int> roles{RevisionRole, ContentRole, MarkdownRole, SearchTextRole};
        if (before.status != after.status)
            roles << StatusRole << StatusTextRole;
        if (before.model != after.model)
            roles << ModelRole;
        if (before.cost != after.cost)
            roles << CostRole;
        if (before.usage != after.usage)
            roles << UsageRole;
        if (before.finished != after.finished)
            roles << FinishedRole;
        if (before.error != after.error)
            roles << ErrorRole << StatusTextRole;
        if (before.siblingCount != after.siblingCount)
            roles << SiblingCountRole << SiblingIndexRole;
        if (roles.size() > 4)
            roles << StatusToolTipRole << StopReasonRole << RequestIdRole;
        const QModelIndex idx = index(row);
        Q_EMIT dataChanged(idx, idx, roles);
    }
}

int TranscriptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QString TranscriptModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : QString();
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        !m_conversation)
        return {};
    const QString &id = m_rows.at(index.row());
    if (role == IdRole)
        return id;
    if (role == RevisionRole)
        return m_snapshots.value(id).revision;
    const Turn turn = m_conversation->turn(id);
    switch (role) {
    case Qt::DisplayRole:
    case MarkdownRole:
    case SearchTextRole:
        return turn.plainText();
    case AuthorRole:
        return int(turn.isUser() ? MessageWidget::Author::User : MessageWidget::Author::Assistant);
    case StatusTextRole:
        return statusText(turn);
    case StatusToolTipRole:
        return statusToolTip(turn);
    case TimestampRole:
        return turn.created;
    case TurnRoleRole:
        return turn.role;
    case ContentRole:
        return turn.content;
    case StatusRole:
        return int(turn.status);
    case ModelRole:
        return turn.model;
    case CostRole:
        return turn.costUsd ? QVariant(*turn.costUsd) : QVariant();
    case UsageRole:
        return turn.usage;
    case FinishedRole:
        return turn.finished;
    case ErrorRole:
        return errorMap(turn.error);
    case SiblingIndexRole:
        return m_conversation->siblingIndex(id);
    case SiblingCountRole:
        return m_conversation->siblingCount(id);
    case StopReasonRole:
        return turn.stopReason;
    case RequestIdRole:
        return turn.requestId.isEmpty() ? turn.error.requestId : turn.requestId;
    case ParentIdRole:
        return turn.parentId;
    default:
        return {};
    }
}

QHash<int, QByteArray> TranscriptModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    static const std::pair<int, const char *> ours[] = {
        {IdRole, "id"},
        {RevisionRole, "revision"},
        {AuthorRole, "author"},
        {MarkdownRole, "markdown"},
        {StatusTextRole, "statusText"},
        {StatusToolTipRole, "statusToolTip"},
        {TimestampRole, "timestamp"},
        {SearchTextRole, "searchText"},
        {TurnRoleRole, "role"},
        {ContentRole, "content"},
        {StatusRole, "status"},
        {ModelRole, "model"},
        {CostRole, "cost"},
        {UsageRole, "usage"},
        {FinishedRole, "finished"},
        {ErrorRole, "error"},
        {SiblingIndexRole, "siblingIndex"},
        {SiblingCountRole, "siblingCount"},
        {StopReasonRole, "stopReason"},
        {RequestIdRole, "requestId"},
        {ParentIdRole, "parentId"},
    };
    for (const auto &[role, name] : ours)
        names.insert(role, QByteArray(name));
    return names;
}

} // namespace claudette
