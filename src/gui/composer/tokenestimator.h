#pragma once

#include "core/usage/pricing.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <optional>

namespace claudette {

class ApiCall;
class Client;

/**
 * While the user types, asks `count_tokens` how many input tokens the request that Send would
 * make has, and what that input costs. Debounced (schedule() restarts the wait, default
 * 600 ms), never blocking, and only one call at a time: a new one cancels the previous.
 *
 * The request comes from a builder (the Messages API body of what Send would send; an empty
 * object: nothing to estimate). Without a key, or when the API cannot be reached or refuses,
 * the estimate is simply cleared: no error is shown for it.
 */
class TokenEstimator : public QObject
{
    Q_OBJECT
public:
    using RequestBuilder = std::function<QJsonObject()>;

    struct Estimate
    {
        qint64 inputTokens = 0;
        std::optional<double> inputUsd; ///< nullopt: the model has no known price
        bool longContext = false;       ///< above the model's long-context price boundary
        QString model;
        QJsonObject request; ///< the body it was made for
    };

    /// @p client is not owned and must outlive the estimator.
    TokenEstimator(Client *client, RequestBuilder builder, QObject *parent = nullptr);
    ~TokenEstimator() override;

    void setPricing(const Pricing &pricing) { m_pricing = pricing; }
    void setDelay(int ms) { m_timer.setInterval(ms); }
    int delay() const { return m_timer.interval(); }

    /// The last estimate, when it still describes what the builder gives now.
    std::optional<Estimate> current() const;
    /// True while waiting for the user to pause or for count_tokens to answer.
    bool isPending() const;
    /// Calls made (for tests: debouncing keeps this low).
    int callCount() const { return m_calls; }

    /// "≈ 1,234 input tokens · $0.0037" for @p estimate (translated).
    static QString describe(const Estimate &estimate);
    /// The cost of @p tokens input tokens on @p model (nullopt when unpriced), and whether the
    /// long-context price applies.
    static std::optional<double> inputCost(qint64 tokens, const QString &model,
                                           const Pricing &pricing, bool *longContext = nullptr);

public Q_SLOTS:
    /// (Re)starts the wait; the call is made when the user pauses.
    void schedule();
    /// Cancels the wait and any call, and clears the estimate.
    void clear();

Q_SIGNALS:
    void estimated(const claudette::TokenEstimator::Estimate &estimate);
    void cleared();

private:
    void run();

    Client *m_client;
    RequestBuilder m_builder;
    Pricing m_pricing;
    QTimer m_timer;
    QPointer<ApiCall> m_call;
    std::optional<Estimate> m_estimate;
    int m_calls = 0;
};

} // namespace claudette
