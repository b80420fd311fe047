#include "gui/sidebar/sidebar.h"

#include "gui/sidebar/modelpanel.h"
#include "gui/sidebar/systempromptpanel.h"
#include "gui/sidebar/toolspanel.h"

#include <QScrollArea>
#include <QTabBar>

namespace claudette {

Sidebar::Sidebar(QWidget *parent)
    : QTabWidget(parent)
    , m_modelPanel(new ModelPanel(this))
    , m_systemPanel(new SystemPromptPanel(this))
    , m_toolsPanel(new ToolsPanel(this))
{
    setObjectName(QStringLiteral("sidebar"));
    setAccessibleName(tr("Sidebar"));
    setDocumentMode(true);
    // Every tab stays in sight: without scroll buttons or elision the tab bar's full width is the
    // sidebar's minimum, so the splitter cannot hide a panel (Cost, the last one) behind arrows.
    tabBar()->setUsesScrollButtons(false);
    tabBar()->setElideMode(Qt::ElideNone);
    addScrollingPanel(m_modelPanel, tr("Model"));
    addPanel(m_systemPanel, tr("System"));
    addScrollingPanel(m_toolsPanel, tr("Tools"));
}

int Sidebar::addPanel(QWidget *panel, const QString &title)
{
    const int index = addTab(panel, title);
    panel->setAccessibleName(title);
    return index;
}

int Sidebar::addScrollingPanel(QWidget *panel, const QString &title)
{
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(panel->objectName() + QStringLiteral("Scroll"));
    scroll->setAccessibleName(tr("%1 panel").arg(title));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(panel);
    panel->setAccessibleName(title);
    return addTab(scroll, title);
}

} // namespace claudette
