#pragma once

#include "core/api/contentblock.h"
#include "core/usage/pricing.h"
#include "core/usage/usage.h"

#include <QDateTime>
#include <QString>

namespace claudette {

/**
 * Prompt-cache figures of one turn: tokens written and read, the share of the input read from
 * the cache, the money the reads saved (against the same tokens as plain input) less what the
 * writes cost above plain input, and when the cache expires (it lives ttl after the last write
 * or read).
 */
struct CacheStats
{
    qint64 written = 0;
    qint64 read = 0;
    qint64 totalInput = 0;
    double hitRatio = 0;      ///< read / total input, 0..1
    double savedUsd = 0;      ///< reads at the read price instead of the input price
    double writeExtraUsd = 0; ///< what the writes cost above plain input
    bool priceKnown = false;
    QDateTime expires; ///< invalid when nothing was written or read

    double netSavedUsd() const { return savedUsd - writeExtraUsd; }

    /// The figures of one request's @p usage on @p model, answered at @p at.
    static CacheStats compute(const Usage &usage, const QString &model, const Pricing &pricing,
                              CacheTtl ttl, const QDateTime &at);
};

} // namespace claudette
