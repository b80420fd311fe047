#pragma once

#include <QByteArrayView>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace claudette {

/**
 * JSON text to QJsonValue, with the semantics of the official TypeScript SDK.
 *
 * parse() is strict RFC 8259 JSON, as JavaScript's JSON.parse: any value at the top level,
 * control characters inside strings rejected, duplicate keys resolved to the last one. It is backed
 * by simdjson, which validates fully and is several times faster than QJsonDocument (which also
 * accepts `1.`, `.5`, `"\x"` and raw control characters in strings, and no top-level scalars).
 * Known differences from JSON.parse: integers beyond 64 bits, numbers that overflow a double and
 * lone UTF-16 surrogate escapes (`"\ud800"`) are rejected; invalid UTF-8 is an error here (the SDK
 * decodes the byte stream first and so sees U+FFFD; the Accumulator does the same before parsing).
 *
 * parsePartial() is a port of the SDK's vendored partial-json-parser (`partialParse`), used for the
 * `input` of tool-use blocks while their `input_json_delta`s stream: it completes truncated JSON
 * (drops a cut-off trailing token, closes open brackets) and parses the result strictly; input that
 * holds anything other than truncated JSON (an unknown word, a stray or mismatched bracket) is
 * parsed unchanged, so it fails rather than being repaired.
 */
class JsonParser
{
public:
    /// Strict parse of @p json. On failure returns nullopt and, when @p error is given, says why.
    static std::optional<QJsonValue> parse(QByteArrayView json, QString *error = nullptr);

    /// The same as parse() for a large document such as a file: the parser and its buffers are
    /// freed on return (parse() keeps one per thread, sized for the largest input it has seen).
    /// When @p readableAfter (the number of readable bytes that follow @p json in memory; their
    /// contents do not matter) is at least paddingSize(), the bytes are parsed where they are
    /// instead of being copied.
    static std::optional<QJsonValue> parseDocument(QByteArrayView json, qsizetype readableAfter = 0,
                                                   QString *error = nullptr);
    /// The readable bytes parseDocument() needs after the data to parse it without a copy.
    static qsizetype paddingSize();

    /// Partial parse of @p json (UTF-8) as the SDK's partialParse does; nullopt when it throws.
    static std::optional<QJsonValue> parsePartial(QByteArrayView json, QString *error = nullptr);

    /// The text parsePartial() hands to the strict parser: @p json completed, or unchanged when it
    /// is not merely truncated JSON. Exposed for tests.
    static QByteArray completePartial(QByteArrayView json);
};

} // namespace claudette
