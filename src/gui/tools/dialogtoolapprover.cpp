#include "gui/tools/dialogtoolapprover.h"

#include "gui/dialogs/toolapprovaldialog.h"

#include <QWidget>

namespace claudette {

DialogToolApprover::DialogToolApprover(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
{}

DialogToolApprover::~DialogToolApprover()
{
    if (m_dialog)
        m_dialog->choose(Decision::Deny);
    delete m_dialog;
}

void DialogToolApprover::cancel()
{
    if (m_dialog)
        m_dialog->choose(Decision::Deny);
}

void DialogToolApprover::requestApproval(const Request &request,
                                         std::function<void(Decision)> answer)
{
    ++m_asked;
    auto *dialog = new ToolApprovalDialog(request, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    connect(dialog, &ToolApprovalDialog::decided, this,
            [answer = std::move(answer)](Decision decision) { answer(decision); });
    dialog->open();
    Q_EMIT dialogShown(dialog);
}

} // namespace claudette
