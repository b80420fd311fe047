#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace claudette {

/// Where an assistant turn stands. User turns are always Complete.
enum class TurnStatus {
    Complete,    ///< the reply arrived in full (or a user turn)
    Streaming,   ///< the reply is arriving now
    Stopped,     ///< the user pressed Stop
    Interrupted, ///< the app died or the connection dropped; found on reopening
    Error,       ///< the request failed; see Turn::error
};

/// The error an assistant turn ended with (status Error). Mirrors ApiError's fields so the store
/// does not depend on the API layer: kind ("http", "connection", "timeout", "stream", ...), the
/// API error type ("overloaded_error"), its message, the HTTP status (0 when none) and request id.
struct TurnError
{
    QString kind;
    QString type;
    QString message;
    int httpStatus = 0;
    QString requestId;

    bool isEmpty() const { return kind.isEmpty() && type.isEmpty() && message.isEmpty(); }
    bool operator==(const TurnError &) const = default;
};

/**
 * One turn of a conversation: a node in the tree of turns.
 *
 * `content` holds the API's content blocks as JSON and is the source of truth; image and document
 * sources inside it may be `{"type":"attachment","sha256":...}` references into the
 * conversation's attachment table. Fields this version does not know are kept in `extra` and
 * written back on save.
 */
struct Turn
{
    QString id;       ///< uuid without braces
    QString parentId; ///< empty for a root turn
    QString role;     ///< "user" or "assistant"
    QJsonArray content;
    TurnStatus status = TurnStatus::Complete;
    QString model;
    QJsonObject params; ///< request parameters that matter (max_tokens, temperature, thinking...)
    QJsonObject usage;  ///< the API's usage object as it arrived
    std::optional<double> costUsd;
    QString stopReason;
    QString stopSequence;
    QString requestId;
    QDateTime created;
    QDateTime finished;
    TurnError error;
    QJsonObject extra; ///< unknown fields, kept on save

    bool isUser() const { return role == QLatin1StringView("user"); }
    bool isAssistant() const { return role == QLatin1StringView("assistant"); }

    /// The turn in the file format (see docs/file-format.md).
    QJsonObject toJson() const;
    /// Reads a turn written by toJson(). On a structural problem returns std::nullopt and sets
    /// @p error to a short English description (the caller adds where it happened).
    static std::optional<Turn> fromJson(const QJsonObject &object, QString *error);

    /// The concatenated text of the `text` blocks.
    QString plainText() const;

    static QString statusName(TurnStatus status);
    static std::optional<TurnStatus> statusFromName(QStringView name);
    /// A new random id (uuid without braces).
    static QString newId();
};

} // namespace claudette
