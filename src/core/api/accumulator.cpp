#include "core/api/accumulator.h"

#include "core/api/jsonparser.h"

#include <QJsonArray>
#include <QMetaMethod>

#include <simdjson.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {

enum class BlockKind
{
    Other,
    Text,
    Thinking,
    Tool
};

// JavaScript's `x == null`: the SDK tests optional fields this way.
bool isNullish(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull();
}

// JavaScript truthiness of a JSON value.
bool isTruthy(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Undefined:
    case QJsonValue::Null:
        return false;
    case QJsonValue::Bool:
        return value.toBool();
    case QJsonValue::Double:
        return value.toDouble() != 0.0 && !std::isnan(value.toDouble());
    case QJsonValue::String:
        return !value.toString().isEmpty();
    case QJsonValue::Array:
    case QJsonValue::Object:
        return true;
    }
    return false;
}

// `object[key] = value` where an undefined value drops the key, as JSON.stringify does.
void assign(QJsonObject &object, QLatin1StringView key, const QJsonValue &value)
{
    if (value.isUndefined())
        object.remove(key);
    else
        object.insert(key, value);
}

struct Block
{
    BlockKind kind = BlockKind::Other;
    QJsonValue value; // the block as started, with the rare changes (signature, ...) applied
    bool textTouched = false;
    QJsonArray citations;
    bool citationsTouched = false;
    QByteArray json; // Tool: the input_json_delta buffer (UTF-8)
    bool hasJson = false;
    bool inputFixed = false; // content_block_stop fixed `input` to fixedInput
    QJsonValue fixedInput;

private:
    mutable QString text;
    mutable QByteArray pendingUtf8; // deltas after `text`, not converted yet

public:
    explicit Block(const QJsonValue &block)
        : value(block)
    {
        if (!block.isObject())
            return;
        const QJsonObject object = block.toObject();
        const QString type = object.value("type"_L1).toString();
        if (type == "text"_L1) {
            kind = BlockKind::Text;
            text = object.value("text"_L1).toString();
            const QJsonValue existing = object.value("citations"_L1);
            if (existing.isArray())
                citations = existing.toArray();
        } else if (type == "thinking"_L1) {
            kind = BlockKind::Thinking;
            text = object.value("thinking"_L1).toString();
        } else if (type == "tool_use"_L1 || type == "server_tool_use"_L1 ||
                   type == "mcp_tool_use"_L1) {
            kind = BlockKind::Tool;
        }
    }

    /// Text: `text`; Thinking: `thinking`. The deltas arrive as UTF-8 and are converted to UTF-16
    /// in bulk when the text is read (a signal, the message) instead of one by one: for a long
    /// reply, 240,000 small conversions cost more than parsing the events.
    const QString &currentText() const
    {
        if (!pendingUtf8.isEmpty()) {
            text.append(QUtf8StringView(pendingUtf8));
            pendingUtf8.resize(0); // keeps the capacity for the next deltas
        }
        return text;
    }
    /// @p utf8 is valid UTF-8 (checked by the parser).
    void appendText(QByteArrayView utf8)
    {
        pendingUtf8.append(utf8);
        textTouched = true;
    }
    void appendText(const QString &more)
    {
        currentText();
        text += more;
        textTouched = true;
    }

    QJsonValue input() const
    {
        if (inputFixed)
            return fixedInput;
        if (json.isEmpty())
            return QJsonObject();
        // While the JSON streams it may not parse yet (the SDK's getter would throw): show {}.
        return JsonParser::parsePartial(json).value_or(QJsonObject());
    }

    QJsonValue materialize() const
    {
        if (!value.isObject() || (!textTouched && !citationsTouched && !hasJson))
            return value;
        QJsonObject object = value.toObject();
        if (textTouched)
            object.insert(kind == BlockKind::Text ? "text"_L1 : "thinking"_L1, currentText());
        if (citationsTouched)
            object.insert("citations"_L1, citations);
        if (hasJson)
            object.insert("input"_L1, input());
        return object;
    }
};

