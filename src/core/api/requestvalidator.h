#pragma once

#include "core/api/messagerequest.h"
#include "core/api/modelcatalog.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QString>

namespace claudette {

/// One thing a request asks that the model or the API refuses (or that is unwise).
struct ValidationIssue
{
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    /// Stable machine code, e.g. "prefill_unsupported" (see RequestValidator).
    QString code;
    /// Translated, user-facing explanation with what to do instead.
    QString message;

    bool isError() const { return severity == Severity::Error; }
};

/**
 * Explains before sending what a request asks that the model or the API would refuse with a
 * 400, using the model's capabilities from a ModelCatalog. Unknown models get the permissive
 * defaults, so only the API's general rules are checked for them.
 *
 * Codes (Error unless noted): no_messages, max_tokens_negative, max_tokens_over_limit,
 * prefill_unsupported, prefill_trailing_whitespace, prefill_with_thinking,
 * thinking_enabled_unsupported, thinking_adaptive_unsupported, thinking_cannot_disable,
 * budget_too_small, budget_not_below_max_tokens, tool_choice_forced_with_thinking,
 * temperature_with_thinking, top_k_with_thinking, top_p_with_thinking, sampling_unsupported,
 * temperature_and_top_p, temperature_out_of_range, top_p_out_of_range, effort_unsupported,
 * effort_level_unsupported, too_many_cache_breakpoints, tool_choice_without_tools,
 * tool_choice_unknown_tool, system_not_text, model_retired (Warning).
 */
class RequestValidator
{
    Q_DECLARE_TR_FUNCTIONS(claudette::RequestValidator)

public:
    static constexpr int kMaxCacheBreakpoints = 4;
    static constexpr int kMinThinkingBudget = 1024;

    explicit RequestValidator(ModelCatalog catalog);

    /// Every issue found, errors first in the order of the checks. @p today decides whether
    /// the model is past its retirement date.
    QList<ValidationIssue> validate(const MessageRequest &request,
                                    QDate today = QDate::currentDate()) const;
    static bool hasErrors(const QList<ValidationIssue> &issues);

private:
    ModelCatalog m_catalog;
};

} // namespace claudette
