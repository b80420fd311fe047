#include "core/api/jsonwriter.h"

#include <QCborValue>
#include <QLocale>

#include <cmath>

namespace claudette {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// True for a UTF-16 unit written as itself: printable ASCII other than `"` and `\`.
inline bool isPlain(char16_t u)
{
    return u >= 0x20 && u < 0x80 && u != u'"' && u != u'\\';
}

void appendEscape(char *&cursor, char16_t u)
{
    *cursor++ = '\\';
    switch (u) {
    case u'"':
        *cursor++ = '"';
        return;
    case u'\\':
        *cursor++ = '\\';
        return;
    case u'\b':
        *cursor++ = 'b';
        return;
    case u'\f':
        *cursor++ = 'f';
        return;
    case u'\n':
        *cursor++ = 'n';
        return;
    case u'\r':
        *cursor++ = 'r';
        return;
    case u'\t':
        *cursor++ = 't';
        return;
    default: // another control character, or a lone surrogate
        *cursor++ = 'u';
        *cursor++ = kHex[(u >> 12) & 0xf];
        *cursor++ = kHex[(u >> 8) & 0xf];
        *cursor++ = kHex[(u >> 4) & 0xf];
        *cursor++ = kHex[u & 0xf];
    }
}

void appendNumber(QByteArray &out, const QJsonValue &value)
{
    // QJsonValue keeps whether a number is an integer (QCborValue::Integer) or a double; the
    // document writer prints them differently (2^60 as an integer, 1e+20 as a double).
    const QCborValue number = QCborValue::fromJsonValue(value);
    if (number.isInteger()) {
        out += QByteArray::number(number.toInteger());
        return;
    }
    const double d = number.toDouble();
    if (std::isfinite(d))
        out += QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
    else
        out += "null";
}

void appendObject(QByteArray &out, const QJsonObject &object)
{
    out += '{';
    bool first = true;
    for (auto it = object.begin(), end = object.end(); it != end; ++it) {
        if (!first)
            out += ',';
        first = false;
        JsonWriter::appendString(out, it.key());
        out += ':';
        JsonWriter::appendValue(out, it.value());
    }
    out += '}';
}

void appendArray(QByteArray &out, const QJsonArray &array)
{
    out += '[';
    bool first = true;
    for (const QJsonValue &item : array) {
        if (!first)
            out += ',';
        first = false;
        JsonWriter::appendValue(out, item);
    }
    out += ']';
}

} // namespace

QByteArray JsonWriter::compact(const QJsonObject &object)
{
    QByteArray out;
    appendObject(out, object);
    return out;
}

QByteArray JsonWriter::compact(const QJsonArray &array)
{
    QByteArray out;
    appendArray(out, array);
    return out;
}

QByteArray JsonWriter::compact(const QJsonValue &value)
{
    QByteArray out;
    appendValue(out, value);
    return out;
}

void JsonWriter::appendValue(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        out += value.toBool() ? "true" : "false";
        break;
    case QJsonValue::Double:
        appendNumber(out, value);
        break;
    case QJsonValue::String:
        appendString(out, value.toString());
        break;
    case QJsonValue::Array:
        appendArray(out, value.toArray());
        break;
    case QJsonValue::Object:
        appendObject(out, value.toObject());
        break;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        break;
    }
}

void JsonWriter::appendString(QByteArray &out, QStringView text)
{
    // At most 6 bytes per UTF-16 unit (\uXXXX; a surrogate pair is 4 bytes of UTF-8 for two
    // units, a BMP character at most 3), plus the quotes: reserve that once, then write through a
    // raw cursor and trim to what was written.
    const qsizetype start = out.size();
    out.resize(start + text.size() * 6 + 2);
    char *cursor = out.data() + start;
    *cursor++ = '"';
    const char16_t *src = text.utf16();
    const char16_t *const end = src + text.size();
    while (src != end) {
        // The common case, a run of plain ASCII, in a tight loop.
        while (src != end && isPlain(*src))
            *cursor++ = char(*src++);
        if (src == end)
            break;
        const char16_t u = *src++;
        if (u < 0x80) {
            appendEscape(cursor, u);
        } else if (u < 0x800) {
            *cursor++ = char(0xc0 | (u >> 6));
            *cursor++ = char(0x80 | (u & 0x3f));
        } else if (QChar::isHighSurrogate(u) && src != end && QChar::isLowSurrogate(*src)) {
            const char32_t cp = QChar::surrogateToUcs4(u, *src++);
            *cursor++ = char(0xf0 | (cp >> 18));
            *cursor++ = char(0x80 | ((cp >> 12) & 0x3f));
            *cursor++ = char(0x80 | ((cp >> 6) & 0x3f));
            *cursor++ = char(0x80 | (cp & 0x3f));
        } else if (QChar::isSurrogate(u)) {
            appendEscape(cursor, u); // a lone surrogate has no UTF-8 form
        } else {
            *cursor++ = char(0xe0 | (u >> 12));
            *cursor++ = char(0x80 | ((u >> 6) & 0x3f));
            *cursor++ = char(0x80 | (u & 0x3f));
        }
    }
    *cursor++ = '"';
    out.resize(cursor - out.constData());
}

} // namespace claudette
