#pragma once

#include <QString>
#include <QUrl>

namespace claudette {

class Client;

/**
 * The application-wide settings of Edit › Settings, kept in claudette.conf (QSettings, INI) next
 * to the window state. Never a secret: the API key lives in the SecretStore.
 *
 * An empty base URL means "the environment's ANTHROPIC_BASE_URL or the default".
 */
struct AppSettings
{
    static constexpr int DefaultMaxRetries = 2;
    static constexpr int DefaultTimeoutSeconds = 600;
    static constexpr int DefaultIdleTimeoutSeconds = 300;
    /// The name of the API key in the SecretStore.
    static constexpr QLatin1StringView ApiKeySecretName{"anthropic-api-key"};

    QUrl baseUrl;
    int maxRetries = DefaultMaxRetries;
    /// Until the answer's headers (Client::setRequestTimeoutMs).
    int requestTimeoutSeconds = DefaultTimeoutSeconds;
    /// Silence that ends a reply once it started; 0: never (Client::setIdleTimeoutMs).
    int idleTimeoutSeconds = DefaultIdleTimeoutSeconds;
    /// Ask before sending a request whose estimated input costs more than this; 0: never ask.
    double costConfirmAboveUsd = 0;
    /// The model of new conversations; empty: Chat's default.
    QString defaultModel;

    bool operator==(const AppSettings &) const = default;

    /// Reads the settings from the INI file at @p path; missing or bad values give defaults.
    static AppSettings load(const QString &path);
    /// Writes them to the INI file at @p path. False when the file cannot be written.
    bool save(const QString &path) const;
    /// Applies retries, the timeouts and the base URL (when set, unless @p keepBaseUrl: the
    /// environment's ANTHROPIC_BASE_URL wins) to @p client.
    void applyTo(Client *client, bool keepBaseUrl = false) const;
};

} // namespace claudette
