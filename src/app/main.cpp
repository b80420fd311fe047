#include "gui/windows/mainwindow.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("claudette"));
    QApplication::setApplicationName(QStringLiteral("claudette"));
    claudette::MainWindow window;
    window.show();
    return QApplication::exec();
}
