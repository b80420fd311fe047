#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringView>

namespace claudette {

/**
 * QJsonValue to compact JSON text: the same bytes as QJsonDocument::toJson(Compact), written
 * faster where it matters, for the large documents we write (a conversation file of tens of MB, a
 * final Message holding megabytes of text). Strings are escaped in runs: plain ASCII is narrowed
 * in bulk and only `"`, `\`, control characters and non-ASCII take the slow path, where
 * QJsonDocument handles every character one by one.
 *
 * As QJsonDocument: keys in the object's order, `/` and U+007F not escaped, control characters as
 * \b \f \n \r \t or \u00XX, a lone surrogate as \uXXXX, integers as integers, other numbers in
 * their shortest round-trip form, non-finite numbers as null.
 */
class JsonWriter
{
public:
    static QByteArray compact(const QJsonObject &object);
    static QByteArray compact(const QJsonArray &array);
    static QByteArray compact(const QJsonValue &value);

    /// Appends @p text to @p out as a JSON string, quotes included.
    static void appendString(QByteArray &out, QStringView text);
    /// Appends @p value to @p out as compact JSON.
    static void appendValue(QByteArray &out, const QJsonValue &value);
};

} // namespace claudette
