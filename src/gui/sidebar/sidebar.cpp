#include "gui/sidebar/sidebar.h"

#include "gui/sidebar/modelpanel.h"

namespace claudette {

Sidebar::Sidebar(QWidget *parent)
    : QTabWidget(parent)
    , m_modelPanel(new ModelPanel(this))
{
    setObjectName(QStringLiteral("sidebar"));
    setAccessibleName(tr("Sidebar"));
    setDocumentMode(true);
    addPanel(m_modelPanel, tr("Model"));
}

int Sidebar::addPanel(QWidget *panel, const QString &title)
{
    const int index = addTab(panel, title);
    panel->setAccessibleName(title);
    return index;
}

} // namespace claudette
