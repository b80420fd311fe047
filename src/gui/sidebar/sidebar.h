#pragma once

#include <QTabWidget>

namespace claudette {

class ModelPanel;
class SystemPromptPanel;
class ToolsPanel;

/// The right pane: one tab per panel. It starts with the Model, System and Tools panels (the
/// tall ones scroll); other panels (caching, cost) join with addPanel(). Its minimum width shows
/// every tab's title whole.
class Sidebar : public QTabWidget
{
    Q_OBJECT
public:
    explicit Sidebar(QWidget *parent = nullptr);

    ModelPanel *modelPanel() const { return m_modelPanel; }
    SystemPromptPanel *systemPromptPanel() const { return m_systemPanel; }
    ToolsPanel *toolsPanel() const { return m_toolsPanel; }
    /// Adds @p panel (reparented) as a tab; returns its index.
    int addPanel(QWidget *panel, const QString &title);

private:
    int addScrollingPanel(QWidget *panel, const QString &title);

    ModelPanel *m_modelPanel;
    SystemPromptPanel *m_systemPanel;
    ToolsPanel *m_toolsPanel;
};

} // namespace claudette
