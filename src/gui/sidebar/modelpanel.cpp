#include "gui/sidebar/modelpanel.h"

#include "core/chat/chat.h"

#include "ui_modelpanel.h"

#include <QLineEdit>

using namespace Qt::StringLiterals;

namespace claudette {

ModelPanel::ModelPanel(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ModelPanel>())
{
    m_ui->setupUi(this);
    setObjectName(u"modelPanel"_s);
    m_ui->modelIdLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->modelIdLabel->setWordWrap(true);
    m_ui->modelCombo->lineEdit()->setPlaceholderText(tr("claude-…"));
    m_ui->modelCombo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_ui->modelCombo->setMinimumContentsLength(12);
    m_ui->modelCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_ui->problemLabel->setVisible(false);
    m_ui->problemLabel->setStyleSheet(u"QLabel { color: #b3261e; }"_s);

    m_ui->thinkingCombo->addItem(tr("Off"), u"off"_s);
    m_ui->thinkingCombo->addItem(tr("Token budget"), u"budget"_s);
    m_ui->thinkingCombo->addItem(tr("Adaptive"), u"adaptive"_s);
    m_ui->thinkingCombo->addItem(tr("Between tool calls"), u"between_tools"_s);
    m_ui->thinkingDisplayCombo->addItem(tr("Summarized"), u"summarized"_s);
    m_ui->thinkingDisplayCombo->addItem(tr("Omitted"), u"omitted"_s);
    m_ui->effortCombo->addItem(tr("Default"), QString());
    for (const QString &level : {u"low"_s, u"medium"_s, u"high"_s, u"xhigh"_s, u"max"_s})
        m_ui->effortCombo->addItem(level, level);
    m_ui->serviceTierCombo->addItem(tr("Default"), QString());
    m_ui->serviceTierCombo->addItem(u"auto"_s, u"auto"_s);
    m_ui->serviceTierCombo->addItem(u"standard_only"_s, u"standard_only"_s);

    connect(m_ui->modelCombo, &QComboBox::activated, this, [this] { commitModel(); });
    connect(m_ui->modelCombo->lineEdit(), &QLineEdit::editingFinished, this,
            [this] { commitModel(); });
    connect(m_ui->refreshModelsButton, &QToolButton::clicked, this,
            &ModelPanel::refreshModelsRequested);
    connect(m_ui->maxTokensSpin, &QSpinBox::valueChanged, this, [this](int tokens) {
        if (m_loading)
            return;
        Q_EMIT maxTokensChanged(tokens);
        edited();
    });
    for (QCheckBox *check : {m_ui->temperatureCheck, m_ui->topPCheck, m_ui->topKCheck})
        connect(check, &QCheckBox::toggled, this, [this] {
            updateEnabled();
            edited();
        });
    for (QDoubleSpinBox *spin : {m_ui->temperatureSpin, m_ui->topPSpin})
        connect(spin, &QDoubleSpinBox::valueChanged, this, &ModelPanel::edited);
    for (QSpinBox *spin : {m_ui->topKSpin, m_ui->budgetSpin})
        connect(spin, &QSpinBox::valueChanged, this, &ModelPanel::edited);
    for (QComboBox *combo : {m_ui->thinkingCombo, m_ui->thinkingDisplayCombo, m_ui->effortCombo,
                             m_ui->serviceTierCombo})
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            updateEnabled();
            edited();
        });
    connect(m_ui->stopEdit, &QPlainTextEdit::textChanged, this, &ModelPanel::edited);
    connect(m_ui->prefillEdit, &QLineEdit::textChanged, this, &ModelPanel::edited);
    updateEnabled();
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
    QString text = m_ui->modelCombo->currentText().trimmed();
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
    setModelListNote(m_note);
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
    setModelListNote(m_note);
    if (id.isEmpty() || id == m_current)
        return;
    m_current = id;
    Q_EMIT modelChanged(id);
    edited();
}

void ModelPanel::setModelListNote(const QString &text)
{
    m_note = text;
    m_ui->modelIdLabel->setText(text.isEmpty() ? m_current : m_current + u'\n' + text);
}

void ModelPanel::updateEnabled()
{
    m_ui->temperatureSpin->setEnabled(m_ui->temperatureCheck->isChecked());
    m_ui->topPSpin->setEnabled(m_ui->topPCheck->isChecked());
    m_ui->topKSpin->setEnabled(m_ui->topKCheck->isChecked());
    const QString thinking = m_ui->thinkingCombo->currentData().toString();
    const bool budget = thinking == "budget"_L1;
    m_ui->budgetSpin->setEnabled(budget);
    m_ui->budgetLabel->setEnabled(budget);
    // `display` belongs to the budget and adaptive modes only.
    const bool display = budget || thinking == "adaptive"_L1;
    m_ui->thinkingDisplayCombo->setEnabled(display);
    m_ui->thinkingDisplayLabel->setEnabled(display);
}

