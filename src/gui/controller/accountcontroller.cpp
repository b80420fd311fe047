#include "gui/controller/accountcontroller.h"

#include "core/api/client.h"
#include "core/api/modelcatalog.h"
#include "core/secrets/secretstore.h"
#include "gui/dialogs/settingsdialog.h"
#include "gui/sidebar/modelpanel.h"
#include "gui/sidebar/sidebar.h"
#include "gui/windows/mainwindow.h"

#include <QDate>
#include <QLoggingCategory>
#include <QStatusBar>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcAccount, "claudette.gui.account")

namespace claudette {

AccountController::AccountController(MainWindow *window, Client *client, SecretStore *store,
                                     const QString &settingsFile, const QProcessEnvironment &env,
                                     QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_client(client)
    , m_store(store)
    , m_settingsFile(settingsFile)
    , m_env(env)
    , m_settings(AppSettings::load(settingsFile))
{
    m_envHasKey = !env.value(u"ANTHROPIC_API_KEY"_s).trimmed().isEmpty() ||
                  !env.value(u"ANTHROPIC_AUTH_TOKEN"_s).trimmed().isEmpty();
    m_envHasBaseUrl = !env.value(u"ANTHROPIC_BASE_URL"_s).trimmed().isEmpty();
    m_settings.applyTo(m_client, m_envHasBaseUrl);
    if (!m_settings.defaultModel.isEmpty())
        m_window->sidebar()->modelPanel()->setCurrentModelId(m_settings.defaultModel);
    m_window->setDemoAvailable(!m_client->credentials().hasSecret());
    connect(m_window, &MainWindow::settingsRequested, this, &AccountController::openSettings);
}

SettingsDialog *AccountController::dialog() const
{
    return m_dialog;
}

QString AccountController::keySource() const
{
    return m_client->credentials().source();
}

void AccountController::loadKey()
{
    if (m_envHasKey || !m_store) {
        Q_EMIT keyLoaded(m_envHasKey);
        return;
    }
    QPointer<AccountController> self(this);
    m_store->read(QString(AppSettings::ApiKeySecretName), [self](const SecretStore::Result &r) {
        if (!self)
            return;
        switch (r.status) {
        case SecretStore::Status::Ok:
            if (!r.secret.isEmpty()) {
                self->setStoredKey(r.secret);
                Q_EMIT self->keyLoaded(true);
                return;
            }
            break;
        case SecretStore::Status::NotFound:
            break;
        case SecretStore::Status::Unavailable: {
            const QString message = tr("No keychain service: using the environment only.");
            qCInfo(lcAccount) << "no keychain service; the environment is the only key source";
            self->m_window->statusBar()->showMessage(message, 10000);
            Q_EMIT self->keychainUnavailable(message);
            break;
        }
        case SecretStore::Status::Denied:
        case SecretStore::Status::Failed:
            qCWarning(lcAccount).noquote() << "the saved API key could not be read:" << r.error;
            self->m_window->statusBar()->showMessage(
                tr("The saved API key could not be read: %1").arg(r.error), 10000);
            break;
        }
        Q_EMIT self->keyLoaded(false);
    });
}

void AccountController::setStoredKey(const QString &key)
{
    Credentials credentials = m_client->credentials();
    if (m_envHasKey)
        return; // the environment wins
    credentials.setApiKey(key);
    credentials.setSource(key.isEmpty() ? QString() : u"keychain"_s);
    m_client->setCredentials(credentials);
    qCInfo(lcAccount).noquote() << "credentials:" << credentials.debugString();
    m_window->setDemoAvailable(!credentials.hasSecret());
    Q_EMIT credentialsChanged();
}

void AccountController::openSettings()
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    auto *dialog = new SettingsDialog(m_store, m_env, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QList<std::pair<QString, QString>> models;
    const QDate today = QDate::currentDate();
    const ModelCatalog catalog = ModelCatalog::builtIn();
    for (const ModelCapabilities &model : catalog.models()) {
        if (model.status == "active"_L1 && !model.isRetiredOn(today))
            models.append({model.id, model.displayName});
    }
    dialog->setModels(models);
    dialog->setSettings(m_settings);
    connect(dialog, &SettingsDialog::apiKeyChanged, this, &AccountController::setStoredKey);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { applySettings(dialog->settings()); });
    m_dialog = dialog;
    dialog->open();
}

void AccountController::applySettings(const AppSettings &settings)
{
    const bool modelChanged = settings.defaultModel != m_settings.defaultModel;
    m_settings = settings;
    if (!m_settings.save(m_settingsFile)) {
        m_window->statusBar()->showMessage(
            tr("The settings could not be saved to %1.").arg(m_settingsFile), 10000);
    }
    m_settings.applyTo(m_client, m_envHasBaseUrl);
    if (modelChanged && !m_settings.defaultModel.isEmpty())
        m_window->sidebar()->modelPanel()->setCurrentModelId(m_settings.defaultModel);
    Q_EMIT settingsChanged(m_settings);
}

} // namespace claudette