enum class DeltaKind
{
    Text,
    Thinking,
    InputJson
};

// A content_block_delta read by the fast path: everything the event holds.
struct FastDelta
{
    DeltaKind kind = DeltaKind::Text;
    int64_t index = -1;
    std::string_view payload; // unescaped UTF-8, valid until the next parse
};

// The value of four hex digits, or -1.
int hex4(const char *p)
{
    int value = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = p[i];
        value <<= 4;
        if (c >= '0' && c <= '9')
            value |= c - '0';
        else if (c >= 'a' && c <= 'f')
            value |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            value |= c - 'A' + 10;
        else
            return -1;
    }
    return value;
}

void appendUtf8(std::string &out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xC0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xE0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    }
}

// The first '"', '\\' or control character in [p, end) (end when none). *high is set when a
// byte >= 0x80 came before it.
const char *skipPlain(const char *p, const char *end, bool *high)
{
    // Eight bytes at a time while none of them can be special (the tests below may report a
    // byte that is not, never miss one that is; the byte loop then finds it exactly).
    constexpr uint64_t kOnes = 0x0101010101010101ULL;
    constexpr uint64_t kHighs = 0x8080808080808080ULL;
    const auto hasLess = [](uint64_t w, uint64_t n) { return (w - kOnes * n) & ~w & kHighs; };
    const auto hasZero = [hasLess](uint64_t w) { return hasLess(w, 1); };
    while (end - p >= 8) {
        uint64_t w = 0;
        std::memcpy(&w, p, sizeof w);
        if ((w & kHighs) != 0)
            *high = true;
        if ((hasZero(w ^ (kOnes * '"')) | hasZero(w ^ (kOnes * '\\')) | hasLess(w, 0x20)) != 0)
            break;
        p += 8;
    }
    for (; p != end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"' || c == '\\' || c < 0x20)
            return p;
        if (c >= 0x80)
            *high = true;
    }
    return p;
}

struct LiteralShape
{
    QByteArrayView middle; // from after the index to the payload string's opening quote
    DeltaKind kind;
};

} // namespace

struct Accumulator::Private
{
    explicit Private(Accumulator *owner)
        : q(owner)
    {}

    Accumulator *q;
    QJsonObject message; // the snapshot without `content`
    std::vector<Block> blocks;
    bool started = false;
    bool finished = false;
    bool failed = false;
    QString error;
    QJsonObject streamErrorBody;
    qint64 events = 0;

    simdjson::ondemand::parser fastParser;
    std::string padded;
    std::string unescaped; // the literal fast path's payload when it had escapes

    // Coalescing: the deltas held back for one signal.
    bool coalescing = false;
    int pendingIndex = -1; // their block, -1 when none
    DeltaKind pendingKind = DeltaKind::Text;
    qsizetype pendingFrom = 0; // where they start in the block's text (UTF-16) or json (UTF-8)

    bool fail(const QString &why)
    {
        flushPending();
        if (!failed) {
            failed = true;
            error = why;
            Q_EMIT q->failed(why);
        }
        return false;
    }

    bool applyData(QByteArrayView type, QByteArrayView json);
    bool parseLiteralDelta(QByteArrayView json, FastDelta &out);
    bool parseFastDelta(QByteArrayView json, FastDelta &out);
    qsizetype announcedFrom(int index, DeltaKind kind) const;
    void announce(int index, DeltaKind kind, qsizetype from);
    void flushPending();
    bool applyFastDelta(const FastDelta &delta);
    bool applyStreamError(QByteArrayView json);
    bool applyObject(const QJsonObject &event);
    bool messageStart(const QJsonObject &event);
    bool messageDelta(const QJsonObject &event);
    bool blockStart(const QJsonObject &event);
    bool blockDelta(const QJsonObject &event);
    bool blockStop(const QJsonObject &event);
    Block *effectiveBlock(const QJsonValue &index, int *position);
    QJsonObject materialize() const;
};

