#pragma once

#include "core/chat/toolapprover.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ToolApprovalDialog;
}

namespace claudette {

/// Asks whether a local or MCP tool may run: its name, where it runs and its input as JSON,
/// with Allow once, Always allow this tool and Deny. Closing it (Esc) denies.
class ToolApprovalDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ToolApprovalDialog(const ToolApprover::Request &request, QWidget *parent = nullptr);
    ~ToolApprovalDialog() override;

    ToolApprover::Decision decision() const { return m_decision; }
    ToolApprover::Request request() const { return m_request; }
    /// Chooses as the buttons do (for tests and keyboard users).
    void choose(ToolApprover::Decision decision);

Q_SIGNALS:
    void decided(claudette::ToolApprover::Decision decision);

private:
    std::unique_ptr<Ui::ToolApprovalDialog> m_ui;
    ToolApprover::Request m_request;
    ToolApprover::Decision m_decision = ToolApprover::Decision::Deny;
    bool m_decided = false;
};

} // namespace claudette
