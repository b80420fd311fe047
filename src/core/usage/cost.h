#pragma once

#include "core/usage/pricing.h"
#include "core/usage/usage.h"

#include <QCoreApplication>
#include <QString>

namespace claudette {

/**
 * The USD cost of a Usage under a Pricing, split by kind. A model without a price row gives a
 * cost with `known` false, shown as "price unknown": never a failure.
 */
class Cost
{
    Q_DECLARE_TR_FUNCTIONS(claudette::Cost)

public:
    bool known = false;
    QString priceRowId;       ///< the price row used (empty when unknown)
    bool longContext = false; ///< the long-context prices applied
    bool batch = false;
    int requests = 0; ///< requests summed (0 for a default-constructed Cost)
    double input = 0;
    double output = 0;
    double cacheWrite5m = 0;
    double cacheWrite1h = 0;
    double cacheRead = 0;
    double webSearch = 0;

    double total() const
    {
        return input + output + cacheWrite5m + cacheWrite1h + cacheRead + webSearch;
    }

    /// The cost of one request's @p usage on @p model. @p batch applies the batch factor to
    /// token prices (web searches cost the same).
    static Cost compute(const Usage &usage, const QString &model, const Pricing &pricing,
                        bool batch = false);

    /// Adds another request's cost: unknown when either is unknown. Adding to a
    /// default-constructed Cost copies @p other, so sums can start from Cost{}.
    Cost &operator+=(const Cost &other);

    /// "$0.0123" (4 decimals below one dollar, else 2), or "price unknown" (translated).
    QString toString() const;
    static QString formatUsd(double usd);
};

} // namespace claudette
