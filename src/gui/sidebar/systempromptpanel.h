#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include <memory>
#include <utility>

namespace Ui {
class SystemPromptPanel;
}

namespace claudette {

/**
 * Sidebar panel "System": the conversation's system prompt, and saved presets (a JSON file,
 * `<config>/system-prompts.json`: `{"presets": [{"name": …, "text": …}]}`). Choosing a preset
 * puts its text in the editor; Save as Preset stores the editor's text under a name.
 */
class SystemPromptPanel : public QWidget
{
    Q_OBJECT
public:
    using Preset = std::pair<QString, QString>; ///< name, text

    explicit SystemPromptPanel(QWidget *parent = nullptr);
    ~SystemPromptPanel() override;

    /// Where presets are kept; reads it.
    void setPresetsFile(const QString &path);
    QList<Preset> presets() const { return m_presets; }
    /// Adds or replaces the preset @p name and writes the file. False with @p error on a write
    /// error or an empty name.
    bool savePreset(const QString &name, const QString &text, QString *error = nullptr);
    bool deletePreset(const QString &name, QString *error = nullptr);
    /// Puts preset @p name's text in the editor (as if the user chose it).
    bool choosePreset(const QString &name);

    QString systemPrompt() const;
    /// Shows @p text (emits nothing).
    void setSystemPrompt(const QString &text);

Q_SIGNALS:
    void systemPromptEdited(const QString &text);
    void errorShown(const QString &message);

private:
    void loadPresets();
    bool writePresets(QString *error);
    void rebuildCombo();
    void askAndSave();

    std::unique_ptr<Ui::SystemPromptPanel> m_ui;
    QString m_file;
    QList<Preset> m_presets;
    bool m_loading = false;
};

} // namespace claudette
