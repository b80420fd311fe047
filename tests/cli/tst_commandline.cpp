#include "cli/commandline.h"
#include "cli/optiontable.h"

#include <QFile>

#include <QTest>

using namespace claudette::cli;
using namespace Qt::StringLiterals;

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void promptAndSubcommand_data();
    void promptAndSubcommand();
    void options();
    void usageErrors_data();
    void usageErrors();
    void thinkingAndEffortOptions();
    void toolOptions();
    void conversationAndLibraryOptions();
    void helpAndVersion();
    void everyOptionIsDocumented();
};

void TestCommandLine::promptAndSubcommand_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("subcommand");
    QTest::addColumn<QString>("prompt");

    const int chat = int(Subcommand::Chat);
    QTest::newRow("default chat") << QStringList{u"hello"_s, u"world"_s} << chat
                                  << u"hello world"_s;
    QTest::newRow("explicit chat") << QStringList{u"chat"_s, u"hi"_s} << chat << u"hi"_s;
    QTest::newRow("chat before reserved word")
        << QStringList{u"chat"_s, u"list"_s, u"the"_s, u"planets"_s} << chat
        << u"list the planets"_s;
    QTest::newRow("dashdash before reserved word")
        << QStringList{u"--"_s, u"models"_s, u"are"_s, u"fun"_s} << chat << u"models are fun"_s;
    QTest::newRow("options anywhere")
        << QStringList{u"tell"_s, u"--model"_s, u"m"_s, u"me"_s, u"--usage"_s} << chat
        << u"tell me"_s;
    QTest::newRow("option-like words after dashdash")
        << QStringList{u"--"_s, u"--model"_s, u"x"_s} << chat << u"--model x"_s;
    QTest::newRow("stdin prompt") << QStringList{u"-"_s} << chat << u"-"_s;
    QTest::newRow("models") << QStringList{u"models"_s} << int(Subcommand::Models) << QString();
    QTest::newRow("models with options first")
        << QStringList{u"--json"_s, u"models"_s, u"claude-x"_s} << int(Subcommand::Models)
        << u"claude-x"_s;
    QTest::newRow("count-tokens") << QStringList{u"count-tokens"_s, u"how"_s, u"many"_s}
                                  << int(Subcommand::CountTokens) << u"how many"_s;
}

void TestCommandLine::promptAndSubcommand()
{
    QFETCH(QStringList, args);
    QFETCH(int, subcommand);
    QFETCH(QString, prompt);
    const ParseResult result = CommandLine::parse(args);
    QVERIFY2(result.options.has_value(), qPrintable(result.message));
    QCOMPARE(int(result.options->subcommand), subcommand);
    QCOMPARE(result.options->prompt(), prompt);
}

