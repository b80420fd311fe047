#pragma once

#include "core/api/contentblock.h"
#include "core/api/messagerequest.h"
#include "core/api/modelcapabilities.h"

#include <QJsonObject>
#include <QStringList>

namespace claudette {

/// Prompt caching for one conversation: on or off, and the breakpoints' lifetime.
struct CacheSettings
{
    bool enabled = false;
    CacheTtl ttl = CacheTtl::FiveMinutes;

    bool operator==(const CacheSettings &) const = default;
    QJsonObject toJson() const;
    static CacheSettings fromJson(const QJsonObject &json);
};

/**
 * Places prompt-cache breakpoints on an outgoing request (never on the stored history), as the
 * prefix order tools → system → messages allows:
 * 1. the last block of the last message (the whole conversation so far is written);
 * 2. the last tool and 3. the last system block (the stable prefix, read back even when the
 *    messages change);
 * 4. the last block of the previous user turn (the prefix the previous request wrote, so it is
 *    read).
 * At most MaxBreakpoints in all, counting any the request already has. A breakpoint is only
 * placed where the prefix up to it reaches the model's minimum cacheable length (estimated at
 * about 4 characters of JSON per token); below that the API would cache nothing. Thinking blocks
 * and empty text blocks never carry one (the API refuses it).
 */
class CachePlanner
{
public:
    static constexpr int MaxBreakpoints = 4;

    struct Plan
    {
        int placed = 0;
        QStringList places;         ///< "tools", "system", "message N" (index in messages)
        qint64 estimatedTokens = 0; ///< of the whole prompt
        bool tooShort = false;      ///< the prompt is below the model's minimum
    };

    /// Places the breakpoints on @p request. Does nothing when @p settings is off.
    static Plan apply(MessageRequest &request, const CacheSettings &settings,
                      const ModelCapabilities &model);

    /// The estimated token count of a JSON value (characters / 4, rounded up).
    static qint64 estimateTokens(const QJsonValue &value);
};

} // namespace claudette
