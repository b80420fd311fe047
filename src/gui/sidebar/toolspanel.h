#pragma once

#include "core/chat/structuredoutput.h"

#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <memory>

class QDialog;
class QListWidget;

namespace Ui {
class ToolsPanel;
}

namespace claudette {

class Chat;
class McpServers;
class ToolLibrary;

/**
 * Sidebar panel "Tools": the tool files of the ToolLibrary (ticked: offered in this
 * conversation; Add, Edit and Remove open the ToolEditorDialog and write the files), the MCP
 * servers (ticked: offered; Add, Start, Remove; their state and tools, or their error), the
 * server tools with their options, tool_choice, parallel use, the tool loop's maximum steps, and
 * structured output (a JSON schema, or a tool whose input is the answer) with the last result
 * shown as formatted JSON and whether it matches.
 *
 * load() shows a Chat's settings; apply() writes them through Chat's setters. Every edit emits
 * settingsEdited().
 */
class ToolsPanel : public QWidget
{
    Q_OBJECT
public:
    /// Opens a dialog; the default runs it modally. Tests replace it.
    using DialogRunner = std::function<int(QDialog *)>;

    explicit ToolsPanel(QWidget *parent = nullptr);
    ~ToolsPanel() override;

    /// Neither is owned; both must outlive the panel.
    void setLibrary(ToolLibrary *library);
    void setMcpServers(McpServers *servers);
    void setDialogRunner(DialogRunner runner) { m_runDialog = std::move(runner); }

    void load(const Chat &chat);
    void apply(Chat &chat) const;

    /// Shows the structured result of the last reply.
    void showStructuredResult(const StructuredOutput::Result &result);
    void clearStructuredResult();
    QString structuredStatus() const;
    QString structuredJson() const;
    /// The schema problem shown (not valid JSON...), or empty.
    QString schemaProblem() const;

public Q_SLOTS:
    /// Opens the editor for a new tool (nothing chosen) or the chosen one.
    void addTool();
    void editTool();
    void removeTool();
    void addMcpServer();

Q_SIGNALS:
    void settingsEdited();
    void errorShown(const QString &message);

private:
    void rebuildTools();
    void rebuildMcp();
    void rebuildToolNames();
    void updateEnabled();
    void edited();
    QStringList checked(const QListWidget *list) const;

    std::unique_ptr<Ui::ToolsPanel> m_ui;
    ToolLibrary *m_library = nullptr;
    McpServers *m_mcp = nullptr;
    DialogRunner m_runDialog;
    QStringList m_enabledTools;
    QStringList m_enabledMcp;
    bool m_loading = false;
};

} // namespace claudette
