#include "gui/sidebar/modelpanel.h"

#include "ui_modelpanel.h"

#include <QLineEdit>

namespace claudette {

ModelPanel::ModelPanel(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ModelPanel>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("modelPanel"));
    m_ui->modelIdLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->modelCombo->lineEdit()->setPlaceholderText(tr("claude-…"));
    connect(m_ui->modelCombo, &QComboBox::activated, this, [this] { commitModel(); });
    connect(m_ui->modelCombo->lineEdit(), &QLineEdit::editingFinished, this,
            [this] { commitModel(); });
    connect(m_ui->maxTokensSpin, &QSpinBox::valueChanged, this, &ModelPanel::maxTokensChanged);
}

ModelPanel::~ModelPanel() = default;

void ModelPanel::setModels(const ModelList &models)
{
    const QString current = currentModelId();
    QSignalBlocker blocker(m_ui->modelCombo);
    m_ui->modelCombo->clear();
    for (const auto &[id, name] : models)
        m_ui->modelCombo->addItem(name.isEmpty() ? id : name, id);
    setCurrentModelId(current);
}

QString ModelPanel::currentModelId() const
{
    const QString text = m_ui->modelCombo->currentText().trimmed();
    const int index = m_ui->modelCombo->findText(text, Qt::MatchExactly);
    if (index >= 0)
        return m_ui->modelCombo->itemData(index).toString();
    return text;
}

void ModelPanel::setCurrentModelId(const QString &id)
{
    QSignalBlocker blocker(m_ui->modelCombo);
    const int index = m_ui->modelCombo->findData(id);
    if (index >= 0)
        m_ui->modelCombo->setCurrentIndex(index);
    else
        m_ui->modelCombo->setEditText(id);
    m_current = currentModelId();
    m_ui->modelIdLabel->setText(m_current);
}

int ModelPanel::maxTokens() const
{
    return m_ui->maxTokensSpin->value();
}

void ModelPanel::setMaxTokens(int tokens)
{
    m_ui->maxTokensSpin->setValue(tokens);
}

void ModelPanel::commitModel()
{
    const QString id = currentModelId();
    m_ui->modelIdLabel->setText(id);
    if (id.isEmpty() || id == m_current)
        return;
    m_current = id;
    Q_EMIT modelChanged(id);
}

} // namespace claudette
