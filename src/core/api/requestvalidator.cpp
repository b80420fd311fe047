#include "core/api/requestvalidator.h"

#include <QLocale>
#include <QSet>
#include <utility>

using namespace Qt::StringLiterals;

namespace claudette {

RequestValidator::RequestValidator(ModelCatalog catalog)
    : m_catalog(std::move(catalog))
{}

bool RequestValidator::hasErrors(const QList<ValidationIssue> &issues)
{
    for (const ValidationIssue &i : issues) {
        if (i.isError())
            return true;
    }
    return false;
}

QList<ValidationIssue> RequestValidator::validate(const MessageRequest &r, QDate today) const
{
    QList<ValidationIssue> issues;
    auto error = [&issues](const QString &code, const QString &message) {
        issues.append({ValidationIssue::Severity::Error, code, message});
    };
    auto warning = [&issues](const QString &code, const QString &message) {
        issues.append({ValidationIssue::Severity::Warning, code, message});
    };

    const ModelCapabilities caps = m_catalog.capabilities(r.model());
    const QString model = caps.displayName;
    const std::optional<ThinkingConfig> thinking = r.thinking();
    const bool thinkingOn = thinking && thinking->isOn();

    if (r.messages().isEmpty())
        error(u"no_messages"_s, tr("The request has no messages: write a prompt first."));

    if (r.maxTokens() < 0)
        error(u"max_tokens_negative"_s, tr("The maximum number of output tokens cannot be "
                                           "negative."));
    else if (caps.maxOutput > 0 && r.maxTokens() > caps.maxOutput)
        error(u"max_tokens_over_limit"_s,
              tr("%1 writes at most %L2 output tokens; the request asks for %L3. Lower the "
                 "maximum output.")
                  .arg(model)
                  .arg(caps.maxOutput)
                  .arg(r.maxTokens()));

    if (r.endsWithAssistant()) {
        if (!caps.prefill)
            error(u"prefill_unsupported"_s,
                  tr("%1 does not accept a conversation that ends with an assistant message "
                     "(prefill). Remove the prefill, or continue with a new user message.")
                      .arg(model));
        const QString prefill = r.messages().last().text();
        if (caps.prefill && !prefill.isEmpty() && prefill.back().isSpace())
            error(u"prefill_trailing_whitespace"_s,
                  tr("The prefilled assistant text cannot end with whitespace: remove the "
                     "trailing spaces or line breaks."));
        if (caps.prefill && thinkingOn)
            error(u"prefill_with_thinking"_s,
                  tr("Prefill cannot be used with thinking: turn thinking off or remove the "
                     "prefill."));
    }

    if (thinking) {
        switch (thinking->kind) {
        case ThinkingConfig::Kind::Enabled:
            if (!caps.thinkingEnabled)
                error(u"thinking_enabled_unsupported"_s,
                      caps.thinkingAdaptive
                          ? tr("%1 does not accept a thinking budget: use adaptive thinking "
                               "(and the effort setting) instead.")
                                .arg(model)
                          : tr("%1 does not support extended thinking.").arg(model));
            if (thinking->budgetTokens < kMinThinkingBudget)
                error(u"budget_too_small"_s,
                      tr("The thinking budget must be at least %L1 tokens (it is %L2).")
                          .arg(kMinThinkingBudget)
                          .arg(thinking->budgetTokens));
            if (thinking->budgetTokens >= r.maxTokens() &&
                !r.betas().contains("interleaved-thinking-2025-05-14"_L1))
                error(u"budget_not_below_max_tokens"_s,
                      tr("The thinking budget (%L1 tokens) must be below the maximum output "
                         "(%L2 tokens): raise the maximum output or lower the budget.")
                          .arg(thinking->budgetTokens)
                          .arg(r.maxTokens()));
            break;
        case ThinkingConfig::Kind::Adaptive:
            if (!caps.thinkingAdaptive)
                error(u"thinking_adaptive_unsupported"_s,
                      caps.thinkingEnabled
                          ? tr("%1 does not support adaptive thinking: use extended thinking "
                               "with a budget instead.")
                                .arg(model)
                          : tr("%1 does not support thinking.").arg(model));
            break;
        case ThinkingConfig::Kind::BetweenTools:
            // Neither models.json nor the SDK says which models accept it: the API decides.
            break;
        case ThinkingConfig::Kind::Disabled:
            if (!caps.thinkingDisable)
                error(u"thinking_cannot_disable"_s,
                      tr("%1 always thinks: thinking cannot be turned off. Use adaptive "
                         "thinking, or leave the setting out.")
                          .arg(model));
            break;
        }
    }

    if (thinkingOn) {
        if (r.toolChoice() && r.toolChoice()->forcesToolUse())
            error(u"tool_choice_forced_with_thinking"_s,
                  tr("A tool cannot be forced (tool choice \"any\" or a named tool) while "
                     "thinking is on: use tool choice \"auto\" or \"none\", or turn thinking "
                     "off."));
        if (r.temperature() && !qFuzzyCompare(*r.temperature(), 1.0))
            error(u"temperature_with_thinking"_s,
                  tr("With thinking on, the temperature must stay at 1 (it is %L1).")
                      .arg(*r.temperature()));
        if (r.topK())
            error(u"top_k_with_thinking"_s,
                  tr("With thinking on, top_k cannot be set: leave it empty."));
        if (r.topP() && (*r.topP() < 0.95 || *r.topP() > 1.0))
            error(u"top_p_with_thinking"_s,
                  tr("With thinking on, top_p must be between 0.95 and 1 (it is %L1).")
                      .arg(*r.topP()));
    }

    const bool anySampling = r.temperature() || r.topP() || r.topK();
    if (!caps.samplingParameters && anySampling)
        error(u"sampling_unsupported"_s,
              tr("%1 does not accept temperature, top_p or top_k: leave them empty and use the "
                 "effort setting instead.")
                  .arg(model));
    else if (!caps.temperatureWithTopP && r.temperature() && r.topP())
        error(u"temperature_and_top_p"_s,
              tr("%1 does not accept temperature and top_p together: set only one of them.")
                  .arg(model));
    if (r.temperature() && (*r.temperature() < 0.0 || *r.temperature() > 1.0))
        error(u"temperature_out_of_range"_s,
              tr("The temperature must be between 0 and 1 (it is %L1).").arg(*r.temperature()));
    if (r.topP() && (*r.topP() < 0.0 || *r.topP() > 1.0))
        error(u"top_p_out_of_range"_s,
              tr("top_p must be between 0 and 1 (it is %L1).").arg(*r.topP()));

    if (const QString effort = r.effort(); !effort.isEmpty()) {
        if (!caps.supportsEffort())
            error(
                u"effort_unsupported"_s,
                tr("%1 does not support the effort setting: leave it at the default.").arg(model));
        else if (!caps.effortLevels.contains(effort))
            error(u"effort_level_unsupported"_s,
                  tr("%1 does not accept the effort \"%2\"; it accepts: %3.")
                      .arg(model, effort, caps.effortLevels.join(u", ")));
    }

    if (const int n = r.cacheBreakpointCount(); n > kMaxCacheBreakpoints)
        error(u"too_many_cache_breakpoints"_s,
              tr("The request has %1 cache breakpoints; at most %2 are allowed. Remove some "
                 "cache marks.")
                  .arg(n)
                  .arg(kMaxCacheBreakpoints));

    if (const std::optional<ToolChoice> choice = r.toolChoice();
        choice && choice->forcesToolUse()) {
        if (r.tools().isEmpty()) {
            error(u"tool_choice_without_tools"_s,
                  tr("The request forces a tool but defines none: add the tool or use tool "
                     "choice \"auto\"."));
        } else if (choice->kind == ToolChoice::Kind::Tool) {
            QSet<QString> names;
            for (const QJsonObject &tool : r.tools())
                names.insert(tool.value(u"name").toString());
            if (!names.contains(choice->name))
                error(u"tool_choice_unknown_tool"_s,
                      tr("The request forces the tool \"%1\", which it does not define.")
                          .arg(choice->name));
        }
    }

    for (const ContentBlock &b : r.systemBlocks()) {
        if (b.type() != ContentBlock::Type::Text) {
            error(u"system_not_text"_s,
                  tr("The system prompt may only hold text blocks (found \"%1\").")
                      .arg(b.typeName()));
            break;
        }
    }

    if (caps.isRetiredOn(today))
        warning(u"model_retired"_s,
                tr("%1 was retired on %2: the API will refuse it. Choose a newer model.")
                    .arg(model, QLocale().toString(caps.retires, QLocale::LongFormat)));
    return issues;
}

} // namespace claudette
