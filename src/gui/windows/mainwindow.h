#pragma once

#include <QMainWindow>

namespace claudette {

/// The main window: library pane, transcript and composer, sidebar, status bar.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace claudette
