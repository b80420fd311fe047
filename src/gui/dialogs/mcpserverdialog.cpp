#include "gui/dialogs/mcpserverdialog.h"

#include "ui_mcpserverdialog.h"

#include <QProcess>

using namespace Qt::StringLiterals;

namespace claudette {

McpServerDialog::McpServerDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::McpServerDialog>())
{
    m_ui->setupUi(this);
    setObjectName(u"mcpServerDialog"_s);
    m_ui->errorLabel->setVisible(false);
    m_ui->errorLabel->setStyleSheet(u"QLabel { color: #b3261e; }"_s);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &McpServerDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &McpServerDialog::reject);
}

McpServerDialog::~McpServerDialog() = default;

void McpServerDialog::setConfig(const McpServers::Config &config)
{
    m_ui->nameEdit->setText(config.name);
    m_ui->commandEdit->setText(config.command);
    QStringList args;
    for (const QString &arg : config.arguments)
        args.append(arg.contains(u' ') || arg.isEmpty() ? u'"' + arg + u'"' : arg);
    m_ui->argsEdit->setText(args.join(u' '));
    QStringList env;
    for (auto it = config.environment.cbegin(); it != config.environment.cend(); ++it)
        env.append(it.key() + u'=' + it.value());
    env.sort();
    m_ui->envEdit->setPlainText(env.join(u'\n'));
}

McpServers::Config McpServerDialog::config() const
{
    McpServers::Config config;
    config.name = m_ui->nameEdit->text().trimmed();
    config.command = m_ui->commandEdit->text().trimmed();
    config.arguments = QProcess::splitCommand(m_ui->argsEdit->text());
    for (const QString &line : m_ui->envEdit->toPlainText().split(u'\n')) {
        const qsizetype eq = line.indexOf(u'=');
        if (eq > 0)
            config.environment.insert(line.left(eq).trimmed(), line.mid(eq + 1));
    }
    return config;
}

QString McpServerDialog::check() const
{
    if (m_ui->nameEdit->text().trimmed().isEmpty())
        return tr("The server needs a name.");
    if (m_ui->commandEdit->text().trimmed().isEmpty())
        return tr("The server needs a command.");
    for (const QString &line : m_ui->envEdit->toPlainText().split(u'\n'))
        if (!line.trimmed().isEmpty() && line.indexOf(u'=') <= 0)
            return tr("Each environment line must be NAME=value: %1").arg(line);
    return {};
}

void McpServerDialog::accept()
{
    const QString problem = check();
    m_ui->errorLabel->setText(problem);
    m_ui->errorLabel->setVisible(!problem.isEmpty());
    if (problem.isEmpty())
        QDialog::accept();
}

} // namespace claudette
