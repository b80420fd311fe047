#include "support/fakeapiserver.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonParseError>
#include <QJsonValue>
#include <QPointer>
#include <QRandomGenerator>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace claudette::test {

namespace {

constexpr qsizetype MaxHeaderBytes = 64 * 1024;
constexpr qsizetype MaxBodyBytes = 256 * 1024 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 407:
        return "Proxy Authentication Required";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 529:
        return "Overloaded";
    default:
        return "Status";
    }
}

QByteArray apiErrorBody(const char *type, const QString &message, const QByteArray &requestId)
{
    const QJsonObject error{{u"type"_s, QString::fromLatin1(type)}, {u"message"_s, message}};
    const QJsonObject root{{u"type"_s, u"error"_s},
                           {u"error"_s, error},
                           {u"request_id"_s, QString::fromLatin1(requestId)}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

bool pathMatches(const QByteArray &pattern, const QByteArray &target)
{
    if (pattern.isEmpty() || pattern == "*")
        return true;
    if (pattern.endsWith('*'))
        return target.startsWith(pattern.chopped(1));
    if (pattern.contains('?'))
        return pattern == target;
    const qsizetype q = target.indexOf('?');
    return pattern == (q < 0 ? target : target.left(q));
}

bool isSecretHeader(QByteArrayView name)
{
    return name.compare("x-api-key", Qt::CaseInsensitive) == 0 ||
           name.compare("authorization", Qt::CaseInsensitive) == 0;
}

} // namespace

// ------------------------------------------------------------------------------------------
// Request

QByteArray FakeApiServer::Request::header(QByteArrayView name) const
{
    for (const Header &h : headers) {
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

bool FakeApiServer::Request::hasHeader(QByteArrayView name) const
{
    return std::any_of(headers.cbegin(), headers.cend(), [name](const Header &h) {
        return QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0;
    });
}

QByteArray FakeApiServer::Request::pathOnly() const
{
    const qsizetype q = path.indexOf('?');
    return q < 0 ? path : path.left(q);
}

QString FakeApiServer::Request::queryItem(const QString &key) const
{
    const qsizetype q = path.indexOf('?');
    if (q < 0)
        return {};
    return QUrlQuery(QString::fromUtf8(path.mid(q + 1))).queryItemValue(key, QUrl::FullyDecoded);
}

// ------------------------------------------------------------------------------------------
// Connection: reads one request, then writes the answer the rule describes.

class FakeApiServer::Connection : public QObject
{
public:
    Connection(FakeApiServer *server, QTcpSocket *socket)
        : QObject(server)
        , m_server(server)
        , m_socket(socket)
    {
        server->m_connections.append(this);
        socket->setParent(this);
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(socket, &QTcpSocket::readyRead, this, &Connection::onReadyRead);
        connect(socket, &QTcpSocket::disconnected, this, &Connection::onDisconnected);
    }

    ~Connection() override { m_server->m_connections.removeOne(this); }

private:
    enum class State
    {
        ReadingHead,
        ReadingBody,
        ReadingChunked,
        Responding,
        Closed
    };

    void onReadyRead()
    {
        if (m_state == State::Responding || m_state == State::Closed) {
            m_socket->readAll(); // Connection: close; nothing more is read
            return;
        }
        m_buffer += m_socket->readAll();
        parse();
    }

    void onDisconnected()
    {
        if (m_state != State::Closed) {
            m_state = State::Closed;
            if (m_responding)
                Q_EMIT m_server->responseFinished();
        }
        deleteLater();
    }

    void parse()
    {
        if (m_state == State::ReadingHead) {
            qsizetype end = m_buffer.indexOf("\r\n\r\n");
            qsizetype sepLen = 4;
            if (end < 0) {
                end = m_buffer.indexOf("\n\n");
                sepLen = 2;
            }
            if (end < 0) {
                if (m_buffer.size() > MaxHeaderBytes)
                    failRequest(431, "request_too_large", u"request head too large"_s);
                return;
            }
            const QByteArray head = m_buffer.left(end);
            m_buffer.remove(0, end + sepLen);
            if (!parseHead(head))
                return;
        }
        if (m_state == State::ReadingBody) {
            if (m_buffer.size() < m_contentLength)
                return;
            m_request.body = m_buffer.left(m_contentLength);
            m_buffer.remove(0, m_contentLength);
            dispatch();
            return;
        }
        if (m_state == State::ReadingChunked) {
            for (;;) {
                const qsizetype lineEnd = m_buffer.indexOf("\r\n");
                if (lineEnd < 0)
                    return;
                bool ok = false;
                const QByteArray sizeField = m_buffer.left(lineEnd).split(';').value(0).trimmed();
                const qint64 size = sizeField.toLongLong(&ok, 16);
                if (!ok || size < 0 || m_request.body.size() + size > MaxBodyBytes) {
                    failRequest(400, "invalid_request_error", u"bad chunk size in request"_s);
                    return;
                }
                if (m_buffer.size() < lineEnd + 2 + size + 2)
                    return;
                if (size == 0) {
                    m_buffer.clear(); // trailers are ignored
                    dispatch();
                    return;
                }
                m_request.body += m_buffer.mid(lineEnd + 2, size);
                m_buffer.remove(0, lineEnd + 2 + size + 2);
            }
        }
    }

    bool parseHead(const QByteArray &head)
    {
        QList<QByteArray> lines = head.split('\n');
        for (QByteArray &line : lines) {
            if (line.endsWith('\r'))
                line.chop(1);
        }
        const QList<QByteArray> requestLine = lines.value(0).split(' ');
        if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.") ||
            requestLine.at(0).isEmpty() || !requestLine.at(1).startsWith('/')) {
            failRequest(400, "invalid_request_error", u"malformed request line"_s);
            return false;
        }
        m_request.method = requestLine.at(0);
        m_request.path = requestLine.at(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon <= 0) {
                failRequest(400, "invalid_request_error", u"malformed header line"_s);
                return false;
            }
            m_request.headers.append(
                {lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
        }
        if (m_request.header("transfer-encoding").toLower().contains("chunked")) {
            m_state = State::ReadingChunked;
            return true;
        }
        bool ok = true;
        const QByteArray length = m_request.header("content-length");
        m_contentLength = length.isNull() ? 0 : length.toLongLong(&ok);
        if (!ok || m_contentLength < 0 || m_contentLength > MaxBodyBytes) {
            failRequest(400, "invalid_request_error", u"bad Content-Length"_s);
            return false;
        }
        m_state = State::ReadingBody;
        return true;
    }

    // A request this parser cannot read: an API-style error, then close.
    void failRequest(int status, const char *type, const QString &message)
    {
        m_state = State::Responding;
        m_responding = true;
        const QByteArray id = "req_fake_bad_" + QByteArray::number(++m_server->m_requestCounter);
        const QByteArray body = apiErrorBody(type, u"fake-api: "_s + message, id);
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) +
                         "\r\ncontent-type: application/json\r\nrequest-id: " + id +
                         "\r\ncontent-length: " + QByteArray::number(body.size()) +
                         "\r\nconnection: close\r\n\r\n" + body;
        m_socket->write(out);
        m_socket->disconnectFromHost();
    }

    void dispatch()
    {
        m_state = State::Responding;
        m_responding = true;
        const int ruleIndex = m_server->handleRequest(m_request);
        if (ruleIndex < 0) {
            m_status = 404;
            const QByteArray id = "req_fake_" + QByteArray::number(m_server->m_requestCounter);
            m_body = apiErrorBody(
                "not_found_error",
                u"fake-api: no rule matches %1 %2"_s.arg(QString::fromLatin1(m_request.method),
                                                         QString::fromUtf8(m_request.path)),
                id);
            m_headers = {{"content-type", "application/json"}, {"request-id", id}};
            m_rule = Rule{};
            m_rule.status = 404;
        } else {
            m_rule = m_server->m_rules.at(ruleIndex);
            m_status = m_rule.status;
            m_body = m_rule.body;
            prepareHeaders();
        }
        if (m_rule.delayMs > 0)
            QTimer::singleShot(m_rule.delayMs, this, &Connection::writeHead);
        else
            writeHead();
    }

    void prepareHeaders()
    {
        const auto has = [this](QByteArrayView name) {
            return std::any_of(m_headers.cbegin(), m_headers.cend(), [name](const Header &h) {
                return QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0;
            });
        };
        m_headers = m_rule.headers;
        const auto removed = [this](QByteArrayView name) {
            return std::any_of(
                m_rule.removeHeaders.cbegin(), m_rule.removeHeaders.cend(),
                [name](const QByteArray &r) { return name.compare(r, Qt::CaseInsensitive) == 0; });
        };
        if (!has("content-type") && !removed("content-type")) {
            QByteArray type = "text/plain; charset=utf-8";
            const QByteArray trimmed = m_body.trimmed();
            if (trimmed.startsWith("event:") || trimmed.startsWith("data:"))
                type = "text/event-stream; charset=utf-8";
            else if (!m_body.isEmpty() && !QJsonDocument::fromJson(m_body).isNull())
                type = "application/json";
            m_headers.append({"content-type", type});
        }
        if (!has("request-id") && !removed("request-id"))
            m_headers.append(
                {"request-id", "req_fake_" + QByteArray::number(m_server->m_requestCounter)});
    }

    void writeHead()
    {
        if (m_state == State::Closed)
            return;
        if (m_status == 0) {
            // Drop the connection without a word: the client sees a connection failure.
            m_socket->abort();
            onDisconnected();
            return;
        }
        QByteArray head =
            "HTTP/1.1 " + QByteArray::number(m_status) + ' ' + reasonPhrase(m_status) + "\r\n";
        for (const Header &h : std::as_const(m_headers))
            head += h.first + ": " + h.second + "\r\n";
        switch (m_rule.transfer) {
        case Rule::Transfer::Length:
            head += "content-length: " + QByteArray::number(m_body.size()) + "\r\n";
            break;
        case Rule::Transfer::Chunked:
            head += "transfer-encoding: chunked\r\n";
            break;
        case Rule::Transfer::Close:
            break;
        }
        head += "connection: close\r\n\r\n";
        m_socket->write(head);
        m_socket->flush();
        planPieces();
        m_stallPending = m_rule.stallMs != 0;
        sendNext();
    }

    void planPieces()
    {
        m_cuts = FakeApiServer::planWrites(m_rule, m_body.size());
        m_nextCut = 0;
        m_sent = 0;
    }

    void sendNext()
    {
        for (;;) {
            if (m_state == State::Closed)
                return;
            if (m_stallPending && m_sent >= m_rule.stallAtBytes) {
                m_stallPending = false;
                if (m_rule.stallMs > 0)
                    QTimer::singleShot(m_rule.stallMs, this, &Connection::sendNext);
                // A negative stall never resumes: the client has to give up.
                return;
            }
            if (m_rule.closeAfterBytes >= 0 && m_sent >= m_rule.closeAfterBytes) {
                m_socket->flush();
                m_socket->disconnectFromHost();
                return;
            }
            if (m_nextCut >= m_cuts.size() || m_sent >= m_body.size()) {
                if (m_rule.transfer == Rule::Transfer::Chunked)
                    m_socket->write("0\r\n\r\n");
                m_socket->disconnectFromHost();
                return;
            }
            const qsizetype end = m_cuts.at(m_nextCut++);
            const QByteArray piece = m_body.mid(m_sent, end - m_sent);
            if (piece.isEmpty())
                continue;
            if (m_rule.transfer == Rule::Transfer::Chunked)
                m_socket->write(QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n");
            else
                m_socket->write(piece);
            m_socket->flush();
            m_sent = end;
            if (m_rule.dripMs > 0) {
                QTimer::singleShot(m_rule.dripMs, this, &Connection::sendNext);
                return;
            }
            if (m_rule.chunking != Rule::Chunking::All) {
                // Let the event loop run between writes so they leave as separate segments.
                QTimer::singleShot(0, this, &Connection::sendNext);
                return;
            }
        }
    }

    FakeApiServer *m_server;
    QTcpSocket *m_socket;
    State m_state = State::ReadingHead;
    QByteArray m_buffer;
    qint64 m_contentLength = 0;
    Request m_request;
    Rule m_rule;
    int m_status = 200;
    QList<Header> m_headers;
    QByteArray m_body;
    QList<qsizetype> m_cuts;
    qsizetype m_nextCut = 0;
    qsizetype m_sent = 0;
    bool m_stallPending = false;
    bool m_responding = false;
};

// ------------------------------------------------------------------------------------------
// FakeApiServer

QList<qsizetype> FakeApiServer::planWrites(const Rule &rule, qsizetype size)
{
    // The chunk boundaries, plus cuts where a stall or the close must happen so those land on
    // exact byte offsets.
    QList<qsizetype> cuts;
    if (rule.chunking == Rule::Chunking::Fixed) {
        const qsizetype step = qMax(1, rule.chunkSize);
        for (qsizetype at = step; at < size; at += step)
            cuts.append(at);
    } else if (rule.chunking == Rule::Chunking::Random) {
        QRandomGenerator random(rule.seed);
        const int largest = qMax(1, rule.chunkSize > 0 ? rule.chunkSize : 64);
        for (qsizetype at = 0; at < size;) {
            at += 1 + random.bounded(largest);
            if (at < size)
                cuts.append(at);
        }
    }
    if (rule.stallMs != 0 && rule.stallAtBytes > 0 && rule.stallAtBytes < size)
        cuts.append(rule.stallAtBytes);
    if (rule.closeAfterBytes > 0 && rule.closeAfterBytes < size)
        cuts.append(rule.closeAfterBytes);
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    cuts.append(size);
    return cuts;
}

FakeApiServer::FakeApiServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    qRegisterMetaType<Request>();
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this,
            &FakeApiServer::acceptConnections);
}

FakeApiServer::~FakeApiServer()
{
    // Delete the connections while this object is still whole: they unregister themselves.
    while (!m_connections.isEmpty())
        delete m_connections.constLast();
}

bool FakeApiServer::listen(quint16 port)
{
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        m_errorString = m_server->errorString();
        return false;
    }
    return true;
}

