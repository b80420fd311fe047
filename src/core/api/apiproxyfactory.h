#pragma once

#include <QNetworkProxy>
#include <QNetworkProxyFactory>

#include <optional>

namespace claudette {

/**
 * The proxies of API calls: the system's (desktop settings, http_proxy/https_proxy/no_proxy), or
 * one set by hand, with an HTTP proxy always used as a tunnel (CONNECT). Without this, Qt hands
 * a plain-http request to an HTTP proxy whole — API key included — so a proxy, and one that
 * answers 407 to ask for authentication, would see the key. Through the tunnel the proxy sees
 * only the target's host and port, and its own credentials when they were configured (user and
 * password in the proxy URL or setting).
 */
class ApiProxyFactory : public QNetworkProxyFactory
{
public:
    /// @p proxy: use it for every request; nullopt: the system's proxies.
    explicit ApiProxyFactory(std::optional<QNetworkProxy> proxy = std::nullopt);

    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override;

private:
    std::optional<QNetworkProxy> m_proxy;
};

} // namespace claudette
