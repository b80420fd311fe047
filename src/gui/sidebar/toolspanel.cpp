#include "gui/sidebar/toolspanel.h"

#include "core/chat/chat.h"
#include "core/chat/mcpclient.h"
#include "core/session/mcpservers.h"
#include "core/session/toollibrary.h"
#include "gui/dialogs/mcpserverdialog.h"
#include "gui/dialogs/tooleditordialog.h"

#include "ui_toolspanel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QListWidget>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {
QStringList domains(const QString &text)
{
    QStringList list;
    for (const QString &part : text.split(QRegularExpression(u"[,\\s]+"_s), Qt::SkipEmptyParts))
        list.append(part);
    return list;
}
} // namespace

ToolsPanel::ToolsPanel(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ToolsPanel>())
    , m_runDialog([](QDialog *dialog) { return dialog->exec(); })
{
    m_ui->setupUi(this);
    setObjectName(u"toolsPanel"_s);
    m_ui->toolChoiceCombo->addItem(tr("Auto (Claude decides)"), u"auto"_s);
    m_ui->toolChoiceCombo->addItem(tr("Any tool"), u"any"_s);
    m_ui->toolChoiceCombo->addItem(tr("A named tool"), u"tool"_s);
    m_ui->toolChoiceCombo->addItem(tr("None"), u"none"_s);
    m_ui->structuredCombo->addItem(tr("Off"), u"off"_s);
    m_ui->structuredCombo->addItem(tr("JSON schema"), u"schema"_s);
    m_ui->structuredCombo->addItem(tr("A tool's input"), u"tool"_s);
    m_ui->schemaErrorLabel->setStyleSheet(u"QLabel { color: #b3261e; }"_s);
    m_ui->schemaErrorLabel->setVisible(false);
    m_ui->resultLabel->setVisible(false);
    m_ui->resultView->setVisible(false);
    m_ui->toolErrorsLabel->setVisible(false);

    connect(m_ui->toolList, &QListWidget::itemChanged, this, [this] {
        if (m_loading)
            return;
        m_enabledTools = checked(m_ui->toolList);
        rebuildToolNames();
        edited();
    });
    connect(m_ui->mcpList, &QListWidget::itemChanged, this, [this] {
        if (m_loading)
            return;
        m_enabledMcp = checked(m_ui->mcpList);
        edited();
    });
    connect(m_ui->toolList, &QListWidget::itemDoubleClicked, this, &ToolsPanel::editTool);
    connect(m_ui->addToolButton, &QPushButton::clicked, this, &ToolsPanel::addTool);
    connect(m_ui->editToolButton, &QPushButton::clicked, this, &ToolsPanel::editTool);
    connect(m_ui->removeToolButton, &QPushButton::clicked, this, &ToolsPanel::removeTool);
    connect(m_ui->addMcpButton, &QPushButton::clicked, this, &ToolsPanel::addMcpServer);
    connect(m_ui->startMcpButton, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_ui->mcpList->currentItem(); item && m_mcp)
            m_mcp->start(item->data(Qt::UserRole).toString());
    });
    connect(m_ui->removeMcpButton, &QPushButton::clicked, this, [this] {
        QListWidgetItem *item = m_ui->mcpList->currentItem();
        QString error;
        if (item && m_mcp && !m_mcp->remove(item->data(Qt::UserRole).toString(), &error))
            Q_EMIT errorShown(error);
    });
    connect(m_ui->mcpList, &QListWidget::currentRowChanged, this, [this] { rebuildMcp(); });

    for (QCheckBox *check :
         {m_ui->webSearchCheck, m_ui->webFetchCheck, m_ui->codeExecutionCheck, m_ui->parallelCheck})
        connect(check, &QCheckBox::toggled, this, [this] {
            updateEnabled();
            edited();
        });
    for (QSpinBox *spin : {m_ui->webSearchMaxSpin, m_ui->maxStepsSpin})
        connect(spin, &QSpinBox::valueChanged, this, &ToolsPanel::edited);
    for (QLineEdit *edit : {m_ui->allowedDomainsEdit, m_ui->blockedDomainsEdit})
        connect(edit, &QLineEdit::textChanged, this, &ToolsPanel::edited);
    for (QComboBox *combo :
         {m_ui->toolChoiceCombo, m_ui->toolNameCombo, m_ui->structuredCombo, m_ui->outputToolCombo})
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            updateEnabled();
            edited();
        });
    connect(m_ui->schemaEdit, &QPlainTextEdit::textChanged, this, [this] {
        updateEnabled();
        edited();
    });
    rebuildTools();
    rebuildMcp();
    updateEnabled();
}

