#pragma once

#include <QDate>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace claudette {

/**
 * What one model accepts, as listed in resources/models.json (or a user override file).
 * A model missing from the catalog gets permissive defaults with `known` false: nothing is
 * refused for it before sending, the API decides.
 */
struct ModelCapabilities
{
    QString id;          ///< canonical id (the one asked for, for an unknown model)
    QString displayName; ///< "Claude Opus 4.6"; the id for an unknown model
    QStringList aliases;
    QString family; ///< opus, sonnet, haiku, fable... (empty when unknown)
    bool known = false;

    /// A conversation may end with an assistant turn that the reply continues.
    bool prefill = true;
    bool thinkingEnabled = true;  ///< `{"type":"enabled","budget_tokens":N}`
    bool thinkingAdaptive = true; ///< `{"type":"adaptive"}`
    bool thinkingDisable = true;  ///< thinking can be off (`disabled` or omitted)
    /// Accepted `output_config.effort` levels; empty = no effort parameter.
    QStringList effortLevels{QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high"),
                             QStringLiteral("xhigh"), QStringLiteral("max")};
    /// temperature, top_p and top_k may be set.
    bool samplingParameters = true;
    /// temperature and top_p may be set together.
    bool temperatureWithTopP = true;
    /// Below this many tokens a cache breakpoint caches nothing.
    int minCacheableTokens = 1024;
    qint64 contextWindow = 200000;
    /// Largest max_tokens; 0 = not known (not checked).
    int maxOutput = 0;
    /// active, legacy, deprecated or retired.
    QString status = QStringLiteral("active");
    QDate retires;

    bool supportsEffort() const { return !effortLevels.isEmpty(); }
    bool isRetiredOn(QDate day) const { return retires.isValid() && day >= retires; }

    /// Reads one model entry; fields it lacks come from @p defaults.
    static ModelCapabilities fromJson(const QJsonObject &json, const ModelCapabilities &defaults);
};

} // namespace claudette
