#include "core/api/credentials.h"

#include <QCoreApplication>
#include <QDebug>
#include <QFile>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("claudette::Credentials", text);
}

QString describeSecret(const QString &secret)
{
    return secret.isEmpty() ? u"none"_s : u"set (%1 chars, redacted)"_s.arg(secret.size());
}

} // namespace

bool Credentials::isCredentialHeader(QByteArrayView name)
{
    const QByteArray lower = name.toByteArray().trimmed().toLower();
    static const QByteArrayView exact[] = {"x-api-key", "authorization", "proxy-authorization",
                                           "cookie"};
    for (const QByteArrayView e : exact) {
        if (lower == e)
            return true;
    }
    static const QByteArrayView parts[] = {"key",     "token", "secret", "signature",
                                           "session", "passw", "auth",   "credential"};
    for (const QByteArrayView part : parts) {
        if (lower.contains(part))
            return true;
    }
    return false;
}

std::optional<QUrl> Credentials::parseBaseUrl(const QString &text)
{
    QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return std::nullopt;
    const QString scheme = url.scheme().toLower();
    if (scheme != "http"_L1 && scheme != "https"_L1)
        return std::nullopt;
    return url;
}

std::optional<Credentials> Credentials::load(const QString &keyFile, const QProcessEnvironment &env,
                                             QString *errorString)
{
    const auto fail = [errorString](const QString &message) -> std::optional<Credentials> {
        if (errorString)
            *errorString = message;
        return std::nullopt;
    };

    Credentials c;
    if (!keyFile.isEmpty()) {
        QFile file(keyFile);
        if (!file.open(QIODevice::ReadOnly))
            return fail(tr("Cannot read the API key file %1: %2").arg(keyFile, file.errorString()));
        // Only the first line: the file may carry a comment or a trailing newline after it.
        const QString key = QString::fromUtf8(file.readLine(64 * 1024)).trimmed();
        if (key.isEmpty())
            return fail(
                tr("The API key file %1 is empty: its first line must be the key.").arg(keyFile));
        c.m_apiKey = key;
        c.m_source = u"file:"_s + keyFile;
    } else {
        const QString key = env.value(u"ANTHROPIC_API_KEY"_s).trimmed();
        const QString token = env.value(u"ANTHROPIC_AUTH_TOKEN"_s).trimmed();
        c.m_apiKey = key;
        c.m_authToken = token;
        if (!key.isEmpty())
            c.m_source = u"env:ANTHROPIC_API_KEY"_s;
        else if (!token.isEmpty())
            c.m_source = u"env:ANTHROPIC_AUTH_TOKEN"_s;
    }

    const QString base = env.value(u"ANTHROPIC_BASE_URL"_s).trimmed();
    if (!base.isEmpty()) {
        const std::optional<QUrl> url = parseBaseUrl(base);
        if (!url)
            return fail(tr("ANTHROPIC_BASE_URL is not an http or https URL: %1").arg(base));
        c.m_baseUrl = *url;
    }
    return c;
}

QString Credentials::debugString() const
{
    return u"Credentials(apiKey: %1, authToken: %2, baseUrl: %3, source: %4)"_s.arg(
        describeSecret(m_apiKey), describeSecret(m_authToken),
        m_baseUrl.toString(QUrl::RemoveUserInfo), m_source.isEmpty() ? u"none"_s : m_source);
}

QDebug operator<<(QDebug debug, const Credentials &credentials)
{
    const QDebugStateSaver saver(debug);
    debug.noquote() << credentials.debugString();
    return debug;
}

} // namespace claudette