ToolsPanel::~ToolsPanel() = default;

void ToolsPanel::setLibrary(ToolLibrary *library)
{
    m_library = library;
    rebuildTools();
}

void ToolsPanel::setMcpServers(McpServers *servers)
{
    m_mcp = servers;
    if (m_mcp)
        connect(m_mcp, &McpServers::changed, this, &ToolsPanel::rebuildMcp);
    rebuildMcp();
}

QStringList ToolsPanel::checked(const QListWidget *list) const
{
    QStringList names;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->checkState() == Qt::Checked)
            names.append(list->item(i)->data(Qt::UserRole).toString());
    return names;
}

void ToolsPanel::rebuildTools()
{
    const bool wasLoading = m_loading;
    m_loading = true;
    const QString current = m_ui->toolList->currentItem()
                                ? m_ui->toolList->currentItem()->data(Qt::UserRole).toString()
                                : QString();
    m_ui->toolList->clear();
    if (m_library) {
        for (const ToolDefinition &tool : m_library->tools()) {
            auto *item = new QListWidgetItem(tool.name, m_ui->toolList);
            item->setData(Qt::UserRole, tool.name);
            item->setToolTip(tool.description);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(m_enabledTools.contains(tool.name) ? Qt::Checked : Qt::Unchecked);
            if (tool.name == current)
                m_ui->toolList->setCurrentItem(item);
        }
        // A tool switched on whose file is gone stays listed, so it can be switched off.
        for (const QString &name : std::as_const(m_enabledTools)) {
            if (m_library->find(name))
                continue;
            auto *item = new QListWidgetItem(tr("%1 (file missing)").arg(name), m_ui->toolList);
            item->setData(Qt::UserRole, name);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Checked);
        }
        const QStringList errors = m_library->errors();
        m_ui->toolErrorsLabel->setText(errors.join(u'\n'));
        m_ui->toolErrorsLabel->setVisible(!errors.isEmpty());
    }
    rebuildToolNames();
    m_loading = wasLoading;
}

void ToolsPanel::rebuildToolNames()
{
    const bool wasLoading = m_loading;
    m_loading = true;
    for (QComboBox *combo : {m_ui->toolNameCombo, m_ui->outputToolCombo}) {
        const QString current = combo->currentData().toString();
        combo->clear();
        for (const QString &name : std::as_const(m_enabledTools))
            combo->addItem(name, name);
        if (m_mcp) {
            for (const QString &server : std::as_const(m_enabledMcp))
                if (McpClient *client = m_mcp->client(server); client && client->isReady())
                    for (const McpClient::Tool &tool : client->tools())
                        combo->addItem(tool.name, tool.name);
        }
        if (!current.isEmpty() && combo->findData(current) < 0)
            combo->addItem(current, current);
        combo->setCurrentIndex(qMax(0, combo->findData(current)));
    }
    m_loading = wasLoading;
}

