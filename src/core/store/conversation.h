#pragma once

#include "core/store/conversationdata.h"
#include "core/store/turn.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QStringList>

namespace claudette {

/**
 * A conversation: a tree of turns with one current branch.
 *
 * Editing a user turn or regenerating a reply adds a sibling (a turn with the same parent);
 * nothing is destroyed. The current branch is the path from a root turn to the current leaf.
 * Selecting another sibling follows that sibling's most recently used leaf.
 *
 * Content blocks are the API's JSON; image and document sources may refer to the attachment table
 * with `{"type":"attachment","sha256":...}`; messagesForApi() expands them back to base64.
 *
 * Signals (for a list model over the current branch):
 * - turnAppended(id): a turn was added at the end of the current branch (one new last row);
 * - turnChanged(id): the content, status or metadata of a turn changed (its row, if shown);
 * - currentBranchChanged(): the rows changed in another way (sibling switch, edit, new data);
 * - titleChanged(), settingsChanged(), draftChanged();
 * - changed(): after any of the above, for autosaving.
 */
class Conversation : public QObject
{
    Q_OBJECT
public:
    explicit Conversation(QObject *parent = nullptr);
    explicit Conversation(ConversationData data, QObject *parent = nullptr);

    /// A cheap snapshot (implicitly shared) of the whole conversation, for saving.
    ConversationData data() const { return m_data; }
    /// Replaces everything (opening, reloading after an external change). Emits
    /// currentBranchChanged, titleChanged, settingsChanged and draftChanged.
    void setData(ConversationData data);

    QString id() const { return m_data.id; }
    QString title() const { return m_data.title; }
    void setTitle(const QString &title);
    QJsonObject settings() const { return m_data.settings; }
    void setSettings(const QJsonObject &settings);
    /// Sets one key of settings (an undefined value removes it).
    void setSetting(const QString &key, const QJsonValue &value);
    QJsonObject draft() const { return m_data.draft; }
    void setDraft(const QJsonObject &draft);

    // --- the tree

    int turnCount() const { return int(m_data.turns.size()); }
    bool contains(const QString &id) const { return m_index.contains(id); }
    /// The turn with @p id, or a default Turn (empty id) when there is none.
    Turn turn(const QString &id) const;
    /// The children of @p id in the order they were added (roots for an empty id).
    QStringList children(const QString &id) const { return m_children.value(id); }

    /// Ids of the current branch, root first.
    const QStringList &currentBranch() const { return m_branch; }
    QString currentLeaf() const { return m_data.currentLeaf; }
    /// Position of @p id among its siblings (0-based), -1 when unknown.
    int siblingIndex(const QString &id) const;
    /// How many siblings @p id has, itself included (the "3" in "< 2/3 >").
    int siblingCount(const QString &id) const;
    /// Makes the @p index-th sibling of @p id current, following its most recent leaf. Returns
    /// false (and changes nothing) when the index is out of range.
    bool selectSibling(const QString &id, int index);
    /// Makes the branch through @p id current, following its most recent leaf.
    bool selectTurn(const QString &id);

    /// Adds a user turn under @p parentId (default: the current leaf) and makes it the current
    /// leaf. Editing a turn is appendUserTurn(newContent, turn(old).parentId). Base64 sources in
    /// @p content are moved to the attachment table. The first user turn names an untitled
    /// conversation. Returns the new id.
    QString appendUserTurn(const QJsonArray &content,
                           const QString &parentId = currentLeafMarker());
    /// Adds an assistant turn with status Streaming under @p parentId (default: the current leaf)
    /// and makes it current. Regenerating is beginAssistantTurn(..., turn(old).parentId).
    QString beginAssistantTurn(const QString &model, const QJsonObject &params,
                               const QString &parentId = currentLeafMarker());
    /// Replaces the content of a turn (the streaming reply's latest state). Emits turnChanged.
    void setTurnContent(const QString &id, const QJsonArray &content);
    /// Ends an assistant turn. @p message is the API's final Message (or what arrived of it):
    /// its content, usage, stop_reason, stop_sequence, model and id are taken when present.
    void finishAssistantTurn(const QString &id, TurnStatus status, const QJsonObject &message = {},
                             const TurnError &error = {});
    void setTurnCost(const QString &id, double usd);
    void setTurnRequestId(const QString &id, const QString &requestId);
    /// Adds a turn as it is (loading, replaying a journal). Its parent must exist. Does not
    /// change the current branch unless the parent is the current leaf. Returns false when the id
    /// exists already or the parent is unknown.
    bool addTurn(const Turn &turn);

    // --- attachments

    /// Stores base64 bytes (as sent to the API) once; returns their SHA-256 (hex of the bytes).
    QString addAttachment(const QByteArray &base64, const QString &mediaType, const QString &name);
    QJsonObject attachment(const QString &sha256) const;
    QJsonObject attachments() const { return m_data.attachments; }
    /// Replaces every base64 source in @p content with an attachment reference, storing the bytes.
    QJsonArray internAttachments(const QJsonArray &content);
    /// Replaces every attachment reference in @p content by the API's base64 source.
    QJsonArray expandAttachments(const QJsonArray &content) const;
    /// The attachments that @p content refers to, by SHA-256 (as in attachments()).
    QJsonObject referencedAttachments(const QJsonArray &content) const;

    /// The API's `messages` array for the current branch: attachments expanded; turns with status
    /// Error, and turns with no content, left out.
    QJsonArray messagesForApi() const;

    /// Default argument of appendUserTurn/beginAssistantTurn meaning "the current leaf".
    static QString currentLeafMarker() { return QStringLiteral("\x01"); }

Q_SIGNALS:
    void turnAppended(const QString &id);
    void turnChanged(const QString &id);
    void currentBranchChanged();
    void titleChanged();
    void settingsChanged();
    void draftChanged();
    void changed();

private:
    void rebuildIndex();
    void rebuildBranch();
    QString followLeaf(const QString &id) const;
    QString insertTurn(Turn turn);
    Turn *mutableTurn(const QString &id);

    ConversationData m_data;
    QHash<QString, qsizetype> m_index;      // id -> position in m_data.turns
    QHash<QString, QStringList> m_children; // parent id ("" for roots) -> children in order
    QHash<QString, QString> m_lastChild;    // parent id -> child most recently on the branch
    QStringList m_branch;
};

} // namespace claudette
