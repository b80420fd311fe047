#pragma once

#include "core/store/conversationdata.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace claudette {

/**
 * The `.claudette` file format: versioned JSON, described in docs/file-format.md and
 * docs/file-format.schema.json. MIME type application/x-claudette+json.
 *
 * Loading never changes the file. Every failure gives a message for the user that names the file
 * and the problem. Saving goes through QSaveFile (write to a temporary file, then rename over the
 * old one), so a crash mid-save leaves the previous file whole. Data read from an older version
 * is migrated in memory; the first save of it keeps the original bytes as `<file>.bak`.
 *
 * Plain static functions with no QObject and no thread affinity: AutoSaver and the library run
 * them on worker threads.
 */
class ConversationFile
{
    Q_DECLARE_TR_FUNCTIONS(ConversationFile)
public:
    static constexpr int kVersion = 1;
    static constexpr qint64 kMaxSize = qint64(1) << 30; // 1 GiB
    static constexpr QLatin1StringView kMimeType{"application/x-claudette+json"};
    static constexpr QLatin1StringView kSuffix{"claudette"};

    enum class Error
    {
        None,
        CannotRead,   ///< missing, unreadable
        TooLarge,     ///< over the size limit (checked before reading)
        Empty,        ///< zero bytes
        Truncated,    ///< JSON that ends too early
        Corrupt,      ///< not JSON
        NotClaudette, ///< JSON, but not a claudette conversation
        NewerVersion, ///< written by a newer claudette
        Invalid,      ///< a claudette file whose structure is broken
    };

    struct LoadResult
    {
        std::optional<ConversationData> data;
        Error error = Error::None;
        QString errorString; ///< translated, names the file and the problem
        bool ok() const { return data.has_value(); }
    };

    struct SaveResult
    {
        bool ok = false;
        QString errorString;
        bool backupWritten = false; ///< `<file>.bak` was made (first save after a migration)
    };

    /// Reads @p path. Refuses files over @p maxSize before reading them.
    static LoadResult load(const QString &path, qint64 maxSize = kMaxSize);
    /// Reads a file's bytes; @p fileName only names it in messages.
    static LoadResult parse(const QByteArray &bytes, const QString &fileName = {});

    /// The file's bytes for @p data (compact JSON).
    static QByteArray serialize(const ConversationData &data);
    /// The file's JSON object for @p data.
    static QJsonObject toJson(const ConversationData &data);

    /// Writes @p data to @p path atomically. When data.sourceVersion is older than kVersion and
    /// no `<file>.bak` exists yet, the current file is first copied to `<file>.bak`.
    static SaveResult save(const QString &path, const ConversationData &data);

    static QString backupPath(const QString &path) { return path + QStringLiteral(".bak"); }

private:
    static LoadResult fail(Error error, const QString &message);
    /// parse() of bytes followed by @p readableAfter more readable bytes (the parser's padding).
    static LoadResult parse(QByteArrayView bytes, qsizetype readableAfter, const QString &fileName);
    static LoadResult fromRoot(const QJsonObject &root, const QString &name);
    static LoadResult fromJson(const QJsonObject &root, const QString &name);
    static LoadResult migrateV0(const QJsonObject &root, const QString &name);
};

} // namespace claudette
