#include "cli/terminalapprover.h"

#include <QJsonObject>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;
using claudette::ToolApprover;
using claudette::cli::TerminalApprover;

namespace {
/// Asks once with @p input as the terminal's answer; returns the decision and what was written.
std::pair<ToolApprover::Decision, QByteArray> ask(const QByteArray &input)
{
    FILE *in = std::tmpfile();
    FILE *out = std::tmpfile();
    std::fwrite(input.constData(), 1, size_t(input.size()), in);
    std::rewind(in);
    TerminalApprover approver(in, out);
    std::optional<ToolApprover::Decision> decision;
    approver.requestApproval(
        {u"toolu_1"_s, u"calc"_s, u"local"_s, QJsonObject{{"expression"_L1, "1+1"_L1}}},
        [&](ToolApprover::Decision d) { decision = d; });
    std::rewind(out);
    QByteArray written(4096, '\0');
    written.resize(qsizetype(std::fread(written.data(), 1, size_t(written.size()), out)));
    std::fclose(in);
    std::fclose(out);
    return {decision.value_or(ToolApprover::Decision(-1)), written};
}
} // namespace

class TestTerminalApprover : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void answers_data();
    void answers();
    void questionNamesToolAndInput();
    void longInputIsShortened();
};

void TestTerminalApprover::answers_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("decision");
    const int once = int(ToolApprover::Decision::AllowOnce);
    const int always = int(ToolApprover::Decision::AlwaysAllow);
    const int deny = int(ToolApprover::Decision::Deny);
    QTest::newRow("y") << QByteArray("y\n") << once;
    QTest::newRow("YES") << QByteArray("YES\n") << once;
    QTest::newRow("a") << QByteArray(" a \n") << always;
    QTest::newRow("always") << QByteArray("always\n") << always;
    QTest::newRow("n") << QByteArray("n\n") << deny;
    QTest::newRow("empty line") << QByteArray("\n") << deny;
    QTest::newRow("end of input") << QByteArray() << deny;
    QTest::newRow("other") << QByteArray("sure, why not\n") << deny;
}

void TestTerminalApprover::answers()
{
    QFETCH(QByteArray, input);
    QFETCH(int, decision);
    const auto [got, written] = ask(input);
    QCOMPARE(int(got), decision);
    QVERIFY(written.startsWith("Run tool calc with "));
}

void TestTerminalApprover::questionNamesToolAndInput()
{
    const auto [got, written] = ask("y\n");
    Q_UNUSED(got);
    QCOMPARE(written, "Run tool calc with {\"expression\":\"1+1\"}? [y]es / [a]lways / [N]o ");
}

void TestTerminalApprover::longInputIsShortened()
{
    const QString question = TerminalApprover::question(
        {u"id"_s, u"big"_s, u"local"_s, QJsonObject{{"text"_L1, QString(10000, u'x')}}});
    QVERIFY(question.size() < 2200);
    QVERIFY(question.contains(u"…"_s));
}

QTEST_GUILESS_MAIN(TestTerminalApprover)
#include "tst_terminalapprover.moc"
