#include "core/api/jsonparser.h"

#include <QJsonArray>
#include <QJsonObject>

#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>
#include <vector>

namespace claudette {

namespace {

QJsonValue toQt(simdjson::dom::element element)
{
    using simdjson::dom::element_type;
    switch (element.type()) {
    case element_type::ARRAY: {
        QJsonArray array;
        for (simdjson::dom::element child : simdjson::dom::array(element))
            array.append(toQt(child));
        return array;
    }
    case element_type::OBJECT: {
        QJsonObject object;
        // Duplicate keys: the last one wins, as with JSON.parse.
        for (simdjson::dom::key_value_pair field : simdjson::dom::object(element))
            object.insert(QString::fromUtf8(field.key.data(), qsizetype(field.key.size())),
                          toQt(field.value));
        return object;
    }
    case element_type::INT64:
        return QJsonValue(qint64(int64_t(element)));
    case element_type::UINT64: {
        const uint64_t value = uint64_t(element);
        if (value <= uint64_t(std::numeric_limits<qint64>::max()))
            return QJsonValue(qint64(value));
        return QJsonValue(double(value));
    }
    case element_type::DOUBLE:
        return QJsonValue(double(element));
    case element_type::STRING: {
        const std::string_view text = std::string_view(element);
        return QJsonValue(QString::fromUtf8(text.data(), qsizetype(text.size())));
    }
    case element_type::BOOL:
        return QJsonValue(bool(element));
    case element_type::NULL_VALUE:
        return QJsonValue(QJsonValue::Null);
    }
    return QJsonValue(QJsonValue::Null);
}

bool isAscii(std::string_view text)
{
    uint64_t bits = 0;
    size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        uint64_t word = 0;
        std::memcpy(&word, text.data() + i, 8);
        bits |= word;
    }
    for (; i < text.size(); ++i)
        bits |= uint8_t(text[i]);
    return (bits & 0x8080808080808080ULL) == 0;
}

// toQt() for large documents: ASCII strings and keys (nearly all of a conversation file) go
// into the JSON containers as Latin-1, without a UTF-16 copy in between.
QJsonValue toQtDocument(simdjson::dom::element element)
{
    using simdjson::dom::element_type;
    switch (element.type()) {
    case element_type::ARRAY: {
        QJsonArray array;
        for (simdjson::dom::element child : simdjson::dom::array(element))
            array.append(toQtDocument(child));
        return array;
    }
    case element_type::OBJECT: {
        QJsonObject object;
        // Duplicate keys: the last one wins, as with JSON.parse.
        for (simdjson::dom::key_value_pair field : simdjson::dom::object(element)) {
            const std::string_view key = field.key;
            if (isAscii(key))
                object.insert(QLatin1StringView(key.data(), qsizetype(key.size())),
                              toQtDocument(field.value));
            else
                object.insert(QString::fromUtf8(key.data(), qsizetype(key.size())),
                              toQtDocument(field.value));
        }
        return object;
    }
    case element_type::STRING: {
        const std::string_view text = std::string_view(element);
        if (isAscii(text))
            return QJsonValue(QLatin1StringView(text.data(), qsizetype(text.size())));
        return QJsonValue(QString::fromUtf8(text.data(), qsizetype(text.size())));
    }
    default:
        return toQt(element);
    }
}

// --- Port of the SDK's _vendor/partial-json-parser/parser.js -------------------------------------
// It works on UTF-8 bytes instead of UTF-16 code units: every character the tokenizer looks at is
// ASCII, and no byte of a multi-byte UTF-8 sequence is ASCII, so the tokens are the same.

enum class TokenType
{
    Brace,
    Paren,
    Separator,
    Delimiter,
    String,
    Number,
    Name
};

struct Token
{
    TokenType type;
    QByteArrayView value; // the bracket/punctuation itself, a number or literal, or a string's body
    bool unterminated = false;
};

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr QByteArrayView kLiterals[] = {"true", "false", "null"};

bool isLiteral(QByteArrayView word)
{
    for (QByteArrayView literal : kLiterals) {
        if (literal == word)
            return true;
    }
    return false;
}

// A literal cut off by the end of the text, e.g. `nul`.
bool isTruncatedLiteral(QByteArrayView word, QByteArrayView rest)
{
    bool prefix = false;
    for (QByteArrayView literal : kLiterals) {
        if (literal != word && literal.startsWith(word))
            prefix = true;
    }
    if (!prefix)
        return false;
    for (char c : rest) {
        if (!isWhitespace(c))
            return false;
    }
    return true;
}

// False when the input holds anything other than JSON tokens and whitespace outside its strings.
bool tokenize(QByteArrayView input, std::vector<Token> &tokens)
{
    const qsizetype n = input.size();
    qsizetype current = 0;
    while (current < n) {
        const char c = input[current];
        switch (c) {
        case '{':
        case '}':
            tokens.push_back({TokenType::Brace, input.sliced(current, 1)});
            ++current;
            continue;
        case '[':
        case ']':
            tokens.push_back({TokenType::Paren, input.sliced(current, 1)});
            ++current;
            continue;
        case ':':
            tokens.push_back({TokenType::Separator, input.sliced(current, 1)});
            ++current;
            continue;
        case ',':
            tokens.push_back({TokenType::Delimiter, input.sliced(current, 1)});
            ++current;
            continue;
        default:
            break;
        }
        if (c == '"') {
            // A `"` closes the string only after an even number of backslashes; escapes are kept
            // verbatim.
            const qsizetype start = current + 1;
            qsizetype end = start;
            bool dangling = false;
            while (true) {
                const void *quote =
                    end < n ? std::memchr(input.data() + end, '"', size_t(n - end)) : nullptr;
                if (!quote) {
                    dangling = true;
                    break;
                }
                end = static_cast<const char *>(quote) - input.data();
                qsizetype backslashes = 0;
                for (qsizetype i = end - 1; i >= start && input[i] == '\\'; --i)
                    ++backslashes;
                if (backslashes % 2 == 0)
                    break;
                ++end;
            }
            if (dangling) {
                current = n;
            } else {
                tokens.push_back({TokenType::String, input.sliced(start, end - start)});
                current = end + 1;
            }
            continue;
        }
        if (isWhitespace(c)) {
            ++current;
            continue;
        }
        if (isDigit(c) || c == '-' || c == '.') {
            const qsizetype start = current;
            if (c == '-')
                ++current;
            while (current < n) {
                const char d = input[current];
                const bool afterExponent =
                    current > start && (input[current - 1] == 'e' || input[current - 1] == 'E');
                if (isDigit(d) || d == '.' || d == 'e' || d == 'E' ||
                    ((d == '-' || d == '+') && afterExponent)) {
                    ++current;
                } else {
                    break;
                }
            }
            tokens.push_back(
                {TokenType::Number, input.sliced(start, current - start), current == n});
            continue;
        }
        if (isLetter(c)) {
            const qsizetype start = current;
            while (current < n && isLetter(input[current]))
                ++current;
            const QByteArrayView word = input.sliced(start, current - start);
            if (isLiteral(word))
                tokens.push_back({TokenType::Name, word});
            else if (!isTruncatedLiteral(word, input.sliced(current)))
                return false;
            continue;
        }
        return false;
    }
    return true;
}

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?
bool isJsonNumber(QByteArrayView s)
{
    qsizetype i = 0;
    const qsizetype n = s.size();
    auto digits = [&] {
        const qsizetype from = i;
        while (i < n && isDigit(s[i]))
            ++i;
        return i > from;
    };
    if (i < n && s[i] == '-')
        ++i;
    if (i < n && s[i] == '0') {
        ++i;
    } else if (i < n && s[i] >= '1' && s[i] <= '9') {
        digits();
    } else {
        return false;
    }
    if (i < n && s[i] == '.') {
        ++i;
        if (!digits())
            return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            ++i;
        if (!digits())
            return false;
    }
    return i == n;
}

void strip(std::vector<Token> &tokens)
{
    std::vector<char> open;
    for (const Token &token : tokens) {
        if (token.type != TokenType::Brace && token.type != TokenType::Paren)
            continue;
        if (token.value[0] == '{' || token.value[0] == '[')
            open.push_back(token.value[0]);
        else if (!open.empty())
            open.pop_back();
    }
    // Brackets are never stripped, so this holds for every token looked at below.
    const char innermost = open.empty() ? 0 : open.back();
    size_t length = tokens.size();
    while (length > 0) {
        const Token &last = tokens[length - 1];
        if (last.type == TokenType::Separator) {
            --length;
            continue;
        }
        if (last.type == TokenType::Number) {
            // More digits may follow a number that runs to the end of the input, and one that
            // something else cuts short, e.g. `1.` or `1e-`, will never be a number.
            if (last.unterminated || !isJsonNumber(last.value)) {
                --length;
                continue;
            }
            break;
        }
        if (last.type == TokenType::String) {
            // In an object this is a key without a value yet; in an array a complete item.
            const Token *before = length >= 2 ? &tokens[length - 2] : nullptr;
            if (innermost == '{' && before &&
                (before->type == TokenType::Delimiter ||
                 (before->type == TokenType::Brace && before->value[0] == '{'))) {
                --length;
                continue;
            }
            break;
        }
        if (last.type == TokenType::Delimiter) {
            // Whatever precedes a comma is complete.
            --length;
        }
        break;
    }
    tokens.resize(length);
}

// False when a closer does not match the innermost open bracket.
bool unstrip(std::vector<Token> &tokens)
{
    static constexpr char kCloseBrace[] = "}";
    static constexpr char kCloseParen[] = "]";
    std::vector<char> tail;
    for (const Token &token : tokens) {
        if (token.type != TokenType::Brace && token.type != TokenType::Paren)
            continue;
        const char c = token.value[0];
        if (c == '{') {
            tail.push_back('}');
        } else if (c == '[') {
            tail.push_back(']');
        } else {
            if (tail.empty() || tail.back() != c)
                return false;
            tail.pop_back();
        }
    }
    for (auto it = tail.rbegin(); it != tail.rend(); ++it) {
        if (*it == '}')
            tokens.push_back({TokenType::Brace, QByteArrayView(kCloseBrace, 1)});
        else
            tokens.push_back({TokenType::Paren, QByteArrayView(kCloseParen, 1)});
    }
    return true;
}

bool isScalar(const Token &token)
{
    return token.type == TokenType::String || token.type == TokenType::Number ||
           token.type == TokenType::Name;
}

QByteArray generate(const std::vector<Token> &tokens)
{
    QByteArray out;
    for (size_t i = 0; i < tokens.size(); ++i) {
        const Token &token = tokens[i];
        // Keep adjacent scalars apart so malformed input like `12 3` still fails the strict parse.
        if (i > 0 && isScalar(tokens[i - 1]) && isScalar(token))
            out.append(' ');
        if (token.type == TokenType::String) {
            out.append('"');
            out.append(token.value);
            out.append('"');
        } else {
            out.append(token.value);
        }
    }
    return out;
}

} // namespace