void TestCommandLine::options()
{
    const ParseResult result = CommandLine::parse({u"--model=claude-sonnet-4-5"_s,
                                                   u"--max-tokens"_s,
                                                   u"100"_s,
                                                   u"--stop"_s,
                                                   u"a"_s,
                                                   u"--stop"_s,
                                                   u"b"_s,
                                                   u"--temperature"_s,
                                                   u"0.5"_s,
                                                   u"--top-p=0.9"_s,
                                                   u"--top-k"_s,
                                                   u"5"_s,
                                                   u"--system"_s,
                                                   u"be brief"_s,
                                                   u"--prefill"_s,
                                                   u"{"_s,
                                                   u"--thinking"_s,
                                                   u"2048"_s,
                                                   u"--effort"_s,
                                                   u"high"_s,
                                                   u"--image"_s,
                                                   u"/a.png"_s,
                                                   u"--document"_s,
                                                   u"/b.pdf"_s,
                                                   u"--json"_s,
                                                   u"--no-stream"_s,
                                                   u"--base-url"_s,
                                                   u"http://127.0.0.1:1"_s,
                                                   u"--max-retries"_s,
                                                   u"0"_s,
                                                   u"--timeout"_s,
                                                   u"30"_s,
                                                   u"--idle-timeout"_s,
                                                   u"0.25"_s,
                                                   u"--deadline"_s,
                                                   u"2.5"_s,
                                                   u"hello"_s});
    QVERIFY2(result.options.has_value(), qPrintable(result.message));
    const CliOptions &o = *result.options;
    QCOMPARE(o.model, u"claude-sonnet-4-5"_s);
    QCOMPARE(o.maxTokens, 100);
    QCOMPARE(o.stopSequences, (QStringList{u"a"_s, u"b"_s}));
    QCOMPARE(o.temperature, 0.5);
    QCOMPARE(o.topP, 0.9);
    QCOMPARE(o.topK, 5);
    QCOMPARE(o.system, u"be brief"_s);
    QCOMPARE(o.prefill, u"{"_s);
    QCOMPARE(o.thinking, u"2048"_s);
    QCOMPARE(o.effort, u"high"_s);
    QCOMPARE(o.images, QStringList{u"/a.png"_s});
    QCOMPARE(o.documents, QStringList{u"/b.pdf"_s});
    QVERIFY(o.json);
    QVERIFY(o.noStream);
    QCOMPARE(o.baseUrl, u"http://127.0.0.1:1"_s);
    QCOMPARE(o.maxRetries, 0);
    QCOMPARE(o.timeoutMs, 30'000);
    QCOMPARE(o.idleTimeoutMs, 250);
    QCOMPARE(o.deadlineMs, 2'500);
    QCOMPARE(o.prompt(), u"hello"_s);
}

void TestCommandLine::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("needle");

    QTest::newRow("unknown option")
        << QStringList{u"--bogus"_s, u"x"_s} << u"unknown option: --bogus"_s;
    QTest::newRow("unknown short option")
        << QStringList{u"-z"_s, u"x"_s} << u"unknown option: -z"_s;
    QTest::newRow("missing value") << QStringList{u"hi"_s, u"--model"_s} << u"needs a value"_s;
    QTest::newRow("no prompt") << QStringList{u"--model"_s, u"m"_s} << u"no prompt"_s;
    QTest::newRow("bad max tokens") << QStringList{u"--max-tokens"_s, u"lots"_s, u"x"_s}
                                    << u"--max-tokens needs a whole number"_s;
    QTest::newRow("temperature out of range")
        << QStringList{u"--temperature"_s, u"2"_s, u"x"_s} << u"from 0 to 1"_s;
    QTest::newRow("small thinking budget")
        << QStringList{u"--thinking"_s, u"100"_s, u"x"_s} << u"at least 1024"_s;
    QTest::newRow("bad effort") << QStringList{u"--effort"_s, u"extreme"_s, u"x"_s}
                                << u"--effort takes low, medium, high, xhigh or max"_s;
    QTest::newRow("bad thinking") << QStringList{u"--thinking"_s, u"sometimes"_s, u"x"_s}
                                  << u"off, adaptive, between_tools or a budget"_s;
    QTest::newRow("bad thinking display")
        << QStringList{u"--thinking-display"_s, u"full"_s, u"x"_s}
        << u"--thinking-display takes summarized or omitted, not 'full'"_s;
    QTest::newRow("json and events")
        << QStringList{u"--json"_s, u"--events"_s, u"x"_s} << u"cannot be used together"_s;
    QTest::newRow("option twice") << QStringList{u"--model"_s, u"a"_s, u"--model"_s, u"b"_s, u"x"_s}
                                  << u"given twice"_s;
    QTest::newRow("flag with value") << QStringList{u"--json=yes"_s, u"x"_s} << u"takes no value"_s;
    QTest::newRow("option of another subcommand")
        << QStringList{u"models"_s, u"--usage"_s} << u"does not apply to 'models'"_s;
    QTest::newRow("reserved for later") << QStringList{u"batches"_s} << u"reserved"_s;
    QTest::newRow("bad max steps")
        << QStringList{u"--max-steps"_s, u"0"_s, u"x"_s} << u"--max-steps needs a whole number"_s;
    QTest::newRow("zero timeout") << QStringList{u"--timeout"_s, u"0"_s, u"x"_s}
                                  << u"--timeout needs a number of seconds above 0"_s;
    QTest::newRow("timeout under a millisecond")
        << QStringList{u"--timeout"_s, u"0.0001"_s, u"x"_s} << u"above 0"_s;
    QTest::newRow("negative idle timeout") << QStringList{u"--idle-timeout"_s, u"-1"_s, u"x"_s}
                                           << u"--idle-timeout needs a number of seconds from 0"_s;
    QTest::newRow("zero deadline") << QStringList{u"--deadline"_s, u"0"_s, u"x"_s}
                                   << u"--deadline needs a number of seconds above 0"_s;
    QTest::newRow("deadline not a number")
        << QStringList{u"--deadline"_s, u"soon"_s, u"x"_s} << u"not 'soon'"_s;
    QTest::newRow("bad cache ttl")
        << QStringList{u"--cache-ttl"_s, u"2h"_s, u"x"_s} << u"5m or 1h"_s;
    QTest::newRow("empty mcp") << QStringList{u"--mcp"_s, u" "_s, u"x"_s}
                               << u"--mcp needs a command"_s;
    QTest::newRow("tools on models")
        << QStringList{u"models"_s, u"--tool"_s, u"t.json"_s} << u"does not apply to 'models'"_s;
    QTest::newRow("interactive json")
        << QStringList{u"-i"_s, u"--json"_s} << u"cannot be used together"_s;
    QTest::newRow("export without --to")
        << QStringList{u"export"_s, u"a.claudette"_s} << u"needs --to"_s;
    QTest::newRow("export unknown format")
        << QStringList{u"export"_s, u"a.claudette"_s, u"--to"_s, u"pdf"_s} << u"not 'pdf'"_s;
    QTest::newRow("export two files")
        << QStringList{u"export"_s, u"a"_s, u"b"_s, u"--to"_s, u"md"_s} << u"one conversation"_s;
    QTest::newRow("-o without value")
        << QStringList{u"export"_s, u"a"_s, u"-o"_s} << u"needs a value"_s;
    QTest::newRow("--to on chat") << QStringList{u"--to"_s, u"md"_s, u"x"_s}
                                  << u"does not apply to 'chat'"_s;
    QTest::newRow("--save on export")
        << QStringList{u"export"_s, u"a"_s, u"--to"_s, u"md"_s, u"--save"_s}
        << u"does not apply to 'export'"_s;
    QTest::newRow("--json on export")
        << QStringList{u"export"_s, u"a"_s, u"--to"_s, u"md"_s, u"--json"_s}
        << u"does not apply to 'export'"_s;
    QTest::newRow("save and conversation")
        << QStringList{u"--save"_s, u"--conversation"_s, u"f"_s, u"x"_s} << u"together"_s;
    QTest::newRow("search without words") << QStringList{u"search"_s} << u"needs words"_s;
    QTest::newRow("list with words") << QStringList{u"list"_s, u"x"_s} << u"takes no words"_s;
    QTest::newRow("api key never an argument")
        << QStringList{u"--api-key"_s, u"sk-x"_s, u"x"_s} << u"unknown option: --api-key"_s;
}

void TestCommandLine::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, needle);
    const ParseResult result = CommandLine::parse(args);
    QVERIFY(!result.options.has_value());
    QCOMPARE(result.exitCode, int(ExitUsage));
    QVERIFY2(result.message.contains(needle), qPrintable(result.message));
    QVERIFY(!result.message.contains(u"sk-x"_s));
}

