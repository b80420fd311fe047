#pragma once

#include "core/session/mcpservers.h"

#include <QDialog>

#include <memory>

namespace Ui {
class McpServerDialog;
}

namespace claudette {

/// Adds or edits an MCP server: name, command, arguments (split like a shell) and environment
/// (NAME=value lines). OK is refused, with the reason, while a field is wrong.
class McpServerDialog : public QDialog
{
    Q_OBJECT
public:
    explicit McpServerDialog(QWidget *parent = nullptr);
    ~McpServerDialog() override;

    void setConfig(const McpServers::Config &config);
    McpServers::Config config() const;
    QString check() const;
    void accept() override;

private:
    std::unique_ptr<Ui::McpServerDialog> m_ui;
};

} // namespace claudette
