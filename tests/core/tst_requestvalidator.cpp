#include "core/api/requestvalidator.h"

#include <QTest>
#include <functional>

using namespace Qt::StringLiterals;
using namespace claudette;

using Setup = std::function<void(MessageRequest &)>;
Q_DECLARE_METATYPE(Setup)

namespace {
QStringList codes(const QList<ValidationIssue> &issues)
{
    QStringList out;
    for (const ValidationIssue &i : issues)
        out.append(i.code);
    return out;
}
} // namespace

class TestRequestValidator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cases_data();
    void cases();
    void messagesAreUserFacing();
    void retiredModelWarns();
};

void TestRequestValidator::cases_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<Setup>("setup");
    QTest::addColumn<QStringList>("expected");

    auto row = [](const char *name, const QString &model, Setup s, QStringList expected) {
        QTest::newRow(name) << model << s << expected;
    };
    const QString sonnet45 = u"claude-sonnet-4-5"_s;
    const QString opus46 = u"claude-opus-4-6"_s;
    const QString opus47 = u"claude-opus-4-7"_s;
    const QString haiku35 = u"claude-3-5-haiku-latest"_s;
    const QString sonnet4 = u"claude-sonnet-4-0"_s;

    row("plain request is fine", sonnet45, [](MessageRequest &) {}, {});
    row("no messages", sonnet45, [](MessageRequest &r) { r.setMessages({}); }, {u"no_messages"_s});
    row("prefill ok on 4.5", sonnet45,
        [](MessageRequest &r) { r.addMessage(MessageParam::assistant(u"{"_s)); }, {});
    row("prefill refused on 4.6", opus46,
        [](MessageRequest &r) { r.addMessage(MessageParam::assistant(u"{"_s)); },
        {u"prefill_unsupported"_s});
    row("prefill trailing whitespace", sonnet45,
        [](MessageRequest &r) { r.addMessage(MessageParam::assistant(u"As an AI, I "_s)); },
        {u"prefill_trailing_whitespace"_s});
    row("prefill with thinking", sonnet45,
        [](MessageRequest &r) {
            r.addMessage(MessageParam::assistant(u"{"_s));
            r.setThinking(ThinkingConfig::enabled(2048));
        },
        {u"prefill_with_thinking"_s});
    row("forced tool with thinking", sonnet45,
        [](MessageRequest &r) {
            r.addClientTool(u"f"_s, {}, {});
            r.setToolChoice(ToolChoice::any());
            r.setThinking(ThinkingConfig::enabled(2048));
        },
        {u"tool_choice_forced_with_thinking"_s});
    row("named tool with adaptive thinking", opus46,
        [](MessageRequest &r) {
            r.addClientTool(u"f"_s, {}, {});
            r.setToolChoice(ToolChoice::tool(u"f"_s));
            r.setThinking(ThinkingConfig::adaptive());
        },
        {u"tool_choice_forced_with_thinking"_s});
    row("auto tool with thinking is fine", sonnet45,
        [](MessageRequest &r) {
            r.addClientTool(u"f"_s, {}, {});
            r.setToolChoice(ToolChoice::autoChoice());
            r.setThinking(ThinkingConfig::enabled(2048));
        },
        {});
    row("temperature with thinking", sonnet45,
        [](MessageRequest &r) {
            r.setThinking(ThinkingConfig::enabled(2048));
            r.setTemperature(0.5);
        },
        {u"temperature_with_thinking"_s});
    row("temperature 1 with thinking is fine", sonnet45,
        [](MessageRequest &r) {
            r.setThinking(ThinkingConfig::enabled(2048));
            r.setTemperature(1.0);
        },
        {});
    row("top_k with thinking", sonnet45,
        [](MessageRequest &r) {
            r.setThinking(ThinkingConfig::enabled(2048));
            r.setTopK(5);
        },
        {u"top_k_with_thinking"_s});
    row("top_p too low with thinking", sonnet4,
        [](MessageRequest &r) {
            r.setThinking(ThinkingConfig::enabled(2048));
            r.setTopP(0.5);
        },
        {u"top_p_with_thinking"_s});
    row("disabled thinking allows sampling", sonnet45,
        [](MessageRequest &r) {
            r.setThinking(ThinkingConfig::disabled());
            r.setTemperature(0.2);
            r.setTopK(3);
        },
        {});
    row("budget too small", sonnet45,
        [](MessageRequest &r) { r.setThinking(ThinkingConfig::enabled(1023)); },
        {u"budget_too_small"_s});
    row("budget equal to max_tokens", sonnet45,
        [](MessageRequest &r) { r.setThinking(ThinkingConfig::enabled(4096)); },
        {u"budget_not_below_max_tokens"_s});
    row("budget above max_tokens with interleaved beta", sonnet45,
        [](MessageRequest &r) {
            r.setThinking(ThinkingConfig::enabled(8000));
            r.addBeta(u"interleaved-thinking-2025-05-14"_s);
        },
        {});
    row("max_tokens over model maximum", haiku35,
        [](MessageRequest &r) { r.setMaxTokens(8193); }, {u"max_tokens_over_limit"_s});
    row("max_tokens 0 (cache warm-up) allowed", sonnet45,
        [](MessageRequest &r) { r.setMaxTokens(0); }, {});
    row("negative max_tokens", sonnet45, [](MessageRequest &r) { r.setMaxTokens(-1); },
        {u"max_tokens_negative"_s});
    row("adaptive on a model without it", sonnet45,
        [](MessageRequest &r) { r.setThinking(ThinkingConfig::adaptive()); },
        {u"thinking_adaptive_unsupported"_s});
    row("thinking on a model without any", haiku35,
        [](MessageRequest &r) { r.setThinking(ThinkingConfig::enabled(2048)); },
        {u"thinking_enabled_unsupported"_s});
    row("budget thinking on adaptive-only model", opus47,
        [](MessageRequest &r) { r.setThinking(ThinkingConfig::enabled(2048)); },
        {u"thinking_enabled_unsupported"_s});
    row("thinking cannot be disabled", u"claude-fable-5-1"_s,
        [](MessageRequest &r) { r.setThinking(ThinkingConfig::disabled()); },
        {u"thinking_cannot_disable"_s});
    row("effort unsupported", sonnet45, [](MessageRequest &r) { r.setEffort(u"high"_s); },
        {u"effort_unsupported"_s});
    row("effort level unsupported", opus46, [](MessageRequest &r) { r.setEffort(u"xhigh"_s); },
        {u"effort_level_unsupported"_s});
    row("effort ok", opus47, [](MessageRequest &r) { r.setEffort(u"xhigh"_s); }, {});
    row("five cache breakpoints", sonnet45,
        [](MessageRequest &r) {
            r.setSystem(u"s"_s, CacheTtl::FiveMinutes);
            for (int i = 0; i < 4; ++i) {
                MessageParam m = MessageParam::user(u"x"_s);
                m.setCacheControlOnLastBlock(CacheTtl::FiveMinutes);
                r.addMessage(m);
            }
        },
        {u"too_many_cache_breakpoints"_s});
    row("four cache breakpoints are fine", sonnet45,
        [](MessageRequest &r) {
            r.setSystem(u"s"_s, CacheTtl::FiveMinutes);
            r.setCacheControl(CacheTtl::OneHour);
            MessageParam m = MessageParam::user(u"x"_s);
            m.setCacheControlOnLastBlock(CacheTtl::FiveMinutes);
            r.addMessage(m);
            r.addMessage(m);
        },
        {});
    row("temperature and top_p on 4.5", sonnet45,
        [](MessageRequest &r) {
            r.setTemperature(0.5);
            r.setTopP(0.9);
        },
        {u"temperature_and_top_p"_s});
    row("temperature and top_p on Sonnet 4", sonnet4,
        [](MessageRequest &r) {
            r.setTemperature(0.5);
            r.setTopP(0.9);
        },
        {});
    row("sampling on Opus 4.7", opus47, [](MessageRequest &r) { r.setTemperature(0.3); },
        {u"sampling_unsupported"_s});
    row("temperature out of range", sonnet45, [](MessageRequest &r) { r.setTemperature(1.5); },
        {u"temperature_out_of_range"_s});
    row("top_p out of range", sonnet4, [](MessageRequest &r) { r.setTopP(-0.1); },
        {u"top_p_out_of_range"_s});
    row("forced tool without tools", sonnet45,
        [](MessageRequest &r) { r.setToolChoice(ToolChoice::any()); },
        {u"tool_choice_without_tools"_s});
    row("forced unknown tool", sonnet45,
        [](MessageRequest &r) {
            r.addClientTool(u"f"_s, {}, {});
            r.setToolChoice(ToolChoice::tool(u"g"_s));
        },
        {u"tool_choice_unknown_tool"_s});
    row("system with an image", sonnet45,
        [](MessageRequest &r) {
            r.setSystemBlocks({ContentBlock::makeImageUrl(QUrl(u"https://e.org/i.png"_s))});
        },
        {u"system_not_text"_s});
    row("unknown model: only general rules", u"claude-next-9"_s,
        [](MessageRequest &r) {
            r.addMessage(MessageParam::assistant(u"{"_s));
            r.setMaxTokens(1'000'000);
            r.setEffort(u"max"_s);
            r.setThinking(ThinkingConfig::enabled(512));
        },
        {u"prefill_with_thinking"_s, u"budget_too_small"_s});
}

