// Redirects of API calls (issue 16, point 1): credentials never leave the base URL's origin.
// Only a same-origin 307/308 is followed; any other redirect fails with an error naming the
// target, and nothing is sent there. A second loopback server on another port is another origin.

#include "core/api/client.h"
#include "core/api/credentials.h"
#include "core/api/redirectpolicy.h"
#include "support/fakeapirig.h"
#include "support/fakeapiserver.h"
#include "support/ssebuilder.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using claudette::ApiCall;
using claudette::ApiError;
using claudette::Client;
using claudette::Credentials;
using claudette::RedirectPolicy;
using claudette::test::FakeApiRig;
using claudette::test::FakeApiServer;
using claudette::test::SseBuilder;

namespace {

constexpr int WaitMs = 15000;
const QByteArray ApiKey = "sk-ant-redirect-test-key";

QJsonObject messageParams()
{
    return QJsonObject{{u"model"_s, u"claude-sonnet-4-5"_s},
                       {u"max_tokens"_s, 64},
                       {u"messages"_s, QJsonArray{QJsonObject{{u"role"_s, u"user"_s},
                                                              {u"content"_s, u"Hello"_s}}}}};
}

FakeApiServer::Rule redirectRule(const QByteArray &path, int status, const QByteArray &location,
                                 int times = 1)
{
    FakeApiServer::Rule rule;
    rule.path = path;
    rule.status = status;
    if (!location.isNull())
        rule.headers = {{"location", location}};
    rule.body = "redirected";
    rule.times = times;
    return rule;
}

FakeApiServer::Rule streamAt(const QByteArray &path)
{
    FakeApiServer::Rule rule = FakeApiServer::streamRule(SseBuilder::textReply(u"Hi there"_s), -1);
    rule.path = path;
    return rule;
}

// No request to @p server carries any credential header.
bool noCredentialReached(const FakeApiServer &server)
{
    for (const FakeApiServer::Request &request : server.requests()) {
        for (const FakeApiServer::Header &header : request.headers) {
            if (Credentials::isCredentialHeader(header.first) || header.second.contains(ApiKey))
                return false;
        }
    }
    return true;
}

// An HTTP proxy on 127.0.0.1 that wants authentication: it records what each connection sent
// and answers 407 to it.
class AuthProxy : public QObject
{
public:
    AuthProxy()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                const qsizetype index = received.size();
                received.append(QByteArray());
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket, index] {
                    received[index] += socket->readAll();
                    if (received[index].contains("\r\n\r\n") &&
                        !socket->property("answered").toBool()) {
                        socket->setProperty("answered", true);
                        socket->write("HTTP/1.1 407 Proxy Authentication Required\r\n"
                                      "Proxy-Authenticate: Basic realm=\"test\"\r\n"
                                      "Content-Length: 0\r\nConnection: close\r\n\r\n");
                        socket->disconnectFromHost();
                    }
                });
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }

    QList<QByteArray> received; // per connection

private:
    QTcpServer m_server;
};

ApiError errorOf(const QSignalSpy &spy)
{
    return spy.isEmpty() ? ApiError() : spy.first().at(0).value<ApiError>();
}

} // namespace

class TestRedirects : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeApiRig> m_api;
    std::unique_ptr<FakeApiServer> m_other; // another origin: same host, another port

    FakeApiServer *server() const { return m_api->server(); }
    Client *client() const { return m_api->client(); }

    QByteArray sameOrigin(const QByteArray &path) const
    {
        return server()->url().toEncoded() + path;
    }
    QByteArray otherOrigin(const QByteArray &path) const
    {
        return m_other->url().toEncoded() + path;
    }

    // Runs @p call to its end; true when it finished, false when it failed (@p error set).
    static bool runToEnd(ApiCall *call, ApiError *error)
    {
        QSignalSpy finished(call, &ApiCall::finished);
        QSignalSpy failed(call, &ApiCall::failed);
        if (!QTest::qWaitFor([&] { return !finished.isEmpty() || !failed.isEmpty(); }, WaitMs))
            return false;
        *error = errorOf(failed);
        return !finished.isEmpty();
    }

