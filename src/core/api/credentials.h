#pragma once

#include <QByteArrayView>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <optional>

class QDebug;

namespace claudette {

/**
 * What the Anthropic API needs to accept a request: an API key (`x-api-key`) and/or an auth
 * token (`authorization: Bearer`), and the base URL.
 *
 * Loaded, in order, from an explicit key file (`--api-key-file FILE`: its first line, trimmed),
 * then from the environment (`ANTHROPIC_API_KEY`, `ANTHROPIC_AUTH_TOKEN`, `ANTHROPIC_BASE_URL`).
 * Never from QSettings. The secrets never appear in debugString() or in QDebug output.
 */
class Credentials
{
public:
    static constexpr QLatin1StringView DefaultBaseUrl{"https://api.anthropic.com"};

    Credentials() = default;

    QString apiKey() const { return m_apiKey; }
    QString authToken() const { return m_authToken; }
    QUrl baseUrl() const { return m_baseUrl; }
    /// Where the secret came from: "file:PATH", "env:ANTHROPIC_API_KEY", ... (no secret in it).
    QString source() const { return m_source; }

    void setApiKey(const QString &key) { m_apiKey = key; }
    void setAuthToken(const QString &token) { m_authToken = token; }
    void setBaseUrl(const QUrl &url) { m_baseUrl = url; }
    void setSource(const QString &source) { m_source = source; }

    /// True when there is a key or a token to send.
    bool hasSecret() const { return !m_apiKey.isEmpty() || !m_authToken.isEmpty(); }

    /**
     * Whether a request header carries a secret: `x-api-key`, `authorization`,
     * `proxy-authorization`, `cookie`, and any name that says it holds a key, token, secret,
     * signature, session or password (a gateway's or provider's own header, e.g.
     * `x-goog-api-key`, `x-amz-security-token`). The one list of them: such headers go to the
     * base URL's origin only, and are never logged.
     */
    static bool isCredentialHeader(QByteArrayView name);

    /// A description safe to log: which secrets are set (and their length), never their text.
    QString debugString() const;

    /**
     * Loads the credentials from @p keyFile (when not empty) and @p env. Returns nullopt and
     * sets @p errorString when the key file cannot be read or is empty, or when
     * ANTHROPIC_BASE_URL is not an http(s) URL. Having no secret at all is not an error here
     * (hasSecret() tells; the caller says what to do).
     */
    static std::optional<Credentials>
    load(const QString &keyFile,
         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
         QString *errorString = nullptr);

    /// Parses and checks a base URL (http or https with a host); nullopt when unusable.
    static std::optional<QUrl> parseBaseUrl(const QString &text);

private:
    QString m_apiKey;
    QString m_authToken;
    QUrl m_baseUrl{QString(DefaultBaseUrl)};
    QString m_source;
};

QDebug operator<<(QDebug debug, const Credentials &credentials);

} // namespace claudette
