#pragma once

#include "core/secrets/secretstore.h"

namespace claudette {

/**
 * The OS keychain through QtKeychain: Secret Service (GNOME Keyring, KWallet) on Linux, the macOS
 * Keychain, the Windows Credential Manager. Never falls back to plain text: where no keychain
 * service runs, every call answers Status::Unavailable and the app uses the environment only.
 */
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT
public:
    /// @p service names the entries' owner in the keychain ("claudette" in the app).
    explicit KeychainSecretStore(const QString &service, QObject *parent = nullptr);

    void read(const QString &name, Callback done) override;
    void write(const QString &name, const QString &secret, Callback done) override;
    void remove(const QString &name, Callback done) override;
    QString backendName() const override;

private:
    QString m_service;
};

} // namespace claudette
