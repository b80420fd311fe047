#pragma once

#include <QTabWidget>

namespace claudette {

class ModelPanel;

/// The right pane: one tab per panel. It starts with the Model panel; other panels (system prompt,
/// tools, caching, cost) join with addPanel().
class Sidebar : public QTabWidget
{
    Q_OBJECT
public:
    explicit Sidebar(QWidget *parent = nullptr);

    ModelPanel *modelPanel() const { return m_modelPanel; }
    /// Adds @p panel (reparented) as a tab; returns its index.
    int addPanel(QWidget *panel, const QString &title);

private:
    ModelPanel *m_modelPanel;
};

} // namespace claudette
