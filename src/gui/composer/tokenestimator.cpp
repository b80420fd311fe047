#include "gui/composer/tokenestimator.h"

#include "core/api/apicall.h"
#include "core/api/client.h"
#include "core/api/messagerequest.h"
#include "core/usage/cost.h"
#include "core/usage/usage.h"

#include <QLocale>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcEstimate, "claudette.gui.estimate")

namespace claudette {

TokenEstimator::TokenEstimator(Client *client, RequestBuilder builder, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_builder(std::move(builder))
    , m_pricing(Pricing::builtIn())
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(600);
    connect(&m_timer, &QTimer::timeout, this, &TokenEstimator::run);
}

TokenEstimator::~TokenEstimator()
{
    if (m_call)
        m_call->cancel();
}

std::optional<double> TokenEstimator::inputCost(qint64 tokens, const QString &model,
                                                const Pricing &pricing, bool *longContext)
{
    Usage usage;
    usage.inputTokens = tokens;
    usage.requests = 1;
    const Cost cost = Cost::compute(usage, model, pricing);
    if (longContext)
        *longContext = cost.longContext;
    return cost.known ? std::optional<double>(cost.total()) : std::nullopt;
}

QString TokenEstimator::describe(const Estimate &estimate)
{
    QString tokens = tr("≈ %1 input tokens").arg(QLocale().toString(estimate.inputTokens));
    if (!estimate.inputUsd)
        return tokens;
    return tokens + u" · "_s + Cost::formatUsd(*estimate.inputUsd);
}

std::optional<TokenEstimator::Estimate> TokenEstimator::current() const
{
    if (!m_estimate || !m_builder || m_estimate->request != m_builder())
        return std::nullopt;
    return m_estimate;
}

bool TokenEstimator::isPending() const
{
    return m_timer.isActive() || m_call;
}

void TokenEstimator::schedule()
{
    m_timer.start();
}

void TokenEstimator::clear()
{
    m_timer.stop();
    if (m_call) {
        m_call->disconnect(this);
        m_call->cancel();
    }
    m_call = nullptr;
    if (m_estimate) {
        m_estimate.reset();
        Q_EMIT cleared();
    }
}

void TokenEstimator::run()
{
    if (m_call) {
        m_call->disconnect(this);
        m_call->cancel();
        m_call = nullptr;
    }
    const QJsonObject request = m_builder ? m_builder() : QJsonObject();
    if (request.isEmpty() || !m_client->credentials().hasSecret()) {
        if (m_estimate) {
            m_estimate.reset();
            Q_EMIT cleared();
        }
        return;
    }
    const std::optional<MessageRequest> parsed = MessageRequest::fromJson(request);
    if (!parsed) {
        clear();
        return;
    }
    ++m_calls;
    // The body and betas are projected from the request Send would make, as the CLI does.
    ApiCall *call = m_client->countTokens(*parsed);
    m_call = call;
    const QString model = request.value("model"_L1).toString();
    connect(call, &ApiCall::finished, this, [this, request, model](const QJsonDocument &json) {
        m_call = nullptr;
        const QJsonValue tokens = json.object().value("input_tokens"_L1);
        if (!tokens.isDouble()) {
            qCDebug(lcEstimate) << "count_tokens answered without input_tokens";
            clear();
            return;
        }
        Estimate estimate;
        estimate.inputTokens = qint64(tokens.toDouble());
        estimate.model = model;
        estimate.request = request;
        estimate.inputUsd =
            inputCost(estimate.inputTokens, model, m_pricing, &estimate.longContext);
        m_estimate = estimate;
        Q_EMIT estimated(estimate);
    });
    connect(call, &ApiCall::failed, this, [this](const ApiError &error) {
        m_call = nullptr;
        // Not the user's concern while typing: the estimate just goes away.
        qCDebug(lcEstimate) << "count_tokens failed:" << ApiError::kindName(error.kind)
                            << error.httpStatus;
        if (m_estimate) {
            m_estimate.reset();
            Q_EMIT cleared();
        }
    });
}

} // namespace claudette
