#include "core/usage/cachestats.h"

namespace claudette {

CacheStats CacheStats::compute(const Usage &usage, const QString &model, const Pricing &pricing,
                               CacheTtl ttl, const QDateTime &at)
{
    CacheStats s;
    s.written = usage.cacheCreationTokens();
    s.read = usage.cacheReadTokens;
    s.totalInput = usage.totalInputTokens();
    s.hitRatio = s.totalInput > 0 ? double(s.read) / double(s.totalInput) : 0.0;
    if (const std::optional<PriceRow> row = pricing.find(model)) {
        const TokenPrices &p = row->prices;
        s.priceKnown = true;
        s.savedUsd = double(s.read) * (p.input - p.cacheRead) / 1e6;
        s.writeExtraUsd = (double(usage.cacheCreation5mTokens) * (p.cacheWrite5m - p.input) +
                           double(usage.cacheCreation1hTokens) * (p.cacheWrite1h - p.input)) /
                          1e6;
    }
    if (s.written > 0 || s.read > 0) {
        const bool oneHour = ttl == CacheTtl::OneHour || usage.cacheCreation1hTokens > 0;
        s.expires = at.addSecs(oneHour ? 3600 : 300);
    }
    return s;
}

} // namespace claudette
