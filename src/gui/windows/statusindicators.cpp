#include "gui/windows/statusindicators.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>

namespace claudette {

namespace {
QLabel *separator(QWidget *parent)
{
    auto *label = new QLabel(QStringLiteral("·"), parent);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}
} // namespace

StatusIndicators::StatusIndicators(QWidget *parent)
    : QWidget(parent)
    , m_model(new QLabel(this))
    , m_tokens(new QLabel(this))
    , m_cost(new QLabel(this))
    , m_context(new QProgressBar(this))
{
    setObjectName(QStringLiteral("statusIndicators"));
    m_model->setObjectName(QStringLiteral("statusModel"));
    m_model->setAccessibleName(tr("Model"));
    m_tokens->setObjectName(QStringLiteral("statusTokens"));
    m_tokens->setAccessibleName(tr("Tokens"));
    m_cost->setObjectName(QStringLiteral("statusCost"));
    m_cost->setAccessibleName(tr("Cost"));
    m_context->setObjectName(QStringLiteral("contextMeter"));
    m_context->setAccessibleName(tr("Context window used"));
    m_context->setRange(0, 1000);
    m_context->setValue(0);
    m_context->setTextVisible(false);
    m_context->setFixedSize(90, 10);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 6, 0);
    layout->setSpacing(8);
    layout->addWidget(m_model);
    layout->addWidget(separator(this));
    layout->addWidget(m_tokens);
    layout->addWidget(separator(this));
    layout->addWidget(m_cost);
    layout->addWidget(separator(this));
    layout->addWidget(m_context);

    setModelName({});
    setTokens(0, 0);
    setCost(0);
    setContextUsage(0, 0);
}

void StatusIndicators::setModelName(const QString &name)
{
    m_model->setText(name.isEmpty() ? tr("No model") : name);
}

void StatusIndicators::setTokens(qint64 input, qint64 output)
{
    const QLocale locale;
    m_tokens->setText(tr("%1 in · %2 out").arg(locale.toString(input), locale.toString(output)));
    m_tokens->setToolTip(tr("Tokens in this conversation: %1 input, %2 output")
                             .arg(locale.toString(input), locale.toString(output)));
}

void StatusIndicators::setCost(double usd)
{
    m_cost->setText(QStringLiteral("$") + QLocale().toString(usd, 'f', usd < 1 ? 4 : 2));
    m_cost->setToolTip(tr("Cost of this conversation in US dollars"));
}

void StatusIndicators::setContextUsage(qint64 used, qint64 window)
{
    const QLocale locale;
    if (window <= 0) {
        m_context->setValue(0);
        m_context->setToolTip(tr("Context window: unknown until a model is chosen"));
        return;
    }
    const double fraction = std::clamp(double(used) / double(window), 0.0, 1.0);
    m_context->setValue(qRound(fraction * 1000));
    m_context->setToolTip(tr("Context window: %1 of %2 tokens (%3%)")
                              .arg(locale.toString(used), locale.toString(window),
                                   locale.toString(fraction * 100, 'f', 1)));
}

} // namespace claudette