bool Accumulator::Private::applyData(QByteArrayView type, QByteArrayView json)
{
    // core/streaming.js: ping and nameless events are skipped, `error` throws, empty data is
    // skipped, anything else must be JSON and is dispatched on its own `type`.
    if (type == "ping" || type == "message")
        return true;
    if (type == "error")
        return applyStreamError(json);
    if (json.isEmpty())
        return true;

    FastDelta fast;
    if (parseLiteralDelta(json, fast) || parseFastDelta(json, fast))
        return applyFastDelta(fast);

    QByteArray sanitized;
    if (!simdjson::validate_utf8(json.data(), size_t(json.size()))) {
        // The SDK decodes the byte stream with a TextDecoder, which replaces invalid UTF-8.
        sanitized = QString::fromUtf8(json).toUtf8();
        json = sanitized;
    }
    QString why;
    const std::optional<QJsonValue> parsed = JsonParser::parse(json, &why);
    if (!parsed) {
        return fail(tr("Malformed JSON in the \"%1\" event of the stream (%2): %3")
                        .arg(QString::fromUtf8(type), why,
                             QString::fromUtf8(json.first(qMin<qsizetype>(json.size(), 200)))));
    }
    if (parsed->isNull())
        return fail(tr("The \"%1\" event of the stream holds null instead of an event object")
                        .arg(QString::fromUtf8(type)));
    if (!parsed->isObject())
        return true; // the SDK reads `type` of it, finds none and ignores it
    return applyObject(parsed->toObject());
}

bool Accumulator::Private::parseLiteralDelta(QByteArrayView json, FastDelta &out)
{
    // The common deltas exactly as the API writes them, read without a JSON parser:
    // {"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"..."}}
    // (or thinking_delta / thinking, input_json_delta / partial_json). Any other spelling, key
    // order or spacing, a control character, an unknown escape, a lone surrogate or invalid
    // UTF-8 is left to parseFastDelta() and the full parse.
    static const QByteArrayView head(R"({"type":"content_block_delta","index":)");
    static const LiteralShape shapes[] = {
        {QByteArrayView(R"(,"delta":{"type":"text_delta","text":")"), DeltaKind::Text},
        {QByteArrayView(R"(,"delta":{"type":"thinking_delta","thinking":")"), DeltaKind::Thinking},
        {QByteArrayView(R"(,"delta":{"type":"input_json_delta","partial_json":")"),
         DeltaKind::InputJson},
    };
    if (!json.startsWith(head))
        return false;
    const char *p = json.data() + head.size();
    const char *const end = json.data() + json.size();

    // The index: a JSON integer without sign or leading zero.
    if (p == end || *p < '0' || *p > '9' ||
        (*p == '0' && end - p > 1 && p[1] >= '0' && p[1] <= '9'))
        return false;
    int64_t index = 0;
    for (int digits = 0; p != end && *p >= '0' && *p <= '9'; ++p) {
        if (++digits > 9)
            return false;
        index = index * 10 + (*p - '0');
    }
    const LiteralShape *shape = nullptr;
    const QByteArrayView rest(p, end - p);
    for (const LiteralShape &candidate : shapes) {
        if (rest.startsWith(candidate.middle)) {
            shape = &candidate;
            break;
        }
    }
    if (!shape)
        return false;
    p += shape->middle.size();

    // The string up to its closing quote, then exactly "}}" and nothing else.
    const char *const start = p;
    const char *run = p;
    bool escaped = false;
    bool high = false; // a non-ASCII byte: the payload's UTF-8 must be checked
    for (;;) {
        p = skipPlain(p, end, &high);
        if (p == end)
            return false;
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"')
            break;
        if (c < 0x20)
            return false;
        if (!escaped) {
            escaped = true;
            unescaped.clear();
        }
        unescaped.append(run, size_t(p - run));
        if (end - p < 2)
            return false;
        const char e = p[1];
        p += 2;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            unescaped.push_back(e);
            break;
        case 'b':
            unescaped.push_back('\b');
            break;
        case 'f':
            unescaped.push_back('\f');
            break;
        case 'n':
            unescaped.push_back('\n');
            break;
        case 'r':
            unescaped.push_back('\r');
            break;
        case 't':
            unescaped.push_back('\t');
            break;
        case 'u': {
            if (end - p < 4)
                return false;
            int unit = hex4(p);
            p += 4;
            if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF))
                return false;
            char32_t cp = char32_t(unit);
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
                    return false;
                const int low = hex4(p + 2);
                if (low < 0xDC00 || low > 0xDFFF)
                    return false;
                p += 6;
                cp = 0x10000 + ((char32_t(unit) - 0xD800) << 10) + (char32_t(low) - 0xDC00);
            }
            appendUtf8(unescaped, cp);
            break;
        }
        default:
            return false;
        }
        run = p;
    }
    const char *const close = p;
    if (end - close != 3 || close[1] != '}' || close[2] != '}')
        return false;
    std::string_view payload(start, size_t(close - start));
    if (escaped) {
        unescaped.append(run, size_t(close - run));
        payload = unescaped;
    }
    if (high && !simdjson::validate_utf8(payload.data(), payload.size()))
        return false;
    out.kind = shape->kind;
    out.index = index;
    out.payload = payload;
    return true;
}