quint16 FakeApiServer::port() const
{
    return m_server->serverPort();
}

QUrl FakeApiServer::url() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(port());
    return url;
}

int FakeApiServer::openConnections() const
{
    return int(m_connections.size());
}

void FakeApiServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection())
        new Connection(this, socket);
}

int FakeApiServer::handleRequest(Request &request)
{
    ++m_requestCounter;
    int index = -1;
    for (int i = 0; i < m_rules.size(); ++i) {
        Rule &rule = m_rules[i];
        if (rule.times >= 0 && rule.used >= rule.times)
            continue;
        if (!rule.method.isEmpty() && rule.method != "*" &&
            rule.method.compare(request.method, Qt::CaseInsensitive) != 0)
            continue;
        if (!pathMatches(rule.path, request.path))
            continue;
        ++rule.used;
        index = i;
        break;
    }
    request.ruleIndex = index;
    m_requests.append(request);
    logRequest(request, index < 0 ? 404 : m_rules.at(index).status);
    Q_EMIT requestReceived(request);
    return index;
}

bool FakeApiServer::setLogFile(const QString &path)
{
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::WriteOnly | QIODevice::Append)) {
        m_errorString = u"cannot open the log file %1: %2"_s.arg(path, file->errorString());
        return false;
    }
    m_log = std::move(file);
    return true;
}

