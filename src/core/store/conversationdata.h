#pragma once

#include "core/store/turnlist.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace claudette {

/**
 * Everything a conversation file holds, as a plain value.
 *
 * Every member is implicitly shared, so a copy costs a few reference counts: that is how an
 * autosave snapshots a conversation on the GUI thread and serialises it on a worker. The turns are
 * shared one by one (TurnList), so the first change after a snapshot copies the turn it changes
 * and a list of pointers, not every turn.
 */
struct ConversationData
{
    QString id; ///< uuid without braces; also names the conversation's journal
    QString title;
    QDateTime created;
    QDateTime modified;
    QJsonObject settings; ///< open: model, system prompt, params... New keys need no new version.
    QJsonObject draft;    ///< unsent text and attachment references: {"text":..., "content":[...]}
    QString currentLeaf;  ///< the last turn of the current branch; empty when there are no turns
    TurnList turns;       ///< every turn of every branch; a parent always comes before its children
    /// sha256 (lowercase hex of the decoded bytes) -> {"media_type", "name", "data" (base64)}
    QJsonObject attachments;
    QJsonObject extra;     ///< unknown top-level fields, kept on save
    int sourceVersion = 1; ///< the format version the data was read from (1 for new data)
};

} // namespace claudette
