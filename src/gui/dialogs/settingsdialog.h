#pragma once

#include "gui/dialogs/appsettings.h"

#include <QDialog>
#include <QList>
#include <QPointer>
#include <QProcessEnvironment>

#include <memory>
#include <utility>

namespace Ui {
class SettingsDialog;
}

namespace claudette {

class SecretStore;

/**
 * Edit › Settings: the API key (saved to the SecretStore, never shown back), base URL, retries,
 * request and idle timeouts, the cost confirmation threshold and the default model.
 *
 * It tells the user where the key comes from: "ANTHROPIC_API_KEY is set and wins" when the
 * environment has a key, and "no keychain service: using the environment only" when the store
 * answers Unavailable (the key field is then disabled: nothing is ever kept in plain text).
 *
 * Save writes a typed key to the store first; the dialog closes only when the store said Ok
 * (apiKeyChanged() then carries the new key), and stays open with the store's error otherwise.
 * The store is not owned and must outlive the dialog.
 */
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    enum class KeyState
    {
        Checking,
        Saved,
        NotSaved,
        Unavailable,
        Failed,
    };
    Q_ENUM(KeyState)

    SettingsDialog(SecretStore *store, const QProcessEnvironment &env, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    void setSettings(const AppSettings &settings);
    /// The settings as edited (valid once accepted).
    AppSettings settings() const;
    /// (id, display name) pairs for the default-model picker.
    void setModels(const QList<std::pair<QString, QString>> &models);

    KeyState keyState() const { return m_keyState; }
    QString keyStatusText() const;
    QString environmentText() const;
    QString errorText() const;

public Q_SLOTS:
    void accept() override;

Q_SIGNALS:
    /// The key saved to the store (empty: the saved key was removed).
    void apiKeyChanged(const QString &key);
    /// The store answered the first read (keyState() tells what it found).
    void keyStateKnown();

private:
    void setKeyState(KeyState state, const QString &detail = {});
    void removeKey();
    void showError(const QString &message);
    bool collect();

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    QPointer<SecretStore> m_store;
    AppSettings m_settings;
    KeyState m_keyState = KeyState::Checking;
    bool m_saving = false;
};

} // namespace claudette