void TestCommandLine::thinkingAndEffortOptions()
{
    // Every effort level, thinking mode and display of the SDK (1.17's OutputConfig.effort and
    // ThinkingConfigParam).
    for (const QString &level : {u"low"_s, u"medium"_s, u"high"_s, u"xhigh"_s, u"max"_s}) {
        const ParseResult r = CommandLine::parse({u"--effort"_s, level, u"x"_s});
        QVERIFY2(r.options.has_value(), qPrintable(r.message));
        QCOMPARE(r.options->effort, level);
    }
    for (const QString &mode : {u"off"_s, u"adaptive"_s, u"between_tools"_s, u"1024"_s}) {
        const ParseResult r = CommandLine::parse({u"--thinking"_s, mode, u"x"_s});
        QVERIFY2(r.options.has_value(), qPrintable(r.message));
        QCOMPARE(r.options->thinking, mode);
    }
    for (const QString &display : {u"summarized"_s, u"omitted"_s}) {
        const ParseResult r = CommandLine::parse({u"--thinking-display"_s, display, u"x"_s});
        QVERIFY2(r.options.has_value(), qPrintable(r.message));
        QCOMPARE(r.options->thinkingDisplay, display);
    }
}

void TestCommandLine::toolOptions()
{
    const ParseResult r = CommandLine::parse(
        {u"--tool"_s, u"a.json"_s, u"--tool=b.json"_s, u"--mcp"_s, u"python3 server.py --x"_s,
         u"--tool-choice"_s, u"calc"_s, u"--no-parallel-tools"_s, u"--max-steps"_s, u"3"_s,
         u"--yes"_s, u"--schema"_s, u"s.json"_s, u"--cache-ttl"_s, u"1h"_s, u"--web-search"_s,
         u"-i"_s});
    QVERIFY2(r.options.has_value(), qPrintable(r.message));
    const CliOptions &o = *r.options;
    QCOMPARE(o.toolFiles, (QStringList{u"a.json"_s, u"b.json"_s}));
    QCOMPARE(o.mcpCommands, QStringList{u"python3 server.py --x"_s});
    QCOMPARE(o.toolChoice, u"calc"_s);
    QVERIFY(o.noParallelTools);
    QCOMPARE(o.maxSteps, 3);
    QVERIFY(o.yes);
    QCOMPARE(o.schemaFile, u"s.json"_s);
    QVERIFY(o.cache); // implied by --cache-ttl
    QCOMPARE(o.cacheTtl, u"1h"_s);
    QVERIFY(o.webSearch);
    QVERIFY(o.interactive); // and no prompt is needed
    const ParseResult plain = CommandLine::parse({u"hi"_s});
    QVERIFY(!plain.options->yes);
    QVERIFY(!plain.options->cache);
    QVERIFY(!plain.options->maxSteps.has_value());
}

