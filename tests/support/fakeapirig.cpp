#include "support/fakeapirig.h"

#include "core/api/credentials.h"
#include "core/util/apppaths.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSaveFile>
#include <QTest>

namespace claudette::test {

FakeApiRig::FakeApiRig(const QString &apiKey)
    : m_server(std::make_unique<FakeApiServer>())
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary folder: %1").arg(m_dir.errorString());
        return;
    }
    if (!m_server->listen()) {
        m_error =
            QStringLiteral("the fake API server does not listen: %1").arg(m_server->errorString());
        return;
    }
    Credentials credentials;
    credentials.setApiKey(apiKey);
    credentials.setBaseUrl(m_server->url());
    m_client = std::make_unique<Client>(credentials);
    // Never through a proxy: tests talk to 127.0.0.1 only.
    m_client->networkAccessManager()->setProxy(QNetworkProxy::NoProxy);
    m_client->setMaxRetries(0);
}

FakeApiRig::~FakeApiRig()
{
    m_client.reset();
    // Let the server see the client's side close before it goes away.
    FakeApiServer *server = m_server.get();
    if (!QTest::qWaitFor([server] { return server->openConnections() == 0; }, 10000))
        qWarning("FakeApiRig: %d connections still open after 10 s", server->openConnections());
    m_server.reset();
}

bool FakeApiRig::cacheModelList(const QByteArray &modelsJson) const
{
    const QString path = AppPaths(root()).modelListCacheFile();
    if (!QDir().mkpath(QFileInfo(path).path()))
        return false;
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(modelsJson) == modelsJson.size() &&
           file.commit();
}

} // namespace claudette::test