void TestRequestValidator::cases()
{
    QFETCH(QString, model);
    QFETCH(Setup, setup);
    QFETCH(QStringList, expected);
    MessageRequest r(model, 4096);
    r.addMessage(MessageParam::user(u"Hello"_s));
    setup(r);
    const RequestValidator v(ModelCatalog::builtIn());
    const QList<ValidationIssue> issues = v.validate(r, QDate(2026, 1, 1));
    QCOMPARE(codes(issues), expected);
    QCOMPARE(RequestValidator::hasErrors(issues), !expected.isEmpty());
}

void TestRequestValidator::messagesAreUserFacing()
{
    MessageRequest r(u"claude-opus-4-6"_s, 4096);
    r.addMessage(MessageParam::user(u"Hi"_s));
    r.addMessage(MessageParam::assistant(u"Sure"_s));
    const QList<ValidationIssue> issues = RequestValidator(ModelCatalog::builtIn()).validate(r);
    QCOMPARE(issues.size(), 1);
    QVERIFY2(issues.front().message.contains(u"Claude Opus 4.6"_s), qPrintable(issues.front().message));
    QVERIFY(issues.front().isError());
}

void TestRequestValidator::retiredModelWarns()
{
    MessageRequest r(u"claude-3-5-haiku-20241022"_s, 1024);
    r.addMessage(MessageParam::user(u"Hi"_s));
    const RequestValidator v(ModelCatalog::builtIn());
    QVERIFY(v.validate(r, QDate(2026, 2, 18)).isEmpty());
    const QList<ValidationIssue> later = v.validate(r, QDate(2026, 2, 19));
    QCOMPARE(codes(later), QStringList{u"model_retired"_s});
    QVERIFY(!later.front().isError());
    QVERIFY(!RequestValidator::hasErrors(later));
}

QTEST_GUILESS_MAIN(TestRequestValidator)
#include "tst_requestvalidator.moc"
