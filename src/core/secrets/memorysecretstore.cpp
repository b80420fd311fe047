#include "core/secrets/memorysecretstore.h"

#include <QMetaObject>

namespace claudette {

void MemorySecretStore::answer(Callback done, Result result)
{
    QMetaObject::invokeMethod(
        this, [done = std::move(done), result = std::move(result)] { done(result); },
        Qt::QueuedConnection);
}

void MemorySecretStore::read(const QString &name, Callback done)
{
    if (m_unavailable)
        return answer(std::move(done), {Status::Unavailable, {}, tr("No keychain is available.")});
    const auto it = m_secrets.constFind(name);
    if (it == m_secrets.cend())
        return answer(std::move(done), {Status::NotFound, {}, tr("No key is stored.")});
    answer(std::move(done), {Status::Ok, it.value(), {}});
}

void MemorySecretStore::write(const QString &name, const QString &secret, Callback done)
{
    if (m_unavailable)
        return answer(std::move(done), {Status::Unavailable, {}, tr("No keychain is available.")});
    m_secrets.insert(name, secret);
    answer(std::move(done), {Status::Ok, {}, {}});
}

void MemorySecretStore::remove(const QString &name, Callback done)
{
    if (m_unavailable)
        return answer(std::move(done), {Status::Unavailable, {}, tr("No keychain is available.")});
    const bool existed = m_secrets.remove(name) > 0;
    answer(std::move(done), {existed ? Status::Ok : Status::NotFound, {}, {}});
}

QString MemorySecretStore::backendName() const
{
    return tr("memory");
}

} // namespace claudette