void ModelPanel::edited()
{
    if (!m_loading)
        Q_EMIT settingsEdited();
}

void ModelPanel::load(const Chat &chat)
{
    m_loading = true;
    setCurrentModelId(chat.model());
    m_ui->maxTokensSpin->setValue(chat.effectiveMaxTokens());
    const auto temperature = chat.temperature();
    m_ui->temperatureCheck->setChecked(temperature.has_value());
    if (temperature)
        m_ui->temperatureSpin->setValue(*temperature);
    const auto topP = chat.topP();
    m_ui->topPCheck->setChecked(topP.has_value());
    if (topP)
        m_ui->topPSpin->setValue(*topP);
    const auto topK = chat.topK();
    m_ui->topKCheck->setChecked(topK.has_value());
    if (topK)
        m_ui->topKSpin->setValue(*topK);
    switch (chat.thinkingMode()) {
    case Chat::ThinkingMode::Off:
        m_ui->thinkingCombo->setCurrentIndex(0);
        break;
    case Chat::ThinkingMode::Budget:
        m_ui->thinkingCombo->setCurrentIndex(1);
        m_ui->budgetSpin->setValue(chat.thinkingBudget());
        break;
    case Chat::ThinkingMode::Adaptive:
        m_ui->thinkingCombo->setCurrentIndex(2);
        break;
    case Chat::ThinkingMode::BetweenTools:
        m_ui->thinkingCombo->setCurrentIndex(3);
        break;
    }
    m_ui->thinkingDisplayCombo->setCurrentIndex(
        chat.thinkingDisplay() == ThinkingConfig::Display::Omitted ? 1 : 0);
    m_ui->effortCombo->setCurrentIndex(qMax(0, m_ui->effortCombo->findData(chat.effort())));
    m_ui->serviceTierCombo->setCurrentIndex(
        qMax(0, m_ui->serviceTierCombo->findData(chat.serviceTier())));
    m_ui->stopEdit->setPlainText(chat.stopSequences().join(u'\n'));
    m_ui->prefillEdit->setText(chat.defaultPrefill());
    updateEnabled();
    m_loading = false;
}

void ModelPanel::apply(Chat &chat) const
{
    const QString model = currentModelId();
    if (!model.isEmpty() && model != chat.model())
        chat.setModel(model);
    if (maxTokens() != chat.effectiveMaxTokens())
        chat.setMaxTokens(maxTokens());
    chat.setTemperature(m_ui->temperatureCheck->isChecked()
                            ? std::optional<double>(m_ui->temperatureSpin->value())
                            : std::nullopt);
    chat.setTopP(m_ui->topPCheck->isChecked() ? std::optional<double>(m_ui->topPSpin->value())
                                              : std::nullopt);
    chat.setTopK(m_ui->topKCheck->isChecked() ? std::optional<int>(m_ui->topKSpin->value())
                                              : std::nullopt);
    const QString thinking = m_ui->thinkingCombo->currentData().toString();
    if (thinking == "budget"_L1)
        chat.setThinking(Chat::ThinkingMode::Budget, m_ui->budgetSpin->value());
    else if (thinking == "adaptive"_L1)
        chat.setThinking(Chat::ThinkingMode::Adaptive);
    else if (thinking == "between_tools"_L1)
        chat.setThinking(Chat::ThinkingMode::BetweenTools);
    else
        chat.setThinking(Chat::ThinkingMode::Off);
    chat.setThinkingDisplay(m_ui->thinkingDisplayCombo->currentData().toString() == "omitted"_L1
                                ? ThinkingConfig::Display::Omitted
                                : ThinkingConfig::Display::Summarized);
    chat.setEffort(m_ui->effortCombo->currentData().toString());
    chat.setServiceTier(m_ui->serviceTierCombo->currentData().toString());
    QStringList stops;
    for (const QString &line : m_ui->stopEdit->toPlainText().split(u'\n'))
        if (!line.isEmpty())
            stops.append(line);
    chat.setStopSequences(stops);
    chat.setDefaultPrefill(m_ui->prefillEdit->text());
}

void ModelPanel::setProblem(const QString &text)
{
    m_ui->problemLabel->setText(text);
    m_ui->problemLabel->setVisible(!text.isEmpty());
}

QString ModelPanel::problem() const
{
    return m_ui->problemLabel->isHidden() ? QString() : m_ui->problemLabel->text();
}

} // namespace claudette
