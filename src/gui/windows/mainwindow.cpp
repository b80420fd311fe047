#include "gui/windows/mainwindow.h"

namespace claudette {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Claudette"));
}

} // namespace claudette
