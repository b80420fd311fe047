#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

namespace claudette {

/**
 * The JSON tables claudette ships as resources of claudette-core (`:/claudette/models.json`,
 * `:/claudette/pricing.json`) and lets the user override with a file of the same shape: reading the
 * built-in copy, and merging an override file into a loaded table. One place for both tables, so
 * that their error messages and "a missing override is no error" rule stay the same.
 */
class TableFile
{
public:
    /// Parses and merges bytes into a table; false with a reason in @p error when unusable.
    using Merge = std::function<bool(const QByteArray &json, QString *error)>;

    /// The bytes of the built-in resource @p resourcePath; empty (with the reason in @p error)
    /// when it cannot be read.
    static QByteArray builtIn(const QString &resourcePath, QString *error);

    /// Merges the file at @p path with @p merge. A file that does not exist is no error (there is
    /// simply no override); one that cannot be read or is rejected by @p merge gives a message
    /// naming @p what (the table, e.g. "the model list") and the file, and changes nothing.
    static bool mergeFile(const QString &path, const QString &what, const Merge &merge,
                          QString *error);
};

/// A model id in the spelling the tables use: lower case, provider prefixes and suffixes dropped
/// (`us.anthropic.claude-x-v1:0` -> `claude-x`; `claude-x@20251001` -> `claude-x-20251001`).
QString normalizedModelId(QString model);

} // namespace claudette