void ToolsPanel::rebuildMcp()
{
    const bool wasLoading = m_loading;
    m_loading = true;
    const int row = m_ui->mcpList->currentRow();
    {
        QSignalBlocker blocker(m_ui->mcpList);
        m_ui->mcpList->clear();
        QStringList names = m_mcp ? m_mcp->names() : QStringList();
        for (const QString &name : std::as_const(m_enabledMcp))
            if (!names.contains(name))
                names.append(name);
        for (const QString &name : std::as_const(names)) {
            const QString state = m_mcp ? m_mcp->state(name) : tr("not configured");
            auto *item = new QListWidgetItem(tr("%1 (%2)").arg(name, state), m_ui->mcpList);
            item->setData(Qt::UserRole, name);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(m_enabledMcp.contains(name) ? Qt::Checked : Qt::Unchecked);
        }
        if (row >= 0 && row < m_ui->mcpList->count())
            m_ui->mcpList->setCurrentRow(row);
    }
    QString details;
    if (QListWidgetItem *item = m_ui->mcpList->currentItem(); item && m_mcp) {
        const QString name = item->data(Qt::UserRole).toString();
        if (McpClient *client = m_mcp->client(name); client && client->isReady()) {
            QStringList tools;
            for (const McpClient::Tool &tool : client->tools())
                tools.append(tool.name);
            details = tr("Tools: %1").arg(tools.isEmpty() ? tr("none") : tools.join(u", "_s));
        } else {
            details = m_mcp->state(name);
        }
    }
    m_ui->mcpStateLabel->setText(details);
    m_ui->mcpStateLabel->setVisible(!details.isEmpty());
    rebuildToolNames();
    m_loading = wasLoading;
}

void ToolsPanel::updateEnabled()
{
    const bool search = m_ui->webSearchCheck->isChecked();
    for (QWidget *w : {static_cast<QWidget *>(m_ui->webSearchMaxSpin),
                       static_cast<QWidget *>(m_ui->allowedDomainsEdit),
                       static_cast<QWidget *>(m_ui->blockedDomainsEdit)})
        w->setEnabled(search);
    const bool named = m_ui->toolChoiceCombo->currentData().toString() == "tool"_L1;
    m_ui->toolNameCombo->setEnabled(named);
    m_ui->toolNameLabel->setEnabled(named);
    const QString mode = m_ui->structuredCombo->currentData().toString();
    m_ui->schemaEdit->setVisible(mode == "schema"_L1);
    m_ui->outputToolCombo->setVisible(mode == "tool"_L1);
    QString problem;
    if (mode == "schema"_L1) {
        QJsonParseError error{};
        const QJsonDocument doc =
            QJsonDocument::fromJson(m_ui->schemaEdit->toPlainText().toUtf8(), &error);
        if (m_ui->schemaEdit->toPlainText().trimmed().isEmpty())
            problem = tr("Write the JSON schema the reply must follow.");
        else if (error.error != QJsonParseError::NoError)
            problem = tr("The schema is not valid JSON: %1 (at character %2).")
                          .arg(error.errorString())
                          .arg(error.offset);
        else if (!doc.isObject())
            problem = tr("The schema must be a JSON object.");
        else if (StructuredOutput output; !output.setSchema(doc.object(), &problem))
            problem = tr("The schema is not usable: %1").arg(problem);
    } else if (mode == "tool"_L1 && m_ui->outputToolCombo->count() == 0) {
        problem = tr("Tick a tool above first: its input will be the answer.");
    }
    m_ui->schemaErrorLabel->setText(problem);
    m_ui->schemaErrorLabel->setVisible(!problem.isEmpty());
}

QString ToolsPanel::schemaProblem() const
{
    return m_ui->schemaErrorLabel->isHidden() ? QString() : m_ui->schemaErrorLabel->text();
}

void ToolsPanel::edited()
{
    if (!m_loading)
        Q_EMIT settingsEdited();
}

