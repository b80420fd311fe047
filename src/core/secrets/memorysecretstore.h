#pragma once

#include "core/secrets/secretstore.h"

#include <QHash>

namespace claudette {

/// A SecretStore in memory, for tests and for sessions where the user chose not to keep keys.
/// Answers asynchronously (queued) like a real keychain, so callers cannot depend on re-entrancy.
class MemorySecretStore : public SecretStore
{
    Q_OBJECT
public:
    using SecretStore::SecretStore;

    void read(const QString &name, Callback done) override;
    void write(const QString &name, const QString &secret, Callback done) override;
    void remove(const QString &name, Callback done) override;
    QString backendName() const override;

    /// Makes every later call answer Unavailable, as a machine without a keychain service does.
    void setUnavailable(bool unavailable) { m_unavailable = unavailable; }

private:
    void answer(Callback done, Result result);

    QHash<QString, QString> m_secrets;
    bool m_unavailable = false;
};

} // namespace claudette