void TestCommandLine::conversationAndLibraryOptions()
{
    ParseResult r = CommandLine::parse({u"--conversation"_s, u"c.claudette"_s, u"hi"_s});
    QVERIFY2(r.options, qPrintable(r.message));
    QCOMPARE(r.options->conversationFile, u"c.claudette"_s);
    QVERIFY(!r.options->save);
    r = CommandLine::parse({u"--save"_s, u"-i"_s});
    QVERIFY2(r.options, qPrintable(r.message));
    QVERIFY(r.options->save);
    r = CommandLine::parse({u"export"_s, u"c.claudette"_s, u"--to=html"_s, u"-o"_s, u"x.html"_s});
    QVERIFY2(r.options, qPrintable(r.message));
    QCOMPARE(r.options->subcommand, Subcommand::Export);
    QCOMPARE(r.options->words, QStringList{u"c.claudette"_s});
    QCOMPARE(r.options->exportFormat, u"html"_s);
    QCOMPARE(r.options->outputFile, u"x.html"_s);
    // The format follows -o's suffix when --to is not given.
    r = CommandLine::parse({u"export"_s, u"c.claudette"_s, u"--output"_s, u"notes.json"_s});
    QVERIFY2(r.options, qPrintable(r.message));
    QCOMPARE(r.options->exportFormat, u"json"_s);
    r = CommandLine::parse({u"search"_s, u"--json"_s, u"red"_s, u"fox"_s});
    QVERIFY2(r.options, qPrintable(r.message));
    QCOMPARE(r.options->subcommand, Subcommand::Search);
    QCOMPARE(r.options->words.join(u' '), u"red fox"_s);
    QVERIFY(r.options->json);
    r = CommandLine::parse({u"list"_s});
    QVERIFY2(r.options, qPrintable(r.message));
    QCOMPARE(r.options->subcommand, Subcommand::List);
}

void TestCommandLine::helpAndVersion()
{
    ParseResult help = CommandLine::parse({u"--help"_s});
    QVERIFY(!help.options);
    QCOMPARE(help.exitCode, int(ExitSuccess));
    QVERIFY(help.message.contains(u"usage: claudette-cli"_s));
    ParseResult version = CommandLine::parse({u"--version"_s});
    QCOMPARE(version.exitCode, int(ExitSuccess));
    QVERIFY(version.message.startsWith(u"claudette-cli "_s));
}

void TestCommandLine::everyOptionIsDocumented()
{
    // A row added to the option table must also be added to --help and to docs/cli.md.
    QFile doc(QStringLiteral(CLAUDETTE_SOURCE_DIR "/docs/cli.md"));
    QVERIFY(doc.open(QIODevice::ReadOnly));
    const QString cliMd = QString::fromUtf8(doc.readAll());
    const QString help = CommandLine::usage();
    for (const OptionSpec &spec : optionTable()) {
        const QString option = u"--"_s + spec.name;
        QVERIFY2(help.contains(option), qPrintable(option + u" is not in --help"_s));
        QVERIFY2(cliMd.contains(u'`' + option), qPrintable(option + u" is not in docs/cli.md"_s));
        if (!spec.shortName.isNull()) {
            QCOMPARE(findShortOption(spec.shortName), &spec);
        }
        QCOMPARE(findOption(spec.name), &spec);
    }
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