void ToolsPanel::load(const Chat &chat)
{
    m_loading = true;
    m_enabledTools = chat.enabledTools();
    m_enabledMcp = chat.enabledMcpServers();
    rebuildTools();
    rebuildMcp();
    const ServerToolSettings server = chat.serverTools();
    m_ui->webSearchCheck->setChecked(server.webSearch);
    m_ui->webSearchMaxSpin->setValue(server.webSearchMaxUses);
    m_ui->allowedDomainsEdit->setText(server.allowedDomains.join(u", "_s));
    m_ui->blockedDomainsEdit->setText(server.blockedDomains.join(u", "_s));
    m_ui->webFetchCheck->setChecked(server.webFetch);
    m_ui->codeExecutionCheck->setChecked(server.codeExecution);
    const auto choice = chat.toolChoice();
    int index = 0;
    if (choice) {
        switch (choice->kind) {
        case ToolChoice::Kind::Auto:
            index = 0;
            break;
        case ToolChoice::Kind::Any:
            index = 1;
            break;
        case ToolChoice::Kind::Tool:
            index = 2;
            if (m_ui->toolNameCombo->findData(choice->name) < 0)
                m_ui->toolNameCombo->addItem(choice->name, choice->name);
            m_ui->toolNameCombo->setCurrentIndex(m_ui->toolNameCombo->findData(choice->name));
            break;
        case ToolChoice::Kind::None:
            index = 3;
            break;
        }
    }
    m_ui->toolChoiceCombo->setCurrentIndex(index);
    m_ui->parallelCheck->setChecked(!(choice && choice->disableParallelToolUse.value_or(false)));
    m_ui->maxStepsSpin->setValue(chat.maxToolSteps());
    const QJsonObject schema = chat.outputSchema();
    const QString outputTool = chat.outputTool();
    if (!outputTool.isEmpty()) {
        m_ui->structuredCombo->setCurrentIndex(2);
        if (m_ui->outputToolCombo->findData(outputTool) < 0)
            m_ui->outputToolCombo->addItem(outputTool, outputTool);
        m_ui->outputToolCombo->setCurrentIndex(m_ui->outputToolCombo->findData(outputTool));
    } else if (!schema.isEmpty()) {
        m_ui->structuredCombo->setCurrentIndex(1);
        m_ui->schemaEdit->setPlainText(
            QString::fromUtf8(QJsonDocument(schema).toJson(QJsonDocument::Indented)));
    } else {
        m_ui->structuredCombo->setCurrentIndex(0);
    }
    updateEnabled();
    m_loading = false;
}

void ToolsPanel::apply(Chat &chat) const
{
    chat.setEnabledTools(m_enabledTools);
    chat.setEnabledMcpServers(m_enabledMcp);
    ServerToolSettings server;
    server.webSearch = m_ui->webSearchCheck->isChecked();
    if (server.webSearch) {
        server.webSearchMaxUses = m_ui->webSearchMaxSpin->value();
        server.allowedDomains = domains(m_ui->allowedDomainsEdit->text());
        server.blockedDomains = domains(m_ui->blockedDomainsEdit->text());
    }
    server.webFetch = m_ui->webFetchCheck->isChecked();
    server.codeExecution = m_ui->codeExecutionCheck->isChecked();
    chat.setServerTools(server);

    const QString kind = m_ui->toolChoiceCombo->currentData().toString();
    const std::optional<bool> noParallel =
        m_ui->parallelCheck->isChecked() ? std::nullopt : std::optional<bool>(true);
    std::optional<ToolChoice> choice;
    if (kind == "any"_L1)
        choice = ToolChoice::any(noParallel);
    else if (kind == "tool"_L1 && !m_ui->toolNameCombo->currentData().toString().isEmpty())
        choice = ToolChoice::tool(m_ui->toolNameCombo->currentData().toString(), noParallel);
    else if (kind == "none"_L1)
        choice = ToolChoice::none();
    else if (noParallel)
        choice = ToolChoice::autoChoice(noParallel);
    chat.setToolChoice(choice);
    chat.setMaxToolSteps(m_ui->maxStepsSpin->value());

    const QString mode = m_ui->structuredCombo->currentData().toString();
    QJsonObject schema;
    QString outputTool;
    if (mode == "schema"_L1)
        schema = QJsonDocument::fromJson(m_ui->schemaEdit->toPlainText().toUtf8()).object();
    else if (mode == "tool"_L1)
        outputTool = m_ui->outputToolCombo->currentData().toString();
    chat.setOutputSchema(schema);
    chat.setOutputTool(outputTool);
}

