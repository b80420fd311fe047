#include "core/secrets/keychainsecretstore.h"

#include <QMetaObject>
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
#include <QDBusConnection>
#endif

#include <qt6keychain/keychain.h>

namespace claudette {

namespace {

// QtKeychain reports a missing session bus as a generic error; on Linux the Secret Service needs
// that bus, so without it there is no keychain at all.
bool keychainReachable()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    if (!QDBusConnection::sessionBus().isConnected())
        return false;
#endif
    return QKeychain::isAvailable();
}

SecretStore::Result unavailable()
{
    return {
        SecretStore::Status::Unavailable,
        {},
        KeychainSecretStore::tr("No keychain service is running, so keys cannot be stored. The "
                                "API key is read from the environment (ANTHROPIC_API_KEY) only.")};
}

// Answers on the next turn of the event loop, as a job would.
void answerLater(QObject *context, SecretStore::Callback done, SecretStore::Result result)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done), result = std::move(result)] { done(result); },
        Qt::QueuedConnection);
}

SecretStore::Result resultOf(const QKeychain::Job *job)
{
    using S = SecretStore::Status;
    SecretStore::Result result;
    switch (job->error()) {
    case QKeychain::NoError:
        result.status = S::Ok;
        return result;
    case QKeychain::EntryNotFound:
        result.status = S::NotFound;
        result.error = KeychainSecretStore::tr("No key is stored in the keychain.");
        return result;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return unavailable();
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        result.status = S::Denied;
        result.error =
            KeychainSecretStore::tr("The keychain refused access: %1").arg(job->errorString());
        return result;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    result.status = S::Failed;
    result.error = KeychainSecretStore::tr("The keychain failed: %1").arg(job->errorString());
    return result;
}

template<typename JobType>
JobType *makeJob(const QString &service, const QString &name, QObject *parent)
{
    auto *job = new JobType(service, parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never plain text
    job->setKey(name);
    return job;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent)
    , m_service(service)
{}

void KeychainSecretStore::read(const QString &name, Callback done)
{
    if (!keychainReachable())
        return answerLater(this, std::move(done), unavailable());
    auto *job = makeJob<QKeychain::ReadPasswordJob>(m_service, name, this);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *j) {
        Result result = resultOf(j);
        if (result.status == Status::Ok)
            result.secret = static_cast<QKeychain::ReadPasswordJob *>(j)->textData();
        done(result);
    });
    job->start();
}

void KeychainSecretStore::write(const QString &name, const QString &secret, Callback done)
{
    if (!keychainReachable())
        return answerLater(this, std::move(done), unavailable());
    auto *job = makeJob<QKeychain::WritePasswordJob>(m_service, name, this);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job *j) { done(resultOf(j)); });
    job->start();
}

void KeychainSecretStore::remove(const QString &name, Callback done)
{
    if (!keychainReachable())
        return answerLater(this, std::move(done), unavailable());
    auto *job = makeJob<QKeychain::DeletePasswordJob>(m_service, name, this);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job *j) { done(resultOf(j)); });
    job->start();
}

QString KeychainSecretStore::backendName() const
{
#if defined(Q_OS_MACOS)
    return tr("macOS Keychain");
#elif defined(Q_OS_WIN)
    return tr("Windows Credential Manager");
#else
    return tr("Secret Service");
#endif
}

} // namespace claudette