std::optional<QJsonValue> JsonParser::parse(QByteArrayView json, QString *error)
{
    if (json.isEmpty()) {
        // simdjson would memcpy from a null pointer.
        if (error)
            *error = QString::fromUtf8(simdjson::error_message(simdjson::EMPTY));
        return std::nullopt;
    }
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    const simdjson::error_code code =
        parser.parse(json.data(), size_t(json.size()), true).get(root);
    if (code != simdjson::SUCCESS) {
        if (error)
            *error = QString::fromUtf8(simdjson::error_message(code));
        return std::nullopt;
    }
    return toQt(root);
}

std::optional<QJsonValue> JsonParser::parseDocument(QByteArrayView json, qsizetype readableAfter,
                                                    QString *error)
{
    if (json.isEmpty())
        return parse(json, error);
    const bool padded = readableAfter >= paddingSize();
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    const simdjson::error_code code =
        parser.parse(json.constData(), size_t(json.size()), !padded).get(root);
    if (code != simdjson::SUCCESS) {
        if (error)
            *error = QString::fromUtf8(simdjson::error_message(code));
        return std::nullopt;
    }
    return toQtDocument(root);
}

qsizetype JsonParser::paddingSize()
{
    return qsizetype(simdjson::SIMDJSON_PADDING);
}

QByteArray JsonParser::completePartial(QByteArrayView json)
{
    std::vector<Token> tokens;
    if (!tokenize(json, tokens))
        return json.toByteArray();
    strip(tokens);
    if (!unstrip(tokens))
        return json.toByteArray();
    return generate(tokens);
}

std::optional<QJsonValue> JsonParser::parsePartial(QByteArrayView json, QString *error)
{
    return parse(completePartial(json), error);
}

} // namespace claudette
