#include "gui/dialogs/tooleditordialog.h"

#include "core/chat/tooldefinition.h"

#include "ui_tooleditordialog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace claudette {

ToolEditorDialog::ToolEditorDialog(const QString &baseDir, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ToolEditorDialog>())
    , m_baseDir(baseDir)
{
    m_ui->setupUi(this);
    setObjectName(u"toolEditorDialog"_s);
    m_ui->schemaEdit->setPlainText(u"{\n  \"type\": \"object\",\n  \"properties\": {}\n}"_s);
    m_ui->errorLabel->setVisible(false);
    m_ui->errorLabel->setStyleSheet(u"QLabel { color: #b3261e; }"_s);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ToolEditorDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &ToolEditorDialog::reject);
}

ToolEditorDialog::~ToolEditorDialog() = default;

void ToolEditorDialog::setToolJson(const QJsonObject &json)
{
    m_ui->nameEdit->setText(json.value("name"_L1).toString());
    m_ui->descriptionEdit->setPlainText(json.value("description"_L1).toString());
    m_ui->schemaEdit->setPlainText(QString::fromUtf8(
        QJsonDocument(json.value("input_schema"_L1).toObject()).toJson(QJsonDocument::Indented)));
    const QJsonValue command = json.value("command"_L1);
    if (command.isArray()) {
        QStringList parts;
        for (const QJsonValue &v : command.toArray()) {
            QString part = v.toString();
            if (part.contains(u' ') || part.isEmpty())
                part = u'"' + part + u'"';
            parts.append(part);
        }
        m_ui->commandEdit->setText(parts.join(u' '));
    } else {
        m_ui->commandEdit->setText(command.toString());
    }
    m_ui->timeoutSpin->setValue(json.value("timeout_seconds"_L1).toInt(30));
    m_ui->workingDirEdit->setText(json.value("working_directory"_L1).toString());
}

QJsonObject ToolEditorDialog::toolJson() const
{
    QJsonObject json{{u"name"_s, m_ui->nameEdit->text().trimmed()},
                     {u"description"_s, m_ui->descriptionEdit->toPlainText().trimmed()},
                     {u"input_schema"_s,
                      QJsonDocument::fromJson(m_ui->schemaEdit->toPlainText().toUtf8()).object()},
                     {u"command"_s, QJsonArray::fromStringList(
                                        QProcess::splitCommand(m_ui->commandEdit->text()))},
                     {u"timeout_seconds"_s, m_ui->timeoutSpin->value()}};
    if (!m_ui->workingDirEdit->text().trimmed().isEmpty())
        json.insert(u"working_directory"_s, m_ui->workingDirEdit->text().trimmed());
    return json;
}

QString ToolEditorDialog::check() const
{
    QJsonParseError parseError{};
    const QJsonDocument schema =
        QJsonDocument::fromJson(m_ui->schemaEdit->toPlainText().toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return tr("The input schema is not valid JSON: %1 (at character %2).")
            .arg(parseError.errorString())
            .arg(parseError.offset);
    if (!schema.isObject())
        return tr("The input schema must be a JSON object.");
    if (schema.object().value("type"_L1).toString() != "object"_L1)
        return tr("The input schema's type must be \"object\".");
    QString error;
    if (!ToolDefinition::fromJson(toolJson(), m_baseDir, &error))
        return error;
    return {};
}

QString ToolEditorDialog::errorText() const
{
    return m_ui->errorLabel->isHidden() ? QString() : m_ui->errorLabel->text();
}

void ToolEditorDialog::accept()
{
    const QString problem = check();
    m_ui->errorLabel->setText(problem);
    m_ui->errorLabel->setVisible(!problem.isEmpty());
    if (problem.isEmpty())
        QDialog::accept();
}

} // namespace claudette