void FakeApiServer::logRequest(const Request &request, int status)
{
    if (!m_log)
        return;
    QJsonObject headers;
    for (const Header &h : request.headers) {
        const QString name = QString::fromLatin1(h.first).toLower();
        headers.insert(name,
                       isSecretHeader(h.first) ? u"<redacted>"_s : QString::fromLatin1(h.second));
    }
    QJsonObject line{{u"time"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                     {u"method"_s, QString::fromLatin1(request.method)},
                     {u"path"_s, QString::fromUtf8(request.path)},
                     {u"headers"_s, headers},
                     {u"rule"_s, request.ruleIndex},
                     {u"status"_s, status}};
    QJsonParseError error{};
    const QJsonDocument body = QJsonDocument::fromJson(request.body, &error);
    if (request.body.isEmpty())
        line.insert(u"body"_s, QJsonValue::Null);
    else if (error.error == QJsonParseError::NoError)
        line.insert(u"body"_s, body.isObject() ? QJsonValue(body.object()) : body.array());
    else
        line.insert(u"body"_s, QString::fromUtf8(request.body));
    m_log->write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
    m_log->flush();
}

void FakeApiServer::addRule(const Rule &rule)
{
    m_rules.append(rule);
}

bool FakeApiServer::addRule(const QJsonObject &json, const QString &baseDir)
{
    std::optional<Rule> rule = parseRule(json, baseDir, &m_errorString);
    if (!rule)
        return false;
    m_rules.append(*rule);
    return true;
}

void FakeApiServer::clearRules()
{
    m_rules.clear();
}

bool FakeApiServer::loadScript(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_errorString = u"cannot read the script %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError) {
        m_errorString = u"%1: invalid JSON at offset %2: %3"_s.arg(path)
                            .arg(error.offset)
                            .arg(error.errorString());
        return false;
    }
    QJsonArray rules;
    if (doc.isArray()) {
        rules = doc.array();
    } else if (doc.isObject() && doc.object().value("rules"_L1).isArray()) {
        rules = doc.object().value("rules"_L1).toArray();
    } else {
        m_errorString =
            u"%1: a script is a JSON array of rules or an object with a \"rules\" array"_s.arg(
                path);
        return false;
    }
    if (!loadScript(rules, QFileInfo(path).absolutePath())) {
        m_errorString = path + u": "_s + m_errorString;
        return false;
    }
    return true;
}