bool Accumulator::Private::parseFastDelta(QByteArrayView json, FastDelta &out)
{
    // Only the exact shape of a text, thinking or input JSON delta is read here; anything else
    // (other events, extra or repeated fields, any error) goes to the full parse, which also
    // gives the precise error. Every byte is validated: all values are read and the document
    // must end after the object.
    const size_t length = size_t(json.size());
    if (padded.size() < length + simdjson::SIMDJSON_PADDING)
        padded.resize(length + simdjson::SIMDJSON_PADDING);
    std::memcpy(padded.data(), json.data(), length);

    simdjson::ondemand::document doc;
    if (fastParser.iterate(padded.data(), length, padded.size()).get(doc) != simdjson::SUCCESS)
        return false;
    simdjson::ondemand::object object;
    if (doc.get_object().get(object) != simdjson::SUCCESS)
        return false;

    bool haveType = false;
    bool haveIndex = false;
    bool haveDelta = false;
    bool haveDeltaType = false;
    bool havePayload = false;
    std::string_view deltaType;
    std::string_view payloadKey;
    for (auto fieldResult : object) {
        simdjson::ondemand::field field;
        if (std::move(fieldResult).get(field) != simdjson::SUCCESS)
            return false;
        std::string_view key;
        if (field.unescaped_key().get(key) != simdjson::SUCCESS)
            return false;
        if (key == "type") {
            std::string_view type;
            if (haveType || field.value().get_string().get(type) != simdjson::SUCCESS ||
                type != "content_block_delta")
                return false;
            haveType = true;
        } else if (key == "index") {
            if (haveIndex || field.value().get_int64().get(out.index) != simdjson::SUCCESS)
                return false;
            haveIndex = true;
        } else if (key == "delta") {
            simdjson::ondemand::object delta;
            if (haveDelta || field.value().get_object().get(delta) != simdjson::SUCCESS)
                return false;
            haveDelta = true;
            for (auto deltaFieldResult : delta) {
                simdjson::ondemand::field deltaField;
                if (std::move(deltaFieldResult).get(deltaField) != simdjson::SUCCESS)
                    return false;
                std::string_view deltaKey;
                if (deltaField.unescaped_key().get(deltaKey) != simdjson::SUCCESS)
                    return false;
                if (deltaKey == "type") {
                    if (haveDeltaType ||
                        deltaField.value().get_string().get(deltaType) != simdjson::SUCCESS)
                        return false;
                    haveDeltaType = true;
                } else if (deltaKey == "text" || deltaKey == "thinking" ||
                           deltaKey == "partial_json") {
                    payloadKey = deltaKey;
                    if (havePayload ||
                        deltaField.value().get_string().get(out.payload) != simdjson::SUCCESS)
                        return false;
                    havePayload = true;
                } else {
                    return false;
                }
            }
        } else {
            return false;
        }
    }
    if (!haveType || !haveIndex || !haveDelta || !haveDeltaType || !havePayload || !doc.at_end())
        return false;
    if (deltaType == "text_delta" && payloadKey == "text")
        out.kind = DeltaKind::Text;
    else if (deltaType == "thinking_delta" && payloadKey == "thinking")
        out.kind = DeltaKind::Thinking;
    else if (deltaType == "input_json_delta" && payloadKey == "partial_json")
        out.kind = DeltaKind::InputJson;
    else
        return false;
    return true;
}

