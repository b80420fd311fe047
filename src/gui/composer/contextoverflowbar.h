#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace claudette {

/**
 * The inline offer above the composer when a conversation outgrew the model's context window
 * (or a request was too large): a message and, for an overflow, "Leave Out Oldest Turns" and
 * "Continue in a New Conversation from a Summary". Hidden until showOverflow() or
 * showMessage().
 */
class ContextOverflowBar : public QWidget
{
    Q_OBJECT
public:
    explicit ContextOverflowBar(QWidget *parent = nullptr);

    QString text() const;
    QPushButton *leaveOutButton() const { return m_leaveOut; }
    QPushButton *summaryButton() const { return m_summary; }

public Q_SLOTS:
    /// Shows @p reason with both offers.
    void showOverflow(const QString &reason);
    /// Shows @p message alone (for a request that was too large).
    void showMessage(const QString &message);
    /// While the summary is being written: the offers are disabled and @p message shown.
    void setWorking(const QString &message);

Q_SIGNALS:
    void leaveOutRequested();
    void summaryRequested();

private:
    QLabel *m_label;
    QPushButton *m_leaveOut;
    QPushButton *m_summary;
};

} // namespace claudette
