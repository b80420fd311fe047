#pragma once

#include "core/store/conversation.h"
#include "gui/transcript/transcriptroles.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QTimer>

namespace claudette {

/**
 * A list model over the current branch of a Conversation: one row per turn, root first.
 *
 * The first roles are the TranscriptRoles that TranscriptView reads (id, revision, search text);
 * the rest carry the turn's typed data for the message widgets. Roles start at Qt::UserRole + 1.
 *
 * Updates are precise: a turn appended to the branch is one rowsInserted; a branch switch removes
 * and inserts only the rows after the point where the old and new branch part; a change to a turn
 * is dataChanged(row, row, {roles that changed}). Changes are coalesced by a 16 ms single-shot
 * timer, so a streaming reply costs at most one dataChanged per row per frame. The model resets
 * only when another conversation is set or the conversation is replaced (Conversation::setData).
 *
 * The conversation is not owned; the model forgets it when it is destroyed.
 */
class TranscriptModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role : int
    {
        IdRole = TranscriptRoles::MessageIdRole,
        RevisionRole = TranscriptRoles::RevisionRole,
        AuthorRole = TranscriptRoles::AuthorRole,     ///< int, MessageWidget::Author
        MarkdownRole = TranscriptRoles::MarkdownRole, ///< QString, the text blocks joined
        StatusTextRole = TranscriptRoles::StatusTextRole,
        StatusToolTipRole = TranscriptRoles::StatusToolTipRole,
        TimestampRole = TranscriptRoles::TimestampRole, ///< QDateTime, when the turn was created
        SearchTextRole = TranscriptRoles::SearchTextRole,
        TurnRoleRole = TranscriptRoles::SearchTextRole + 1, ///< QString, "user" or "assistant"
        ContentRole,      ///< QJsonArray, the API's content blocks (attachment references kept)
        StatusRole,       ///< int, a TurnStatus
        ModelRole,        ///< QString, the model that answered
        CostRole,         ///< QVariant double (USD), invalid when unknown
        UsageRole,        ///< QJsonObject, the API's usage object
        FinishedRole,     ///< QDateTime, when the reply ended
        ErrorRole,        ///< QVariantMap: kind, type, message, httpStatus, requestId
        SiblingIndexRole, ///< int, 0-based position among the turn's siblings
        SiblingCountRole, ///< int, the number of siblings, itself included
        StopReasonRole,   ///< QString
        RequestIdRole,    ///< QString
        ParentIdRole,     ///< QString
    };
    Q_ENUM(Role)

    explicit TranscriptModel(QObject *parent = nullptr);
    ~TranscriptModel() override;

    /// Shows @p conversation (may be null). Resets the model.
    void setConversation(Conversation *conversation);
    Conversation *conversation() const { return m_conversation; }

    /// Delay of the coalescing timer (default 16 ms).
    void setCoalesceInterval(int ms) { m_timer.setInterval(ms); }
    /// Emits the pending dataChanged signals now.
    void flush();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The row showing turn @p id, or -1.
    int rowOf(const QString &id) const { return m_rowOf.value(id, -1); }
    QString idAt(int row) const;

private:
    /// What a row last reported, to tell which roles changed.
    struct Snapshot
    {
        qint64 revision = 0;
        int status = 0;
        QString model;
        QVariant cost;
        QJsonObject usage;
        QDateTime finished;
        QVariantMap error;
        int siblingCount = 0;
    };

    void onTurnAppended(const QString &id);
    void onTurnChanged(const QString &id);
    void onBranchChanged();
    void resetRows();
    void rebuildRowIndex(int from);
    Snapshot snapshotOf(const QString &id, qint64 revision) const;

    QPointer<Conversation> m_conversation;
    QList<QMetaObject::Connection> m_connections;
    QStringList m_rows;
    QHash<QString, int> m_rowOf;
    QHash<QString, Snapshot> m_snapshots;
    QSet<QString> m_dirty;
    qint64 m_nextRevision = 1;
    QTimer m_timer;
};

} // namespace claudette
