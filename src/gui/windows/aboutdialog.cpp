#include "gui/windows/aboutdialog.h"

#include "gui/icons/icons.h"
#include "ui_aboutdialog.h"

namespace claudette {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AboutDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("aboutDialog"));
    m_ui->logoLabel->setPixmap(Icons::icon(QStringLiteral("claudette")).pixmap(64, 64));
    QFont title = m_ui->titleLabel->font();
    title.setPointSizeF(title.pointSizeF() * 1.5);
    title.setWeight(QFont::DemiBold);
    m_ui->titleLabel->setFont(title);
    m_ui->versionLabel->setText(tr("Version %1").arg(QStringLiteral(CLAUDETTE_VERSION)));
    m_ui->qtLabel->setText(tr("Qt %1").arg(QString::fromLatin1(qVersion())));
    m_ui->qtLabel->setForegroundRole(QPalette::PlaceholderText);
}

AboutDialog::~AboutDialog() = default;

} // namespace claudette
