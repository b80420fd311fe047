#include "core/usage/cost.h"

using namespace Qt::StringLiterals;

namespace claudette {

Cost Cost::compute(const Usage &usage, const QString &model, const Pricing &pricing, bool batch)
{
    Cost c;
    c.batch = batch;
    c.requests = 1;
    const std::optional<PriceRow> row = pricing.find(model);
    if (!row)
        return c;
    c.known = true;
    c.priceRowId = row->id;
    TokenPrices p = row->prices;
    if (row->longContextAbove > 0 && usage.totalInputTokens() > row->longContextAbove) {
        p = row->longContextPrices;
        c.longContext = true;
    }
    const double factor = (batch ? pricing.batchFactor() : 1.0) / 1e6;
    c.input = double(usage.inputTokens) * p.input * factor;
    c.output = double(usage.outputTokens) * p.output * factor;
    c.cacheWrite5m = double(usage.cacheCreation5mTokens) * p.cacheWrite5m * factor;
    c.cacheWrite1h = double(usage.cacheCreation1hTokens) * p.cacheWrite1h * factor;
    c.cacheRead = double(usage.cacheReadTokens) * p.cacheRead * factor;
    c.webSearch = double(usage.webSearchRequests) * pricing.webSearchPer1000() / 1000.0;
    return c;
}

Cost &Cost::operator+=(const Cost &other)
{
    if (requests == 0) {
        *this = other;
        return *this;
    }
    if (other.requests == 0)
        return *this;
    requests += other.requests;
    known = known && other.known;
    if (priceRowId != other.priceRowId)
        priceRowId.clear();
    longContext = longContext || other.longContext;
    batch = batch && other.batch;
    input += other.input;
    output += other.output;
    cacheWrite5m += other.cacheWrite5m;
    cacheWrite1h += other.cacheWrite1h;
    cacheRead += other.cacheRead;
    webSearch += other.webSearch;
    return *this;
}

QString Cost::formatUsd(double usd)
{
    return u"$"_s + QString::number(usd, 'f', usd < 1.0 ? 4 : 2);
}

QString Cost::toString() const
{
    return known ? formatUsd(total()) : tr("price unknown");
}

} // namespace claudette
