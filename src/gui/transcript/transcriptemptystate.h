#pragma once

#include <QWidget>

class QPushButton;

namespace claudette {

/// What the centre of the window shows when no conversation is open: what to do next, and the
/// offline demo when no API key is set (setDemoAvailable()).
class TranscriptEmptyState : public QWidget
{
    Q_OBJECT
public:
    explicit TranscriptEmptyState(QWidget *parent = nullptr);

    void setDemoAvailable(bool available);

Q_SIGNALS:
    void openRequested();
    void demoRequested();

private:
    QPushButton *m_openButton;
    QPushButton *m_demoButton;
};

} // namespace claudette
