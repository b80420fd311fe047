#pragma once

#include "gui/dialogs/appsettings.h"

#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>

#include <functional>

namespace claudette {

class Client;
class MainWindow;
class SecretStore;
class SettingsDialog;

/**
 * The API key and the application settings of one window.
 *
 * At start the environment wins (ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN, read by
 * Credentials::load); without one, the key saved in the SecretStore is read (asynchronously)
 * and given to the Client. Edit › Settings… opens a SettingsDialog; a key saved there reaches the
 * Client at once unless the environment has one. When the Client gains a key, the empty state's
 * demo offer goes away.
 *
 * The settings file (claudette.conf) holds no secret. Client, window and store are not owned and
 * must outlive the controller.
 */
class AccountController : public QObject
{
    Q_OBJECT
public:
    AccountController(MainWindow *window, Client *client, SecretStore *store,
                      const QString &settingsFile,
                      const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                      QObject *parent = nullptr);

    AppSettings settings() const { return m_settings; }
    /// True when the environment supplies the key (it then wins over the saved one).
    bool environmentHasKey() const { return m_envHasKey; }
    /// "keychain", "env:ANTHROPIC_API_KEY", ... or empty: where the Client's key came from.
    QString keySource() const;
    /// The dialog while it is open (for tests).
    SettingsDialog *dialog() const;

public Q_SLOTS:
    /// Reads the saved key when the environment has none. Answers with keyLoaded().
    void loadKey();
    /// Opens Edit › Settings (non-modal; one at a time).
    void openSettings();
    /// Saves and applies @p settings.
    void applySettings(const claudette::AppSettings &settings);

Q_SIGNALS:
    /// The saved key was looked up: @p found tells whether the Client got it.
    void keyLoaded(bool found);
    /// The Client's credentials changed (a key was saved or removed in Settings).
    void credentialsChanged();
    void settingsChanged(const claudette::AppSettings &settings);
    /// The keychain cannot be used (no service): the app uses the environment only.
    void keychainUnavailable(const QString &message);

private:
    void setStoredKey(const QString &key);

    MainWindow *m_window;
    Client *m_client;
    QPointer<SecretStore> m_store;
    QString m_settingsFile;
    QProcessEnvironment m_env;
    AppSettings m_settings;
    QPointer<SettingsDialog> m_dialog;
    bool m_envHasKey = false;
    bool m_envHasBaseUrl = false;
};

} // namespace claudette