bool Accumulator::Private::applyFastDelta(const FastDelta &delta)
{
    if (!started || finished)
        return true;
    if (delta.index < 0 || delta.index >= int64_t(blocks.size()))
        return true; // the SDK finds no block there
    const int index = int(delta.index);
    Block &block = blocks[size_t(index)];
    const QByteArrayView payload(delta.payload.data(), qsizetype(delta.payload.size()));
    switch (delta.kind) {
    case DeltaKind::Text:
    case DeltaKind::Thinking:
        if (block.kind == (delta.kind == DeltaKind::Text ? BlockKind::Text : BlockKind::Thinking)) {
            const qsizetype from = announcedFrom(index, delta.kind);
            block.appendText(payload);
            announce(index, delta.kind, from);
        }
        break;
    case DeltaKind::InputJson:
        if (block.kind == BlockKind::Tool) {
            const qsizetype from = announcedFrom(index, delta.kind);
            block.json.append(delta.payload.data(), qsizetype(delta.payload.size()));
            block.hasJson = true;
            block.inputFixed = false;
            announce(index, delta.kind, from);
        }
        break;
    }
    return true;
}

qsizetype Accumulator::Private::announcedFrom(int index, DeltaKind kind) const
{
    // A delta that joins the ones held back needs no position (and must not convert the text
    // held back as UTF-8: that is what coalescing saves).
    if (coalescing && pendingIndex == index && pendingKind == kind)
        return pendingFrom;
    const Block &block = blocks[size_t(index)];
    return kind == DeltaKind::InputJson ? block.json.size() : block.currentText().size();
}

void Accumulator::Private::announce(int index, DeltaKind kind, qsizetype from)
{
    if (coalescing && pendingIndex == index && pendingKind == kind)
        return; // joins the deltas held back
    flushPending();
    pendingIndex = index;
    pendingKind = kind;
    pendingFrom = from;
    if (!coalescing)
        flushPending();
}

void Accumulator::Private::flushPending()
{
    if (pendingIndex < 0)
        return;
    const int index = pendingIndex;
    pendingIndex = -1;
    if (size_t(index) >= blocks.size())
        return;
    const Block &block = blocks[size_t(index)];
    switch (pendingKind) {
    case DeltaKind::Text:
        Q_EMIT q->textAppended(index, block.currentText().sliced(pendingFrom));
        break;
    case DeltaKind::Thinking:
        Q_EMIT q->thinkingAppended(index, block.currentText().sliced(pendingFrom));
        break;
    case DeltaKind::InputJson:
        Q_EMIT q->toolInputAppended(
            index, QString::fromUtf8(QByteArrayView(block.json).sliced(pendingFrom)));
        break;
    }
}

