#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;

namespace claudette {

/// The right side of the status bar: model · tokens · cost · context-window meter.
class StatusIndicators : public QWidget
{
    Q_OBJECT
public:
    explicit StatusIndicators(QWidget *parent = nullptr);

public Q_SLOTS:
    void setModelName(const QString &name);
    /// Tokens of the conversation so far (input includes cache reads and writes).
    void setTokens(qint64 input, qint64 output);
    void setCost(double usd);
    /// How much of the model's context window the next request fills.
    void setContextUsage(qint64 used, qint64 window);

private:
    QLabel *m_model;
    QLabel *m_tokens;
    QLabel *m_cost;
    QProgressBar *m_context;
};

} // namespace claudette
