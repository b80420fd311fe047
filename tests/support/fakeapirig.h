#pragma once

#include "core/api/client.h"
#include "support/fakeapiserver.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace claudette::test {

/**
 * What a test against the API starts with: a temporary folder (to use as the application's root,
 * see AppPaths(root)), a FakeApiServer listening on 127.0.0.1, and a Client pointed at it with a
 * test key, no proxy and no retries (a test that wants retries sets its own policy).
 *
 * Going away, it deletes the client first and gives the server up to 10 s to see the client's
 * connections close before deleting it, so no test ends with a reply still in flight.
 */
class FakeApiRig
{
public:
    explicit FakeApiRig(const QString &apiKey = QStringLiteral("sk-test"));
    ~FakeApiRig();
    FakeApiRig(const FakeApiRig &) = delete;
    FakeApiRig &operator=(const FakeApiRig &) = delete;

    /// Whether the folder was made and the server listens; errorString() says what failed.
    bool isReady() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    /// The temporary folder, and a path in it.
    QString root() const { return m_dir.path(); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }

    FakeApiServer *server() const { return m_server.get(); }
    Client *client() const { return m_client.get(); }

    /// Writes @p modelsJson (a models API answer) where the app caches the model list under
    /// root(), so that nothing asks the API for one.
    bool cacheModelList(const QByteArray &modelsJson) const;

private:
    QTemporaryDir m_dir;
    std::unique_ptr<FakeApiServer> m_server;
    std::unique_ptr<Client> m_client;
    QString m_error;
};

} // namespace claudette::test