bool Accumulator::Private::applyStreamError(QByteArrayView json)
{
    QString detail;
    if (const std::optional<QJsonValue> body = JsonParser::parse(json); body && body->isObject()) {
        streamErrorBody = body->toObject();
        const QJsonObject inner = streamErrorBody.value("error"_L1).toObject();
        const QString type = inner.value("type"_L1).toString();
        const QString text = inner.value("message"_L1).toString();
        if (!type.isEmpty() && !text.isEmpty())
            detail = type + u": "_s + text;
        else if (!type.isEmpty() || !text.isEmpty())
            detail = type + text;
    }
    if (detail.isEmpty())
        detail = QString::fromUtf8(json.first(qMin<qsizetype>(json.size(), 500)));
    return fail(tr("The API sent an error during the stream: %1").arg(detail));
}

bool Accumulator::Private::applyObject(const QJsonObject &event)
{
    flushPending(); // what came before this event is announced before it
    const QString type = event.value("type"_L1).toString();
    if (type == "message_start"_L1)
        return messageStart(event);
    if (!started || finished)
        return true; // before message_start the SDK has no snapshot; after message_stop we ignore
    if (type == "content_block_delta"_L1)
        return blockDelta(event);
    if (type == "content_block_start"_L1)
        return blockStart(event);
    if (type == "content_block_stop"_L1)
        return blockStop(event);
    if (type == "message_delta"_L1)
        return messageDelta(event);
    if (type == "message_stop"_L1) {
        finished = true;
        // The whole message is built only for someone who listens (it may be megabytes).
        static const QMetaMethod finishedSignal = QMetaMethod::fromSignal(&Accumulator::finished);
        if (q->isSignalConnected(finishedSignal))
            Q_EMIT q->finished(materialize());
        return true;
    }
    return true; // unknown event types are ignored
}

bool Accumulator::Private::messageStart(const QJsonObject &event)
{
    if (started) {
        return fail(tr("Unexpected message_start: the stream already started a message (%1)")
                        .arg(message.value("id"_L1).toString()));
    }
    const QJsonValue value = event.value("message"_L1);
    if (!isTruthy(value))
        return true; // the SDK keeps no snapshot then
    if (!value.isObject() || !value.toObject().value("content"_L1).isArray())
        return fail(tr("Malformed message_start: no message object with a content array"));
    message = value.toObject();
    const QJsonArray content = message.take("content"_L1).toArray();
    blocks.clear();
    blocks.reserve(size_t(content.size()));
    for (const QJsonValue block : content)
        blocks.emplace_back(block);
    started = true;
    Q_EMIT q->messageStarted(materialize());
    return true;
}

bool Accumulator::Private::messageDelta(const QJsonObject &event)
{
    const QJsonValue deltaValue = event.value("delta"_L1);
    const QJsonValue usageValue = event.value("usage"_L1);
    if (isNullish(deltaValue) || isNullish(usageValue))
        return fail(tr("Malformed message_delta: it has no delta or no usage"));
    if (!message.value("usage"_L1).isObject())
        return fail(tr("Malformed stream: message_delta for a message without usage"));
    const QJsonObject delta = deltaValue.toObject();
    const QJsonObject usage = usageValue.toObject();

    assign(message, "stop_reason"_L1, delta.value("stop_reason"_L1));
    assign(message, "stop_sequence"_L1, delta.value("stop_sequence"_L1));
    assign(message, "stop_details"_L1, delta.value("stop_details"_L1));
    QJsonObject total = message.value("usage"_L1).toObject();
    assign(total, "output_tokens"_L1, usage.value("output_tokens"_L1));
    if (const QJsonValue container = delta.value("container"_L1); !isNullish(container))
        message.insert("container"_L1, container);
    for (QLatin1StringView key : {"context_management"_L1, "input_transformations"_L1}) {
        if (const QJsonValue value = event.value(key); !isNullish(value))
            message.insert(key, value);
    }
    // Cumulative whole-message totals, omitted when they do not apply: replace, never add.
    for (QLatin1StringView key :
         {"input_tokens"_L1, "cache_creation_input_tokens"_L1, "cache_read_input_tokens"_L1,
          "server_tool_use"_L1, "iterations"_L1, "fallback_credit"_L1,
          "output_tokens_details"_L1}) {
        if (const QJsonValue value = usage.value(key); !isNullish(value))
            total.insert(key, value);
    }
    message.insert("usage"_L1, total);
    Q_EMIT q->messageDelta(delta, usage);
    return true;
}