void ToolsPanel::showStructuredResult(const StructuredOutput::Result &result)
{
    QString json;
    if (result.value.isObject())
        json = QString::fromUtf8(QJsonDocument(result.value.toObject()).toJson());
    else if (result.value.isArray())
        json = QString::fromUtf8(QJsonDocument(result.value.toArray()).toJson());
    else if (!result.value.isUndefined())
        json = QString::fromUtf8(
                   QJsonDocument(QJsonArray{result.value}).toJson(QJsonDocument::Compact))
                   .mid(1)
                   .chopped(1);
    m_ui->resultLabel->setText(result.ok ? tr("The reply matches the schema.")
                                         : tr("The reply does not fit: %1").arg(result.error));
    m_ui->resultLabel->setStyleSheet(result.ok ? QString() : u"QLabel { color: #b3261e; }"_s);
    m_ui->resultLabel->setVisible(true);
    m_ui->resultView->setPlainText(json);
    m_ui->resultView->setVisible(!json.isEmpty());
}

void ToolsPanel::clearStructuredResult()
{
    m_ui->resultLabel->clear();
    m_ui->resultLabel->setVisible(false);
    m_ui->resultView->clear();
    m_ui->resultView->setVisible(false);
}

QString ToolsPanel::structuredStatus() const
{
    return m_ui->resultLabel->isHidden() ? QString() : m_ui->resultLabel->text();
}

QString ToolsPanel::structuredJson() const
{
    return m_ui->resultView->toPlainText();
}

void ToolsPanel::addTool()
{
    if (!m_library)
        return;
    ToolEditorDialog dialog(m_library->folder(), this);
    dialog.setWindowTitle(tr("New Tool"));
    if (m_runDialog(&dialog) != QDialog::Accepted)
        return;
    QString error;
    if (!m_library->save(dialog.toolJson(), {}, &error)) {
        Q_EMIT errorShown(error);
        return;
    }
    rebuildTools();
}

void ToolsPanel::editTool()
{
    QListWidgetItem *item = m_ui->toolList->currentItem();
    if (!m_library || !item)
        return;
    const QString name = item->data(Qt::UserRole).toString();
    const QJsonObject json = m_library->fileJson(name);
    if (json.isEmpty()) {
        Q_EMIT errorShown(tr("The file of the tool %1 cannot be read.").arg(name));
        return;
    }
    ToolEditorDialog dialog(m_library->folder(), this);
    dialog.setWindowTitle(tr("Edit Tool"));
    dialog.setToolJson(json);
    if (m_runDialog(&dialog) != QDialog::Accepted)
        return;
    QString error;
    const QJsonObject changed = dialog.toolJson();
    if (!m_library->save(changed, name, &error)) {
        Q_EMIT errorShown(error);
        return;
    }
    const QString newName = changed.value("name"_L1).toString();
    if (newName != name && m_enabledTools.contains(name)) {
        m_enabledTools.replace(m_enabledTools.indexOf(name), newName);
        rebuildTools();
        edited();
        return;
    }
    rebuildTools();
}

void ToolsPanel::removeTool()
{
    QListWidgetItem *item = m_ui->toolList->currentItem();
    if (!m_library || !item)
        return;
    const QString name = item->data(Qt::UserRole).toString();
    QString error;
    if (m_library->find(name) && !m_library->remove(name, &error)) {
        Q_EMIT errorShown(error);
        return;
    }
    if (m_enabledTools.removeAll(name) > 0)
        edited();
    rebuildTools();
}

void ToolsPanel::addMcpServer()
{
    if (!m_mcp)
        return;
    McpServerDialog dialog(this);
    if (m_runDialog(&dialog) != QDialog::Accepted)
        return;
    QString error;
    const McpServers::Config config = dialog.config();
    if (!m_mcp->put(config, &error)) {
        Q_EMIT errorShown(error);
        return;
    }
    m_mcp->start(config.name);
}

} // namespace claudette
