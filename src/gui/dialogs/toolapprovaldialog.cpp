#include "gui/dialogs/toolapprovaldialog.h"

#include "ui_toolapprovaldialog.h"

#include <QJsonDocument>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace claudette {

ToolApprovalDialog::ToolApprovalDialog(const ToolApprover::Request &request, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ToolApprovalDialog>())
    , m_request(request)
{
    m_ui->setupUi(this);
    setObjectName(u"toolApprovalDialog"_s);
    m_ui->questionLabel->setText(tr("Claude wants to run the tool “%1”.").arg(request.toolName));
    m_ui->sourceLabel->setText(
        request.source.startsWith("mcp:"_L1)
            ? tr("It is a tool of the MCP server %1.").arg(request.source.mid(4))
            : tr("It is a local command on this computer."));
    m_ui->inputView->setPlainText(
        QString::fromUtf8(QJsonDocument(request.input).toJson(QJsonDocument::Indented)));
    m_ui->allowButton->setFocus();
    connect(m_ui->allowButton, &QPushButton::clicked, this,
            [this] { choose(ToolApprover::Decision::AllowOnce); });
    connect(m_ui->alwaysButton, &QPushButton::clicked, this,
            [this] { choose(ToolApprover::Decision::AlwaysAllow); });
    connect(m_ui->denyButton, &QPushButton::clicked, this,
            [this] { choose(ToolApprover::Decision::Deny); });
    connect(this, &QDialog::rejected, this, [this] { choose(ToolApprover::Decision::Deny); });
}

ToolApprovalDialog::~ToolApprovalDialog() = default;

void ToolApprovalDialog::choose(ToolApprover::Decision decision)
{
    if (m_decided)
        return;
    m_decided = true;
    m_decision = decision;
    Q_EMIT decided(decision);
    if (decision == ToolApprover::Decision::Deny)
        reject();
    else
        accept();
}

} // namespace claudette