bool Accumulator::Private::blockStart(const QJsonObject &event)
{
    const QJsonValue value = event.value("content_block"_L1);
    if (isNullish(value))
        return fail(tr("Malformed content_block_start: it has no content_block"));
    blocks.emplace_back(value);
    const int index = int(blocks.size()) - 1;
    if (value.isObject() && value.toObject().value("type"_L1).toString() == "fallback"_L1) {
        // The final hop's fallback block names the model that served the response.
        const QJsonValue to = value.toObject().value("to"_L1);
        if (isNullish(to))
            return fail(tr("Malformed fallback block: it has no \"to\""));
        assign(message, "model"_L1, to.toObject().value("model"_L1));
    }
    Q_EMIT q->blockStarted(index, value.toObject());
    return true;
}

Block *Accumulator::Private::effectiveBlock(const QJsonValue &index, int *position)
{
    // The SDK reads `content.at(index)` but writes `content[index]`: only an integer index in
    // range changes the message.
    if (!index.isDouble())
        return nullptr;
    const double at = index.toDouble();
    if (at != std::trunc(at) || at < 0 || at >= double(blocks.size()))
        return nullptr;
    *position = int(at);
    return &blocks[size_t(at)];
}

bool Accumulator::Private::blockDelta(const QJsonObject &event)
{
    const QJsonValue deltaValue = event.value("delta"_L1);
    if (isNullish(deltaValue))
        return fail(tr("Malformed content_block_delta: it has no delta"));
    const QJsonObject delta = deltaValue.toObject();
    int index = -1;
    Block *block = effectiveBlock(event.value("index"_L1), &index);
    if (!block)
        return true;
    const QString type = delta.value("type"_L1).toString();
    auto payload = [&](QLatin1StringView key, QString *out) {
        const QJsonValue value = delta.value(key);
        if (!value.isString())
            return fail(tr("Malformed %1: \"%2\" is not a string").arg(type, key));
        *out = value.toString();
        return true;
    };

    if (type == "text_delta"_L1) {
        if (block->kind != BlockKind::Text)
            return true;
        QString text;
        if (!payload("text"_L1, &text))
            return false;
        const qsizetype from = announcedFrom(index, DeltaKind::Text);
        block->appendText(text);
        announce(index, DeltaKind::Text, from);
    } else if (type == "thinking_delta"_L1) {
        if (block->kind != BlockKind::Thinking)
            return true;
        QString text;
        if (!payload("thinking"_L1, &text))
            return false;
        const qsizetype from = announcedFrom(index, DeltaKind::Thinking);
        block->appendText(text);
        announce(index, DeltaKind::Thinking, from);
    } else if (type == "input_json_delta"_L1) {
        if (block->kind != BlockKind::Tool)
            return true;
        QString json;
        if (!payload("partial_json"_L1, &json))
            return false;
        const qsizetype from = announcedFrom(index, DeltaKind::InputJson);
        block->json.append(json.toUtf8());
        block->hasJson = true;
        block->inputFixed = false;
        announce(index, DeltaKind::InputJson, from);
    } else if (type == "citations_delta"_L1) {
        if (block->kind != BlockKind::Text)
            return true;
        const QJsonValue citation = delta.value("citation"_L1);
        block->citations.append(citation.isUndefined() ? QJsonValue(QJsonValue::Null) : citation);
        block->citationsTouched = true;
        Q_EMIT q->citationAdded(index, citation.toObject());
    } else if (type == "signature_delta"_L1) {
        if (block->kind != BlockKind::Thinking)
            return true;
        QJsonObject object = block->value.toObject();
        assign(object, "signature"_L1, delta.value("signature"_L1));
        block->value = object;
        Q_EMIT q->signatureSet(index);
    } else if (type == "compaction_delta"_L1) {
        if (!block->value.isObject() ||
            block->value.toObject().value("type"_L1).toString() != "compaction"_L1)
            return true;
        // The delta carries the block's final value (null content = failed compaction).
        QJsonObject object = block->value.toObject();
        assign(object, "content"_L1, delta.value("content"_L1));
        if (delta.contains("encrypted_content"_L1))
            object.insert("encrypted_content"_L1, delta.value("encrypted_content"_L1));
        block->value = object;
    }
    // Unknown delta types are ignored.
    return true;
}

