#include "gui/sidebar/systempromptpanel.h"

#include "ui_systempromptpanel.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace claudette {

SystemPromptPanel::SystemPromptPanel(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::SystemPromptPanel>())
{
    m_ui->setupUi(this);
    setObjectName(u"systemPromptPanel"_s);
    rebuildCombo();
    connect(m_ui->systemEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_loading)
            Q_EMIT systemPromptEdited(systemPrompt());
    });
    connect(m_ui->presetCombo, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            choosePreset(m_ui->presetCombo->itemData(index).toString());
    });
    connect(m_ui->savePresetButton, &QPushButton::clicked, this, &SystemPromptPanel::askAndSave);
    connect(m_ui->deletePresetButton, &QPushButton::clicked, this, [this] {
        const QString name = m_ui->presetCombo->currentData().toString();
        QString error;
        if (!name.isEmpty() && !deletePreset(name, &error))
            Q_EMIT errorShown(error);
    });
}

SystemPromptPanel::~SystemPromptPanel() = default;

void SystemPromptPanel::setPresetsFile(const QString &path)
{
    m_file = path;
    loadPresets();
}

void SystemPromptPanel::loadPresets()
{
    m_presets.clear();
    QFile file(m_file);
    if (!m_file.isEmpty() && file.open(QIODevice::ReadOnly)) {
        const QJsonObject doc = QJsonDocument::fromJson(file.readAll()).object();
        for (const QJsonValue &v : doc.value("presets"_L1).toArray()) {
            const QJsonObject preset = v.toObject();
            const QString name = preset.value("name"_L1).toString();
            if (!name.isEmpty())
                m_presets.append({name, preset.value("text"_L1).toString()});
        }
    }
    rebuildCombo();
}

bool SystemPromptPanel::writePresets(QString *error)
{
    if (m_file.isEmpty())
        return true;
    QJsonArray list;
    for (const auto &[name, text] : std::as_const(m_presets))
        list.append(QJsonObject{{u"name"_s, name}, {u"text"_s, text}});
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    QSaveFile file(m_file);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(QJsonObject{{u"presets"_s, list}}).toJson()) < 0 ||
        !file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(m_file, file.errorString());
        return false;
    }
    return true;
}

void SystemPromptPanel::rebuildCombo()
{
    const QString current = m_ui->presetCombo->currentData().toString();
    QSignalBlocker blocker(m_ui->presetCombo);
    m_ui->presetCombo->clear();
    m_ui->presetCombo->addItem(m_presets.isEmpty() ? tr("No presets saved") : tr("Choose…"),
                               QString());
    for (const auto &[name, text] : std::as_const(m_presets))
        m_ui->presetCombo->addItem(name, name);
    m_ui->presetCombo->setCurrentIndex(qMax(0, m_ui->presetCombo->findData(current)));
    m_ui->deletePresetButton->setEnabled(!m_presets.isEmpty());
}

bool SystemPromptPanel::savePreset(const QString &name, const QString &text, QString *error)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        if (error)
            *error = tr("A preset needs a name.");
        return false;
    }
    bool replaced = false;
    for (auto &preset : m_presets) {
        if (preset.first == trimmed) {
            preset.second = text;
            replaced = true;
        }
    }
    if (!replaced)
        m_presets.append({trimmed, text});
    if (!writePresets(error))
        return false;
    rebuildCombo();
    m_ui->presetCombo->setCurrentIndex(m_ui->presetCombo->findData(trimmed));
    return true;
}

bool SystemPromptPanel::deletePreset(const QString &name, QString *error)
{
    if (m_presets.removeIf([&](const Preset &p) { return p.first == name; }) == 0) {
        if (error)
            *error = tr("There is no preset named %1.").arg(name);
        return false;
    }
    if (!writePresets(error))
        return false;
    rebuildCombo();
    return true;
}

bool SystemPromptPanel::choosePreset(const QString &name)
{
    for (const auto &[presetName, text] : std::as_const(m_presets)) {
        if (presetName == name) {
            m_ui->presetCombo->setCurrentIndex(m_ui->presetCombo->findData(name));
            m_ui->systemEdit->setPlainText(text); // emits systemPromptEdited
            return true;
        }
    }
    return false;
}

void SystemPromptPanel::askAndSave()
{
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("Save Preset"), tr("Preset name:"), QLineEdit::Normal,
                              m_ui->presetCombo->currentData().toString(), &ok);
    if (!ok)
        return;
    QString error;
    if (!savePreset(name, systemPrompt(), &error))
        Q_EMIT errorShown(error);
}

QString SystemPromptPanel::systemPrompt() const
{
    return m_ui->systemEdit->toPlainText();
}

void SystemPromptPanel::setSystemPrompt(const QString &text)
{
    if (text == systemPrompt())
        return;
    m_loading = true;
    m_ui->systemEdit->setPlainText(text);
    m_loading = false;
}

} // namespace claudette
