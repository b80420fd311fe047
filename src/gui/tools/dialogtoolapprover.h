#pragma once

#include "core/chat/toolapprover.h"
#include "gui/dialogs/toolapprovaldialog.h"

#include <QObject>
#include <QPointer>

namespace claudette {

/// The GUI's ToolApprover: each request opens a ToolApprovalDialog (window-modal over
/// @p window) and answers when the user chooses. Destroying the approver with a question open
/// denies it.
class DialogToolApprover : public QObject, public ToolApprover
{
    Q_OBJECT
public:
    explicit DialogToolApprover(QWidget *window, QObject *parent = nullptr);
    ~DialogToolApprover() override;

    void requestApproval(const Request &request, std::function<void(Decision)> answer) override;
    /// Closes an open question (denied; a stopped loop ignores the answer).
    void cancel();
    /// The dialog open now, or nullptr.
    ToolApprovalDialog *currentDialog() const { return m_dialog; }
    /// How many questions were asked.
    int askedCount() const { return m_asked; }

Q_SIGNALS:
    void dialogShown(claudette::ToolApprovalDialog *dialog);

private:
    QPointer<QWidget> m_window;
    QPointer<ToolApprovalDialog> m_dialog;
    int m_asked = 0;
};

} // namespace claudette