bool FakeApiServer::loadScript(const QJsonArray &json, const QString &baseDir)
{
    QList<Rule> rules;
    for (qsizetype i = 0; i < json.size(); ++i) {
        if (!json.at(i).isObject()) {
            m_errorString = u"rule %1 is not an object"_s.arg(i);
            return false;
        }
        QString error;
        std::optional<Rule> rule = parseRule(json.at(i).toObject(), baseDir, &error);
        if (!rule) {
            m_errorString = u"rule %1: %2"_s.arg(i).arg(error);
            return false;
        }
        rules.append(*rule);
    }
    m_rules = rules;
    return true;
}

FakeApiServer::Rule FakeApiServer::streamRule(const QByteArray &sseBody, int times)
{
    Rule rule;
    rule.method = "POST";
    rule.path = "/v1/messages";
    rule.headers = {{"content-type", "text/event-stream"}, {"request-id", "req_test"}};
    rule.body = sseBody;
    rule.times = times;
    return rule;
}

std::optional<FakeApiServer::Rule>
FakeApiServer::parseRule(const QJsonObject &json, const QString &baseDir, QString *errorString)
{
    const auto fail = [errorString](const QString &message) -> std::optional<Rule> {
        if (errorString)
            *errorString = message;
        return std::nullopt;
    };
    static const QSet<QString> known{u"match"_s,    u"status"_s,    u"headers"_s,
                                     u"body"_s,     u"body_file"_s, u"chunk"_s,
                                     u"seed"_s,     u"drip_ms"_s,   u"delay_ms"_s,
                                     u"stall_ms"_s, u"stall_at"_s,  u"close_after_bytes"_s,
                                     u"times"_s,    u"transfer"_s,  u"comment"_s};
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key()))
            return fail(u"unknown key \"%1\""_s.arg(it.key()));
    }
    const auto intField = [&json](const char *key, qint64 fallback, bool *ok) -> qint64 {
        const QJsonValue v = json.value(QLatin1StringView(key));
        if (v.isUndefined() || v.isNull())
            return fallback;
        if (!v.isDouble() || v.toDouble() != double(qint64(v.toDouble()))) {
            *ok = false;
            return fallback;
        }
        return qint64(v.toDouble());
    };

    Rule rule;
    const QJsonValue match = json.value("match"_L1);
    if (!match.isUndefined()) {
        if (!match.isObject())
            return fail(u"\"match\" must be an object with \"method\" and/or \"path\""_s);
        rule.method = match["method"_L1].toString().toUpper().toLatin1();
        rule.path = match["path"_L1].toString().toUtf8();
        if (!rule.path.isEmpty() && !rule.path.startsWith('/') && rule.path != "*")
            return fail(u"\"match.path\" must start with '/'"_s);
    }

    bool ok = true;
    rule.status = int(intField("status", 200, &ok));
    if (!ok || (rule.status != 0 && (rule.status < 100 || rule.status > 999)))
        return fail(u"\"status\" must be 0 (drop the connection) or an HTTP status"_s);

    const QJsonValue headers = json.value("headers"_L1);
    if (!headers.isUndefined()) {
        if (!headers.isObject())
            return fail(u"\"headers\" must be an object of name: value"_s);
        const QJsonObject h = headers.toObject();
        for (auto it = h.begin(); it != h.end(); ++it) {
            const QByteArray name = it.key().toLatin1();
            if (it.value().isNull())
                rule.removeHeaders.append(name);
            else if (it.value().isString())
                rule.headers.append({name, it.value().toString().toUtf8()});
            else if (it.value().isDouble())
                rule.headers.append({name, QByteArray::number(it.value().toDouble(), 'g', 17)});
            else
                return fail(u"header \"%1\" must be a string, a number or null"_s.arg(it.key()));
        }
    }

    const QJsonValue body = json.value("body"_L1);
    const QJsonValue bodyFile = json.value("body_file"_L1);
    if (!body.isUndefined() && !bodyFile.isUndefined())
        return fail(u"give \"body\" or \"body_file\", not both"_s);
    if (body.isString()) {
        rule.body = body.toString().toUtf8();
    } else if (body.isObject()) {
        rule.body = QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    } else if (body.isArray()) {
        rule.body = QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact);
    } else if (!body.isUndefined() && !body.isNull()) {
        return fail(u"\"body\" must be a string, an object or an array"_s);
    }
    if (!bodyFile.isUndefined()) {
        if (!bodyFile.isString() || bodyFile.toString().isEmpty())
            return fail(u"\"body_file\" must be a file name"_s);
        const QString path = QDir(baseDir.isEmpty() ? QDir::currentPath() : baseDir)
                                 .absoluteFilePath(bodyFile.toString());
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(u"cannot read body_file %1: %2"_s.arg(path, file.errorString()));
        rule.body = file.readAll();
    }

    const QJsonValue chunk = json.value("chunk"_L1);
    if (chunk.isString() && chunk.toString() == "all"_L1) {
        rule.chunking = Rule::Chunking::All;
    } else if (chunk.isString() && chunk.toString() == "random"_L1) {
        rule.chunking = Rule::Chunking::Random;
    } else if (chunk.isDouble() && chunk.toDouble() >= 1 && chunk.toDouble() <= 1e9) {
        rule.chunking = Rule::Chunking::Fixed;
        rule.chunkSize = int(chunk.toDouble());
    } else if (chunk.isObject() && chunk["random"_L1].isDouble() &&
               chunk["random"_L1].toDouble() >= 1) {
        rule.chunking = Rule::Chunking::Random;
        rule.chunkSize = int(chunk["random"_L1].toDouble());
    } else if (!chunk.isUndefined()) {
        return fail(u"\"chunk\" must be \"all\", a number of bytes >= 1, \"random\" or "
                    "{\"random\": LARGEST}"_s);
    }
    rule.seed = quint32(intField("seed", 1, &ok));
    rule.dripMs = int(intField("drip_ms", 0, &ok));
    rule.delayMs = int(intField("delay_ms", 0, &ok));
    rule.stallMs = int(intField("stall_ms", 0, &ok));
    rule.stallAtBytes = intField("stall_at", 0, &ok);
    rule.closeAfterBytes = intField("close_after_bytes", -1, &ok);
    rule.times = int(intField("times", -1, &ok));
    if (!ok)
        return fail(u"seed, drip_ms, delay_ms, stall_ms, stall_at, close_after_bytes and times "
                    "must be integers"_s);
    if (rule.dripMs < 0 || rule.delayMs < 0 || rule.stallAtBytes < 0 || rule.stallMs < -1 ||
        rule.closeAfterBytes < -1 || rule.times < -1)
        return fail(u"drip_ms, delay_ms and stall_at must be >= 0; stall_ms, close_after_bytes "
                    "and times >= -1"_s);

    const QString transfer = json.value("transfer"_L1).toString(u"length"_s);
    if (transfer == "length"_L1)
        rule.transfer = Rule::Transfer::Length;
    else if (transfer == "chunked"_L1)
        rule.transfer = Rule::Transfer::Chunked;
    else if (transfer == "close"_L1)
        rule.transfer = Rule::Transfer::Close;
    else
        return fail(u"\"transfer\" must be \"length\", \"chunked\" or \"close\""_s);
    return rule;
}

} // namespace claudette::test