private Q_SLOTS:
    void init()
    {
        m_api = std::make_unique<FakeApiRig>(QString::fromLatin1(ApiKey));
        QVERIFY2(m_api->isReady(), qPrintable(m_api->errorString()));
        // Retries allowed, so a test also shows that a refused redirect is not retried.
        client()->setRetryPolicy(claudette::RetryPolicy(2, [] { return 0.0; }));
        m_other = std::make_unique<FakeApiServer>();
        QVERIFY(m_other->listen());
        m_other->addRule(streamAt("*"));
    }

    void cleanup()
    {
        m_api.reset();
        QTRY_COMPARE_WITH_TIMEOUT(m_other->openConnections(), 0, WaitMs);
        m_other.reset();
    }

    void sameOriginStatuses_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("followed");
        QTest::newRow("301") << 301 << false;
        QTest::newRow("302") << 302 << false;
        QTest::newRow("303") << 303 << false;
        QTest::newRow("307") << 307 << true;
        QTest::newRow("308") << 308 << true;
    }

    // A same-origin 307/308 is followed with the same method, body and headers; a 301/302/303
    // (which would turn the POST into a GET without its body) is refused, naming the target.
    void sameOriginStatuses()
    {
        QFETCH(int, status);
        QFETCH(bool, followed);
        server()->addRule(redirectRule("/v1/messages", status, sameOrigin("/v2/messages")));
        server()->addRule(streamAt("/v2/messages"));

        ApiCall *call = client()->streamMessage(messageParams());
        call->setRawHeader("x-gateway-token", "gw-secret");
        QSignalSpy events(call, &ApiCall::sseEvent);
        ApiError error;
        QCOMPARE(runToEnd(call, &error), followed);
        if (followed) {
            QCOMPARE(server()->requests().size(), 2);
            const FakeApiServer::Request first = server()->requests().at(0);
            const FakeApiServer::Request second = server()->requests().at(1);
            QCOMPARE(second.method, "POST");
            QCOMPARE(second.path, "/v2/messages");
            QCOMPARE(second.body, first.body);
            QCOMPARE(second.header("x-api-key"), ApiKey);
            QCOMPARE(second.header("x-gateway-token"), "gw-secret");
            QCOMPARE(second.header("anthropic-version"), "2023-06-01");
            QVERIFY(events.count() > 0);
        } else {
            QCOMPARE(error.kind, ApiError::Kind::Redirect);
            QCOMPARE(error.httpStatus, status);
            QVERIFY2(error.message.contains(QString::fromLatin1(sameOrigin("/v2/messages"))),
                     qPrintable(error.message));
            QVERIFY2(error.toString().contains(u"Redirect refused"_s),
                     qPrintable(error.toString()));
            QCOMPARE(server()->requests().size(), 1); // neither followed nor retried
            QCOMPARE(events.count(), 0);
        }
    }

    void crossOriginRefused_data()
    {
        QTest::addColumn<int>("status");
        for (int status : {301, 302, 303, 307, 308})
            QTest::addRow("%d", status) << status;
    }

    // To another port every status is refused: the other server gets no request at all, so
    // no credential; the error names the target.
    void crossOriginRefused()
    {
        QFETCH(int, status);
        const QByteArray target = otherOrigin("/v1/messages");
        server()->addRule(redirectRule("/v1/messages", status, target, -1));

        ApiCall *call = client()->streamMessage(messageParams());
        call->setRawHeader("x-gateway-token", "gw-secret");
        ApiError error;
        QVERIFY(!runToEnd(call, &error));
        QCOMPARE(error.kind, ApiError::Kind::Redirect);
        QCOMPARE(error.httpStatus, status);
        QVERIFY2(error.message.contains(QString::fromLatin1(target)), qPrintable(error.message));
        QVERIFY2(error.message.contains(u"another origin"_s), qPrintable(error.message));
        QVERIFY2(!error.toString().contains(QString::fromLatin1(ApiKey)),
                 qPrintable(error.toString()));
        QCOMPARE(server()->requests().size(), 1);
        QCOMPARE(m_other->requests().size(), 0);
        QVERIFY(noCredentialReached(*m_other));
    }

    void crossOriginForms_data()
    {
        // {port} is the API's port, {other} the other server's (known only once init() ran).
        QTest::addColumn<QByteArray>("location");
        QTest::addColumn<QString>("named");
        QTest::newRow("scheme-relative")
            << "//127.0.0.1:{other}/v1/messages"_ba << u"http://127.0.0.1:{other}/"_s;
        QTest::newRow("https, same host and port")
            << "https://127.0.0.1:{port}/v1/messages"_ba << u"https://127.0.0.1:{port}/"_s;
        QTest::newRow("another host name, same port")
            << "http://localhost:{port}/v1/messages"_ba << u"http://localhost:{port}/"_s;
        QTest::newRow("user info hides the host")
            << "http://127.0.0.1:{port}@localhost:{other}/v1/messages"_ba
            << u"http://localhost:{other}/"_s;
    }

    // Forms of another origin that look close to the base URL.
    void crossOriginForms()
    {
        QFETCH(QByteArray, location);
        QFETCH(QString, named);
        const QByteArray port = QByteArray::number(server()->port());
        const QByteArray other = QByteArray::number(m_other->port());
        location.replace("{port}", port).replace("{other}", other);
        named.replace(u"{port}"_s, QString::fromLatin1(port))
            .replace(u"{other}"_s, QString::fromLatin1(other));
        server()->addRule(redirectRule("/v1/messages", 307, location, -1));
        ApiCall *call = client()->streamMessage(messageParams());
        ApiError error;
        QVERIFY(!runToEnd(call, &error));
        QCOMPARE(error.kind, ApiError::Kind::Redirect);
        QVERIFY2(error.message.contains(named), qPrintable(error.message));
        QVERIFY2(!error.message.contains(u"127.0.0.1:"_s + QString::fromLatin1(port) + u'@'),
                 qPrintable(error.message));
        QCOMPARE(server()->requests().size(), 1);
        QCOMPARE(m_other->requests().size(), 0);
    }

    // A relative Location resolves against the request's URL and stays on the origin.
    void relativeLocationFollowed()
    {
        server()->addRule(redirectRule("/v1/messages", 308, "/v1/messages-moved"));
        server()->addRule(streamAt("/v1/messages-moved"));
        ApiError error;
        QVERIFY2(runToEnd(client()->streamMessage(messageParams()), &error),
                 qPrintable(error.toString()));
        QCOMPARE(server()->requests().size(), 2);
        QCOMPARE(server()->requests().at(1).path, "/v1/messages-moved");
        QCOMPARE(server()->requests().at(1).header("x-api-key"), ApiKey);
    }

    // A same-origin hop that then leaves the origin is refused at the second hop.
    void secondHopToAnotherOrigin()
    {
        server()->addRule(redirectRule("/v1/messages", 307, "/hop"));
        server()->addRule(redirectRule("/hop", 307, otherOrigin("/v1/messages")));
        ApiError error;
        QVERIFY(!runToEnd(client()->streamMessage(messageParams()), &error));
        QCOMPARE(error.kind, ApiError::Kind::Redirect);
        QVERIFY(error.message.contains(QString::fromLatin1(otherOrigin("/v1/messages"))));
        QCOMPARE(server()->requests().size(), 2);
        QCOMPARE(m_other->requests().size(), 0);
    }

    void tooManyHops()
    {
        server()->addRule(redirectRule("/v1/messages", 307, "/v1/messages", -1));
        ApiError error;
        QVERIFY(!runToEnd(client()->streamMessage(messageParams()), &error));
        QCOMPARE(error.kind, ApiError::Kind::Redirect);
        QVERIFY2(error.message.contains(u"more than %1 redirects"_s.arg(RedirectPolicy::MaxHops)),
                 qPrintable(error.message));
        QCOMPARE(server()->requests().size(), RedirectPolicy::MaxHops + 1);
    }

    void noLocation()
    {
        server()->addRule(redirectRule("/v1/messages", 307, QByteArray()));
        ApiError error;
        QVERIFY(!runToEnd(client()->streamMessage(messageParams()), &error));
        QCOMPARE(error.kind, ApiError::Kind::Redirect);
        QVERIFY2(error.message.contains(u"no Location"_s), qPrintable(error.message));
        QCOMPARE(server()->requests().size(), 1);
    }

    // GET and non-streamed calls go through the same policy; so does a client whose network
    // manager was told to follow redirects (the request itself says manual).
    void getAndJsonCallsToo()
    {
        client()->networkAccessManager()->setRedirectPolicy(
            QNetworkRequest::NoLessSafeRedirectPolicy);
        server()->addRule(redirectRule("/v1/models*", 302, otherOrigin("/v1/models")));
        server()->addRule(redirectRule("/v1/messages", 307, otherOrigin("/v1/messages")));
        ApiError error;
        QVERIFY(!runToEnd(client()->listModels(), &error));
        QCOMPARE(error.kind, ApiError::Kind::Redirect);
        QVERIFY(!runToEnd(client()->createMessage(messageParams()), &error));
        QCOMPARE(error.kind, ApiError::Kind::Redirect);
        QCOMPARE(m_other->requests().size(), 0);
    }

    // A proxy that asks for authentication gets no API key (an HTTP proxy is only ever a
    // tunnel: CONNECT host:port, no request headers), and the error says what it wanted.
    void proxyAskingForAuthenticationGetsNoKey()
    {
        AuthProxy proxy;
        QVERIFY(proxy.port() != 0);
        client()->setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, u"127.0.0.1"_s, proxy.port()));
        ApiCall *call = client()->streamMessage(messageParams());
        call->setRawHeader("x-gateway-token", "gw-secret");
        ApiError error;
        QVERIFY(!runToEnd(call, &error));
        QCOMPARE(error.httpStatus, 407);
        QVERIFY2(error.message.contains(
                     u"proxy 127.0.0.1:%1 asked for authentication"_s.arg(proxy.port())),
                 qPrintable(error.message));
        QVERIFY(!proxy.received.isEmpty());
        const QByteArray connectLine =
            QByteArray("CONNECT 127.0.0.1:").append(QByteArray::number(server()->port()));
        for (const QByteArray &bytes : std::as_const(proxy.received)) {
            QVERIFY2(bytes.startsWith(connectLine), bytes.constData());
            QVERIFY2(!bytes.contains(ApiKey), bytes.constData());
            QVERIFY2(!bytes.contains("gw-secret"), bytes.constData());
            QVERIFY2(!bytes.toLower().contains("x-api-key"), bytes.constData());
            QVERIFY2(!bytes.contains("/v1/messages"), bytes.constData());
        }
        QCOMPARE(server()->requests().size(), 0); // not retried around the proxy either
    }

    // Built by hand for another origin, a request carries no credential.
    void requestsToAnotherOriginHaveNoCredentials()
    {
        Credentials credentials = client()->credentials();
        credentials.setAuthToken(u"tok-secret"_s);
        client()->setCredentials(credentials);
        const QNetworkRequest own =
            client()->makeRequest(client()->urlFor(u"/v1/messages"_s), "application/json");
        QCOMPARE(own.rawHeader("x-api-key"), ApiKey);
        QCOMPARE(own.rawHeader("authorization"), "Bearer tok-secret");
        const QNetworkRequest other = client()->makeRequest(
            QUrl(QString::fromLatin1(otherOrigin("/v1/messages"))), "application/json");
        QVERIFY(!other.hasRawHeader("x-api-key"));
        QVERIFY(!other.hasRawHeader("authorization"));
        QCOMPARE(other.attribute(QNetworkRequest::RedirectPolicyAttribute).toInt(),
                 int(QNetworkRequest::ManualRedirectPolicy));
    }

    void sameOrigin_data()
    {
        QTest::addColumn<QUrl>("a");
        QTest::addColumn<QUrl>("b");
        QTest::addColumn<bool>("same");
        QTest::newRow("default https port") << QUrl(u"https://api.anthropic.com"_s)
                                            << QUrl(u"https://api.anthropic.com:443/x"_s) << true;
        QTest::newRow("host case") << QUrl(u"https://API.anthropic.com"_s)
                                   << QUrl(u"https://api.anthropic.com/v1"_s) << true;
        QTest::newRow("http vs https")
            << QUrl(u"http://api.anthropic.com"_s) << QUrl(u"https://api.anthropic.com"_s) << false;
        QTest::newRow("port") << QUrl(u"https://api.anthropic.com"_s)
                              << QUrl(u"https://api.anthropic.com:8443"_s) << false;
        QTest::newRow("subdomain") << QUrl(u"https://api.anthropic.com"_s)
                                   << QUrl(u"https://evil.api.anthropic.com"_s) << false;
        QTest::newRow("http default port")
            << QUrl(u"http://127.0.0.1:80/"_s) << QUrl(u"http://127.0.0.1"_s) << true;
    }

    void sameOrigin()
    {
        QFETCH(QUrl, a);
        QFETCH(QUrl, b);
        QFETCH(bool, same);
        QCOMPARE(RedirectPolicy::isSameOrigin(a, b), same);
        QCOMPARE(RedirectPolicy::isSameOrigin(b, a), same);
    }

    void credentialHeaders_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("credential");
        for (const char *name :
             {"x-api-key", "Authorization", "proxy-authorization", "Cookie", "x-goog-api-key",
              "x-amz-security-token", "x-gateway-token", "X-Client-Secret", "x-amz-signature"})
            QTest::newRow(name) << QByteArray(name) << true;
        for (const char *name : {"anthropic-version", "anthropic-beta", "content-type",
                                 "user-agent", "accept", "x-stainless-retry-count"})
            QTest::newRow(name) << QByteArray(name) << false;
    }

    void credentialHeaders()
    {
        QFETCH(QByteArray, name);
        QFETCH(bool, credential);
        QCOMPARE(Credentials::isCredentialHeader(name), credential);
    }
};

QTEST_GUILESS_MAIN(TestRedirects)
#include "tst_redirects.moc"
