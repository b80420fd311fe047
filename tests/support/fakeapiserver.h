#pragma once

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QUrl>

#include <memory>
#include <optional>
#include <utility>

class QTcpServer;

namespace claudette::test {

/**
 * A scriptable stand-in for the Anthropic Messages API on 127.0.0.1, for tests and the offline
 * demo. Built on a plain QTcpServer with a small HTTP/1.1 parser (not Qt HttpServer) so that it
 * can do what a real network does to a client: split a body at any byte, drip it slowly, stall
 * before or inside it, and close the connection in the middle.
 *
 * Each request gets the first rule that matches its method and path and still has uses left;
 * an unmatched request gets a 404 with an API-style JSON error body. Every request is recorded
 * (requests(), requestReceived()) and, when setLogFile() was called, written as one JSON line
 * (API keys and bearer tokens redacted). Every answer carries `Connection: close`.
 *
 * The script format (a JSON array of rules, or an object with a "rules" array) is documented in
 * docs/testing.md.
 */
class FakeApiServer : public QObject
{
    Q_OBJECT
public:
    using Header = std::pair<QByteArray, QByteArray>;

    struct Rule
    {
        enum class Chunking
        {
            All,
            Fixed,
            Random
        };
        enum class Transfer
        {
            Length,
            Chunked,
            Close
        };

        QByteArray method;     ///< empty or "*": any method
        QByteArray path;       ///< exact path, or a prefix when it ends in '*'
        int status = 200;      ///< 0: close the connection without answering
        QList<Header> headers; ///< extra headers; a null value removes a default one
        QList<QByteArray> removeHeaders;
        QByteArray body;
        Chunking chunking = Chunking::All;
        int chunkSize = 0; ///< bytes per write for Fixed; largest write for Random
        quint32 seed = 1;  ///< for Random
        int dripMs = 0;    ///< pause between two writes of the body
        int delayMs = 0;   ///< pause before the status line
        int stallMs = 0;   ///< pause once stallAtBytes body bytes are out; -1: forever
        qint64 stallAtBytes = 0;
        qint64 closeAfterBytes = -1; ///< close the connection after this many body bytes
        Transfer transfer = Transfer::Length;
        int times = -1; ///< how many requests it may answer; -1: unlimited
        int used = 0;
    };

    struct Request
    {
        QByteArray method;
        QByteArray path; ///< the request target, query included
        QList<Header> headers;
        QByteArray body;
        int ruleIndex = -1; ///< the rule that answered; -1: the 404 fallback

        /// The value of header @p name (case-insensitive), or a null QByteArray.
        QByteArray header(QByteArrayView name) const;
        bool hasHeader(QByteArrayView name) const;
        QJsonDocument json() const { return QJsonDocument::fromJson(body); }
        /// The path without the query.
        QByteArray pathOnly() const;
        /// The value of query item @p key, or an empty string.
        QString queryItem(const QString &key) const;
    };

    explicit FakeApiServer(QObject *parent = nullptr);
    ~FakeApiServer() override;

    /// Listens on 127.0.0.1 (@p port 0: an ephemeral port). The constructor does not listen.
    bool listen(quint16 port = 0);
    quint16 port() const;
    /// `http://127.0.0.1:PORT`
    QUrl url() const;
    QString errorString() const { return m_errorString; }

    /// Replaces the rules with those of a script file; relative body_file paths resolve against
    /// the script's folder. On failure the rules are unchanged and errorString() says why.
    bool loadScript(const QString &path);
    /// Replaces the rules; relative body_file paths resolve against @p baseDir.
    bool loadScript(const QJsonArray &rules, const QString &baseDir = {});
    /// Appends a rule given as script JSON; false (errorString() set) when it is invalid.
    bool addRule(const QJsonObject &rule, const QString &baseDir = {});
    void addRule(const Rule &rule);
    void clearRules();
    QList<Rule> rules() const { return m_rules; }

    /// A rule answering `POST /v1/messages` with 200, `text/event-stream`, request-id `req_test`
    /// and @p sseBody, for @p times requests (-1: any number).
    static Rule streamRule(const QByteArray &sseBody, int times = 1);

    /// Parses one rule of a script; nullopt with @p errorString set when it is invalid.
    static std::optional<Rule> parseRule(const QJsonObject &json, const QString &baseDir,
                                         QString *errorString);

    /// The end offsets of the writes a rule makes of a body of @p size bytes (the last is
    /// @p size): the chunk boundaries plus the stall and close offsets.
    static QList<qsizetype> planWrites(const Rule &rule, qsizetype size);

    QList<Request> requests() const { return m_requests; }
    void clearRequests() { m_requests.clear(); }

    /// Appends one JSON line per request to @p path (created when missing).
    bool setLogFile(const QString &path);

    /// Connections currently open (a response being written or a request being read).
    int openConnections() const;

Q_SIGNALS:
    void requestReceived(const claudette::test::FakeApiServer::Request &request);
    /// The answer to a request was fully written (or cut as the rule asked) and the
    /// connection closed.
    void responseFinished();

private:
    class Connection;
    friend class Connection;

    void acceptConnections();
    int handleRequest(Request &request);
    void logRequest(const Request &request, int status);

    QTcpServer *m_server = nullptr;
    QList<Rule> m_rules;
    QList<Request> m_requests;
    std::unique_ptr<QFile> m_log;
    QString m_errorString;
    int m_requestCounter = 0;
    QList<Connection *> m_connections;
};

} // namespace claudette::test

Q_DECLARE_METATYPE(claudette::test::FakeApiServer::Request)
