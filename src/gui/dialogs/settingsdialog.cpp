#include "gui/dialogs/settingsdialog.h"

#include "core/api/credentials.h"
#include "core/secrets/secretstore.h"
#include "ui_settingsdialog.h"

#include <QPushButton>

using namespace Qt::StringLiterals;

namespace claudette {

SettingsDialog::SettingsDialog(SecretStore *store, const QProcessEnvironment &env, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_store(store)
{
    m_ui->setupUi(this);
    setObjectName(u"settingsDialog"_s);
    m_ui->errorLabel->hide();
    QPalette errorPalette = m_ui->errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xc0, 0x39, 0x2b));
    m_ui->errorLabel->setPalette(errorPalette);
    m_ui->keyStatusLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->defaultModelCombo->setPlaceholderText(tr("Claudette's default"));

    QStringList envNotes;
    if (!env.value(u"ANTHROPIC_API_KEY"_s).trimmed().isEmpty())
        envNotes.append(tr("The environment variable ANTHROPIC_API_KEY is set and wins over the "
                           "key saved here."));
    else if (!env.value(u"ANTHROPIC_AUTH_TOKEN"_s).trimmed().isEmpty())
        envNotes.append(tr("The environment variable ANTHROPIC_AUTH_TOKEN is set and is sent "
                           "with every request."));
    if (!env.value(u"ANTHROPIC_BASE_URL"_s).trimmed().isEmpty()) {
        envNotes.append(tr("ANTHROPIC_BASE_URL is set and wins over the base URL here."));
        m_ui->baseUrlEdit->setEnabled(false);
        m_ui->baseUrlEdit->setText(env.value(u"ANTHROPIC_BASE_URL"_s).trimmed());
    }
    m_ui->envLabel->setText(envNotes.join(u' '));
    m_ui->envLabel->setVisible(!envNotes.isEmpty());

    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_ui->removeKeyButton, &QPushButton::clicked, this, &SettingsDialog::removeKey);

    setKeyState(KeyState::Checking);
    if (!m_store) {
        setKeyState(KeyState::Unavailable);
        return;
    }
    QPointer<SettingsDialog> self(this);
    m_store->read(QString(AppSettings::ApiKeySecretName), [self](const SecretStore::Result &r) {
        if (!self)
            return;
        switch (r.status) {
        case SecretStore::Status::Ok:
            self->setKeyState(r.secret.isEmpty() ? KeyState::NotSaved : KeyState::Saved);
            break;
        case SecretStore::Status::NotFound:
            self->setKeyState(KeyState::NotSaved);
            break;
        case SecretStore::Status::Unavailable:
            self->setKeyState(KeyState::Unavailable);
            break;
        case SecretStore::Status::Denied:
        case SecretStore::Status::Failed:
            self->setKeyState(KeyState::Failed, r.error);
            break;
        }
        Q_EMIT self->keyStateKnown();
    });
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::setKeyState(KeyState state, const QString &detail)
{
    m_keyState = state;
    const QString backend = m_store ? m_store->backendName() : QString();
    QString text;
    switch (state) {
    case KeyState::Checking:
        text = tr("Looking for a saved key…");
        break;
    case KeyState::Saved:
        text = tr("A key is saved in %1. Type a new one to replace it.").arg(backend);
        break;
    case KeyState::NotSaved:
        text = tr("No key is saved yet. A key typed here is kept in %1.").arg(backend);
        break;
    case KeyState::Unavailable:
        text = tr("No keychain service: using the environment only. Set ANTHROPIC_API_KEY "
                  "before starting Claudette.");
        break;
    case KeyState::Failed:
        text = tr("The keychain could not be read: %1").arg(detail);
        break;
    }
    m_ui->keyStatusLabel->setText(text);
    const bool usable = state == KeyState::Saved || state == KeyState::NotSaved;
    m_ui->apiKeyEdit->setEnabled(usable || state == KeyState::Failed);
    m_ui->removeKeyButton->setEnabled(state == KeyState::Saved);
    m_ui->removeKeyButton->setVisible(state != KeyState::Unavailable);
}

QString SettingsDialog::keyStatusText() const
{
    return m_ui->keyStatusLabel->text();
}

QString SettingsDialog::environmentText() const
{
    return m_ui->envLabel->text();
}

QString SettingsDialog::errorText() const
{
    return m_ui->errorLabel->isHidden() ? QString() : m_ui->errorLabel->text();
}

void SettingsDialog::showError(const QString &message)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setVisible(!message.isEmpty());
}

