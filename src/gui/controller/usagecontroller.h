#pragma once

#include "core/store/turn.h"
#include "core/usage/costledger.h"
#include "core/usage/pricing.h"
#include "gui/composer/attachment.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QPointer>

#include <functional>

namespace claudette {

class ApiCall;
class CachingPanel;
class Chat;
class Client;
class ContextOverflowBar;
class ConversationController;
class CostPanel;
class MainWindow;
class TokenEstimator;

/**
 * Tokens and money around the conversation shown:
 * - adds the Caching and Cost panels to the sidebar and keeps them current (the caching panel's
 *   on/off and TTL are the conversation's settings, applied by Chat through CachePlanner);
 * - appends every finished reply's usage and cost to the shared cost ledger (source "gui"), and
 *   shows today's and this month's totals from it (CLI entries included);
 * - estimates the next request's input tokens and cost with count_tokens while the user types
 *   (TokenEstimator), shown under the composer;
 * - asks before sending a request whose input costs more than the user's threshold or crosses
 *   the model's long-context price boundary;
 * - offers, above the composer, to leave out the oldest turns or to continue in a new
 *   conversation from a summary when the conversation outgrew the context window (the meter is
 *   full, a 400 "prompt is too long", or stop reason model_context_window_exceeded), and names
 *   the attachments of a request refused as too large (413).
 *
 * Window, client and conversation controller are not owned and must outlive it.
 */
class UsageController : public QObject
{
    Q_OBJECT
public:
    /// Asks the user a yes/no question (default: QMessageBox::question on the window).
    using Confirm = std::function<bool(const QString &title, const QString &text)>;

    UsageController(MainWindow *window, ConversationController *conversations, Client *client,
                    const QString &ledgerFile, QObject *parent = nullptr);
    ~UsageController() override;

    CachingPanel *cachingPanel() const { return m_cachingPanel; }
    CostPanel *costPanel() const { return m_costPanel; }
    TokenEstimator *estimator() const { return m_estimator; }
    ContextOverflowBar *overflowBar() const { return m_overflowBar; }
    const CostLedger &ledger() const { return m_ledger; }

    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    /// 0: never ask about the cost.
    void setCostThreshold(double usd) { m_threshold = usd; }
    double costThreshold() const { return m_threshold; }
    /// The question asked last by the send guard (for tests).
    QString lastQuestion() const { return m_lastQuestion; }

    /// The Messages API body that sending @p content now would make (empty when @p content is).
    QJsonObject requestFor(const QJsonArray &content) const;

public Q_SLOTS:
    /// Re-reads the ledger and refreshes both panels.
    void refresh();
    /// Leaves out the older half of the messages still sent (at least one exchange).
    void leaveOutOldestTurns();
    /// Asks the model for a summary of the conversation and starts a new conversation whose
    /// prompt holds it.
    void continueFromSummary();

Q_SIGNALS:
    /// The summary arrived and the new conversation's prompt holds it.
    void summaryReady(const QString &summary);
    void summaryFailed(const QString &message);

private:
    bool confirmSend(Chat *chat, const QJsonArray &content, const QList<Attachment> &attachments);
    void onCurrentChanged();
    void onTurnFinished(Chat *chat, const QString &turnId, TurnStatus status);
    void appendToLedger(Chat *chat, const QString &turnId);
    void checkOverflow(Chat *chat, const QString &turnId, TurnStatus status);
    void updateLeftOutBanner();
    void updatePanels();
    void onPromptChanged();
    QString attachmentsOf(Chat *chat, const QString &turnId) const;

    MainWindow *m_window;
    ConversationController *m_conversations;
    Client *m_client;
    CostLedger m_ledger;
    Pricing m_pricing;
    CachingPanel *m_cachingPanel;
    CostPanel *m_costPanel;
    ContextOverflowBar *m_overflowBar;
    TokenEstimator *m_estimator;
    Confirm m_confirm;
    double m_threshold = 0;
    QString m_lastQuestion;
    QPointer<ApiCall> m_summaryCall;
    QMetaObject::Connection m_conversationConnection;
    bool m_bannerShown = false;
    /// Names and sizes of the attachments last sent, per user turn content sent.
    QList<Attachment> m_lastAttachments;
};

} // namespace claudette
