#include "core/api/client.h"

#include "core/api/apiproxyfactory.h"
#include "core/api/messagerequest.h"
#include "core/api/redirectpolicy.h"

#include "core/util/clock.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>

using namespace Qt::StringLiterals;

namespace claudette {

Client::Client(QObject *parent)
    : Client(Credentials(), parent)
{}

Client::Client(const Credentials &credentials, QObject *parent)
    : QObject(parent)
    , m_credentials(credentials)
    , m_userAgent("claudette-qt/" CLAUDETTE_VERSION " (Qt " QT_VERSION_STR ")")
    , m_clock(Clock::system())
    , m_nam(new QNetworkAccessManager(this))
{
    // Honour the desktop's (or http_proxy/no_proxy's) proxy settings, through a tunnel only.
    m_nam->setProxyFactory(new ApiProxyFactory);
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

Client::~Client() = default;

void Client::setProxy(const QNetworkProxy &proxy)
{
    m_nam->setProxyFactory(new ApiProxyFactory(proxy));
}

void Client::setClock(Clock *clock)
{
    m_clock = clock ? clock : Clock::system();
}

QUrl Client::urlFor(const QString &path, const QUrlQuery &query) const
{
    QUrl url = baseUrl();
    QString prefix = url.path();
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    url.setPath(prefix + (path.startsWith(u'/') ? path : u'/' + path));
    url.setQuery(query);
    return url;
}

QNetworkRequest Client::makeRequest(const QUrl &url, const QByteArray &contentType) const
{
    QNetworkRequest request(url);
    // Redirects are ApiCall's to decide (RedirectPolicy): Qt would follow them with the
    // credentials attached.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (RedirectPolicy::isSameOrigin(url, baseUrl())) {
        if (!m_credentials.apiKey().isEmpty())
            request.setRawHeader("x-api-key", m_credentials.apiKey().toUtf8());
        if (!m_credentials.authToken().isEmpty())
            request.setRawHeader("authorization", "Bearer " + m_credentials.authToken().toUtf8());
    }
    request.setRawHeader("anthropic-version", QByteArray(ApiVersion.data(), ApiVersion.size()));
    request.setRawHeader("accept", "application/json");
    if (!contentType.isEmpty())
        request.setRawHeader("content-type", contentType);
    QStringList betas;
    for (const QString &beta : m_betas) {
        if (!beta.trimmed().isEmpty())
            betas.append(beta.trimmed());
    }
    if (!betas.isEmpty())
        request.setRawHeader("anthropic-beta", betas.join(u',').toUtf8());
    request.setRawHeader("user-agent", m_userAgent);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    return request;
}

ApiCall *Client::send(const ApiCall::Spec &spec)
{
    return new ApiCall(this, spec);
}

ApiCall *Client::createMessage(const QJsonObject &params)
{
    QJsonObject body = params;
    body.remove(u"stream"_s);
    return postRaw(u"/v1/messages"_s, QJsonDocument(body).toJson(QJsonDocument::Compact),
                   "application/json");
}

ApiCall *Client::streamMessage(const QJsonObject &params)
{
    QJsonObject body = params;
    body.insert(u"stream"_s, true);
    return postRaw(u"/v1/messages"_s, QJsonDocument(body).toJson(QJsonDocument::Compact),
                   "application/json", ApiCall::Kind::Stream);
}

ApiCall *Client::countTokens(const QJsonObject &params)
{
    QJsonObject body = params;
    body.remove(u"stream"_s);
    body.remove(u"max_tokens"_s); // count_tokens rejects it
    return post(u"/v1/messages/count_tokens"_s, body);
}

ApiCall *Client::countTokens(const MessageRequest &request)
{
    ApiCall *call = countTokens(request.countTokensBody());
    if (const QStringList betas = betasFor(request); call && !betas.isEmpty())
        call->setRawHeader("anthropic-beta", betas.join(u',').toUtf8());
    return call;
}

QStringList Client::betasFor(const MessageRequest &request) const
{
    QStringList betas = m_betas;
    for (const QString &beta : request.betas())
        if (!betas.contains(beta))
            betas.append(beta);
    return betas;
}

ApiCall *Client::listModels(int pageSize)
{
    ApiCall::Spec spec;
    spec.method = "GET";
    spec.path = u"/v1/models"_s;
    if (pageSize > 0)
        spec.query.addQueryItem(u"limit"_s, QString::number(pageSize));
    spec.kind = ApiCall::Kind::ModelPages;
    return send(spec);
}

ApiCall *Client::retrieveModel(const QString &modelId)
{
    return get(u"/v1/models/"_s + QString::fromLatin1(QUrl::toPercentEncoding(modelId)));
}

ApiCall *Client::get(const QString &path, const QUrlQuery &query, ApiCall::Kind kind)
{
    ApiCall::Spec spec;
    spec.method = "GET";
    spec.path = path;
    spec.query = query;
    spec.kind = kind;
    return send(spec);
}

ApiCall *Client::post(const QString &path, const QJsonObject &body)
{
    return postRaw(path, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json");
}

ApiCall *Client::postRaw(const QString &path, const QByteArray &body, const QByteArray &contentType,
                         ApiCall::Kind kind)
{
    ApiCall::Spec spec;
    spec.method = "POST";
    spec.path = path;
    spec.body = body;
    spec.contentType = contentType;
    spec.kind = kind;
    return send(spec);
}

ApiCall *Client::deleteResource(const QString &path)
{
    ApiCall::Spec spec;
    spec.method = "DELETE";
    spec.path = path;
    return send(spec);
}

} // namespace claudette