void SettingsDialog::setSettings(const AppSettings &settings)
{
    m_settings = settings;
    if (m_ui->baseUrlEdit->isEnabled())
        m_ui->baseUrlEdit->setText(settings.baseUrl.toString());
    m_ui->maxRetriesSpin->setValue(settings.maxRetries);
    m_ui->timeoutSpin->setValue(settings.requestTimeoutSeconds);
    m_ui->idleTimeoutSpin->setValue(settings.idleTimeoutSeconds);
    m_ui->thresholdSpin->setValue(settings.costConfirmAboveUsd);
    const int index = m_ui->defaultModelCombo->findData(settings.defaultModel);
    if (index >= 0)
        m_ui->defaultModelCombo->setCurrentIndex(index);
    else
        m_ui->defaultModelCombo->setEditText(settings.defaultModel);
}

void SettingsDialog::setModels(const QList<std::pair<QString, QString>> &models)
{
    const QString current = settings().defaultModel;
    m_ui->defaultModelCombo->clear();
    for (const auto &[id, name] : models)
        m_ui->defaultModelCombo->addItem(name.isEmpty() ? id : u"%1 (%2)"_s.arg(name, id), id);
    const int index = m_ui->defaultModelCombo->findData(current);
    if (index >= 0)
        m_ui->defaultModelCombo->setCurrentIndex(index);
    else
        m_ui->defaultModelCombo->setEditText(current);
}

AppSettings SettingsDialog::settings() const
{
    return m_settings;
}

bool SettingsDialog::collect()
{
    AppSettings s = m_settings;
    if (m_ui->baseUrlEdit->isEnabled()) {
        const QString text = m_ui->baseUrlEdit->text().trimmed();
        if (text.isEmpty()) {
            s.baseUrl = QUrl();
        } else if (const auto url = Credentials::parseBaseUrl(text)) {
            s.baseUrl = *url;
        } else {
            showError(tr("The base URL must be an http or https address, for example %1.")
                          .arg(QString(Credentials::DefaultBaseUrl)));
            m_ui->baseUrlEdit->setFocus();
            return false;
        }
    }
    s.maxRetries = m_ui->maxRetriesSpin->value();
    s.requestTimeoutSeconds = m_ui->timeoutSpin->value();
    s.idleTimeoutSeconds = m_ui->idleTimeoutSpin->value();
    s.costConfirmAboveUsd = m_ui->thresholdSpin->value();
    const int index = m_ui->defaultModelCombo->currentIndex();
    const QString typed = m_ui->defaultModelCombo->currentText().trimmed();
    if (index >= 0 && m_ui->defaultModelCombo->itemText(index) == typed)
        s.defaultModel = m_ui->defaultModelCombo->itemData(index).toString();
    else
        s.defaultModel = typed;
    m_settings = s;
    return true;
}

void SettingsDialog::accept()
{
    if (m_saving)
        return;
    showError({});
    if (!collect())
        return;
    const QString key = m_ui->apiKeyEdit->text().trimmed();
    if (key.isEmpty() || !m_store) {
        QDialog::accept();
        return;
    }
    m_saving = true;
    m_ui->buttonBox->setEnabled(false);
    QPointer<SettingsDialog> self(this);
    m_store->write(
        QString(AppSettings::ApiKeySecretName), key, [self, key](const SecretStore::Result &r) {
            if (!self)
                return;
            self->m_saving = false;
            self->m_ui->buttonBox->setEnabled(true);
            if (r.status != SecretStore::Status::Ok) {
                if (r.status == SecretStore::Status::Unavailable)
                    self->setKeyState(KeyState::Unavailable);
                self->showError(
                    tr("The key was not saved: %1")
                        .arg(r.error.isEmpty() ? tr("the keychain refused it") : r.error));
                return;
            }
            self->m_ui->apiKeyEdit->clear();
            self->setKeyState(KeyState::Saved);
            Q_EMIT self->apiKeyChanged(key);
            self->QDialog::accept();
        });
}

void SettingsDialog::removeKey()
{
    if (!m_store || m_saving)
        return;
    m_saving = true;
    QPointer<SettingsDialog> self(this);
    m_store->remove(QString(AppSettings::ApiKeySecretName), [self](const SecretStore::Result &r) {
        if (!self)
            return;
        self->m_saving = false;
        if (r.status != SecretStore::Status::Ok && r.status != SecretStore::Status::NotFound) {
            self->showError(tr("The key was not removed: %1").arg(r.error));
            return;
        }
        self->setKeyState(KeyState::NotSaved);
        Q_EMIT self->apiKeyChanged(QString());
    });
}

} // namespace claudette
