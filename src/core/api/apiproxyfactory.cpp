#include "core/api/apiproxyfactory.h"

namespace claudette {

ApiProxyFactory::ApiProxyFactory(std::optional<QNetworkProxy> proxy)
    : m_proxy(std::move(proxy))
{}

QList<QNetworkProxy> ApiProxyFactory::queryProxy(const QNetworkProxyQuery &query)
{
    QList<QNetworkProxy> proxies =
        m_proxy ? QList<QNetworkProxy>{*m_proxy} : QNetworkProxyFactory::systemProxyForQuery(query);
    for (QNetworkProxy &proxy : proxies) {
        // Without the caching capability Qt tunnels through an HTTP proxy instead of sending it
        // the request (and its headers).
        if (proxy.type() == QNetworkProxy::HttpProxy)
            proxy.setCapabilities(proxy.capabilities() & ~QNetworkProxy::CachingCapability);
    }
    if (proxies.isEmpty())
        proxies.append(QNetworkProxy(QNetworkProxy::NoProxy));
    return proxies;
}

} // namespace claudette