bool Accumulator::Private::blockStop(const QJsonObject &event)
{
    // `content.at(index)`: a missing index reads 0, a negative one counts from the end.
    const QJsonValue indexValue = event.value("index"_L1);
    double at = 0;
    if (indexValue.isDouble())
        at = std::trunc(indexValue.toDouble());
    else if (indexValue.isBool())
        at = indexValue.toBool() ? 1 : 0;
    else if (!isNullish(indexValue))
        return true;
    if (at < 0)
        at += double(blocks.size());
    if (at < 0 || at >= double(blocks.size()))
        return true;
    const int index = int(at);
    Block &block = blocks[size_t(index)];
    if (block.kind == BlockKind::Tool && block.hasJson) {
        QString why;
        std::optional<QJsonValue> input;
        if (block.json.isEmpty())
            input = QJsonObject();
        else
            input = JsonParser::parsePartial(block.json, &why);
        block.inputFixed = true;
        block.fixedInput = input.value_or(QJsonObject());
        if (!input) {
            return fail(tr("Unable to parse tool parameter JSON from model (%1). JSON: %2")
                            .arg(why, QString::fromUtf8(block.json)));
        }
    }
    Q_EMIT q->blockStopped(index);
    return true;
}

QJsonObject Accumulator::Private::materialize() const
{
    if (!started)
        return {};
    QJsonObject out = message;
    QJsonArray content;
    for (const Block &block : blocks)
        content.append(block.materialize());
    out.insert("content"_L1, content);
    return out;
}

Accumulator::Accumulator(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this))
{}

Accumulator::~Accumulator() = default;

bool Accumulator::apply(const SseEvent &event)
{
    return applyEvent(event.type, event.data);
}

bool Accumulator::applyEvent(QByteArrayView type, QByteArrayView json)
{
    ++d->events;
    if (d->failed)
        return false;
    return d->applyData(type, json);
}

bool Accumulator::endOfStream()
{
    if (d->failed)
        return false;
    if (d->finished)
        return true;
    if (!d->started)
        return d->fail(tr("The stream ended without sending a message"));
    return d->fail(tr("The stream ended before the message was complete (no message_stop)"));
}

QJsonObject Accumulator::message() const
{
    return d->materialize();
}

bool Accumulator::isStarted() const
{
    return d->started;
}

bool Accumulator::isFinished() const
{
    return d->finished;
}

bool Accumulator::hasFailed() const
{
    return d->failed;
}

QString Accumulator::error() const
{
    return d->error;
}

QJsonObject Accumulator::streamErrorBody() const
{
    return d->streamErrorBody;
}

qint64 Accumulator::eventCount() const
{
    return d->events;
}

void Accumulator::setCoalescing(bool coalescing)
{
    if (!coalescing)
        d->flushPending();
    d->coalescing = coalescing;
}

bool Accumulator::isCoalescing() const
{
    return d->coalescing;
}

void Accumulator::flushDeltas()
{
    d->flushPending();
}

void Accumulator::reset()
{
    d->pendingIndex = -1;
    d->message = QJsonObject();
    d->blocks.clear();
    d->started = false;
    d->finished = false;
    d->failed = false;
    d->error.clear();
    d->streamErrorBody = QJsonObject();
    d->events = 0;
}

} // namespace claudette
