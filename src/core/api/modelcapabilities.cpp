#include "core/api/modelcapabilities.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {
QStringList stringList(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out.append(s.toString());
    return out;
}
} // namespace

ModelCapabilities ModelCapabilities::fromJson(const QJsonObject &json,
                                              const ModelCapabilities &defaults)
{
    ModelCapabilities c = defaults;
    c.id = json.value(u"id").toString(defaults.id);
    c.displayName = json.value(u"display_name").toString(c.id);
    if (json.contains(u"aliases"))
        c.aliases = stringList(json.value(u"aliases"));
    c.family = json.value(u"family").toString(defaults.family);
    c.prefill = json.value(u"prefill").toBool(defaults.prefill);
    if (json.value(u"thinking").isArray()) {
        const QStringList thinking = stringList(json.value(u"thinking"));
        c.thinkingEnabled = thinking.contains("enabled"_L1);
        c.thinkingAdaptive = thinking.contains("adaptive"_L1);
        c.thinkingDisable = thinking.contains("disabled"_L1);
    }
    if (json.value(u"effort").isArray())
        c.effortLevels = stringList(json.value(u"effort"));
    c.samplingParameters = json.value(u"sampling_parameters").toBool(defaults.samplingParameters);
    c.temperatureWithTopP =
        json.value(u"temperature_with_top_p").toBool(defaults.temperatureWithTopP);
    c.minCacheableTokens = json.value(u"min_cacheable_tokens").toInt(defaults.minCacheableTokens);
    c.contextWindow = json.value(u"context_window").toInteger(defaults.contextWindow);
    c.maxOutput = json.value(u"max_output").toInt(defaults.maxOutput);
    c.status = json.value(u"status").toString(defaults.status);
    if (json.contains(u"retires"))
        c.retires = QDate::fromString(json.value(u"retires").toString(), Qt::ISODate);
    return c;
}

} // namespace claudette
