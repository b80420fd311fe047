#pragma once

#include <QDialog>
#include <QJsonObject>

#include <memory>

namespace Ui {
class ToolEditorDialog;
}

namespace claudette {

/**
 * Edits one tool file: name, description, JSON input schema, command, timeout and working
 * folder. OK is refused (the reason shown) while the schema is not valid JSON or the definition
 * is not one ToolDefinition accepts.
 */
class ToolEditorDialog : public QDialog
{
    Q_OBJECT
public:
    /// @p baseDir: the folder relative paths resolve against (the tools folder).
    explicit ToolEditorDialog(const QString &baseDir, QWidget *parent = nullptr);
    ~ToolEditorDialog() override;

    /// Fills the fields from a tool file's JSON.
    void setToolJson(const QJsonObject &json);
    /// The tool file's JSON for the fields (valid once check() passed).
    QJsonObject toolJson() const;
    /// Checks the fields; the reason, translated, or empty when they make a tool.
    QString check() const;
    QString errorText() const;

    void accept() override;

private:
    std::unique_ptr<Ui::ToolEditorDialog> m_ui;
    QString m_baseDir;
};

} // namespace claudette
