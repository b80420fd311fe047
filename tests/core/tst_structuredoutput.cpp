#include "core/chat/structuredoutput.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace claudette;

namespace {
QJsonObject personSchema()
{
    return QJsonDocument::fromJson(R"({"type":"object","properties":{
        "name":{"type":"string"},"age":{"type":"integer","minimum":0}},
        "required":["name","age"],"additionalProperties":false})")
        .object();
}

QJsonObject textReply(const QString &text)
{
    return {{"content"_L1, QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, text}}}}};
}

QJsonObject toolReply(const QJsonObject &input)
{
    return {{"content"_L1, QJsonArray{QJsonObject{{"type"_L1, "tool_use"_L1},
                                                  {"id"_L1, "tu"_L1},
                                                  {"name"_L1, "structured_output"_L1},
                                                  {"input"_L1, input}}}}};
}
} // namespace

class TestStructuredOutput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nativeMode()
    {
        StructuredOutput so;
        QVERIFY(so.setSchema(personSchema()));
        ModelCapabilities caps;
        caps.structuredOutputs = true;
        MessageRequest r(u"claude-sonnet-4-5"_s, 100);
        QCOMPARE(so.apply(r, caps), StructuredOutput::Mode::Native);
        QCOMPARE(
            r.toJson()["output_config"_L1].toObject()["format"_L1].toObject()["type"_L1].toString(),
            u"json_schema"_s);
        QCOMPARE(r.outputSchema(), personSchema());
        QVERIFY(r.tools().isEmpty());

        const auto ok = so.extract(textReply(u"{\"name\":\"Ada\",\"age\":36}"_s),
                                   StructuredOutput::Mode::Native);
        QVERIFY2(ok.ok, qPrintable(ok.error));
        QCOMPARE(ok.value.toObject()["name"_L1].toString(), u"Ada"_s);
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing field") << u"{\"name\":\"Ada\"}"_s << u"age"_s;
        QTest::newRow("wrong type") << u"{\"name\":\"Ada\",\"age\":\"old\"}"_s << u"/age"_s;
        QTest::newRow("below minimum") << u"{\"name\":\"Ada\",\"age\":-1}"_s << u"/age"_s;
        QTest::newRow("extra field") << u"{\"name\":\"Ada\",\"age\":1,\"x\":2}"_s << u"x"_s;
        QTest::newRow("not json") << u"Sure! Here it is"_s << u"not JSON"_s;
        QTest::newRow("empty") << QString() << u"empty"_s;
    }

    void invalid()
    {
        QFETCH(QString, reply);
        QFETCH(QString, expected);
        StructuredOutput so;
        QVERIFY(so.setSchema(personSchema()));
        const auto result = so.extract(textReply(reply), StructuredOutput::Mode::Native);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(expected), qPrintable(result.error));
    }

    void forcedToolMode()
    {
        StructuredOutput so;
        QVERIFY(so.setSchema(personSchema()));
        ModelCapabilities caps;
        caps.structuredOutputs = false;
        MessageRequest r(u"claude-3-7-sonnet-20250219"_s, 100);
        QCOMPARE(so.apply(r, caps), StructuredOutput::Mode::ForcedTool);
        const QJsonObject body = r.toJson();
        QCOMPARE(body["tool_choice"_L1].toObject()["type"_L1].toString(), u"tool"_s);
        QCOMPARE(body["tool_choice"_L1].toObject()["name"_L1].toString(), u"structured_output"_s);
        QCOMPARE(body["tools"_L1].toArray().at(0).toObject()["input_schema"_L1].toObject(),
                 personSchema());
        QVERIFY(!body.contains("output_config"_L1));

        QVERIFY(so.extract(toolReply({{"name"_L1, "Ada"_L1}, {"age"_L1, 3}}),
                           StructuredOutput::Mode::ForcedTool)
                    .ok);
        const auto bad =
            so.extract(toolReply({{"name"_L1, 3}}), StructuredOutput::Mode::ForcedTool);
        QVERIFY(!bad.ok);
        QVERIFY(!bad.problems.isEmpty());
        const auto none = so.extract(textReply(u"hi"_s), StructuredOutput::Mode::ForcedTool);
        QVERIFY(!none.ok);
        QVERIFY(none.error.contains("did not use"_L1));
    }

    void nonObjectSchemaIsWrapped()
    {
        StructuredOutput so;
        QVERIFY(so.setSchema(QJsonObject{{"type"_L1, "array"_L1},
                                         {"items"_L1, QJsonObject{{"type"_L1, "integer"_L1}}}}));
        ModelCapabilities caps;
        caps.structuredOutputs = false;
        MessageRequest r(u"m"_s, 100);
        QCOMPARE(so.apply(r, caps), StructuredOutput::Mode::ForcedTool);
        QCOMPARE(r.tools().at(0)["input_schema"_L1].toObject()["type"_L1].toString(), u"object"_s);
        const auto ok = so.extract(toolReply({{"value"_L1, QJsonArray{1, 2}}}),
                                   StructuredOutput::Mode::ForcedTool);
        QVERIFY2(ok.ok, qPrintable(ok.error));
        QCOMPARE(ok.value.toArray().size(), 2);
        QVERIFY(!so.extract(textReply(u"[1, \"a\"]"_s), StructuredOutput::Mode::Native).ok);
        QVERIFY(so.extract(textReply(u" [1, 2] "_s), StructuredOutput::Mode::Native).ok);
    }

    void thinkingForbidsForcing()
    {
        StructuredOutput so;
        QVERIFY(so.setSchema(personSchema()));
        ModelCapabilities caps;
        caps.structuredOutputs = false;
        MessageRequest r(u"m"_s, 4000);
        r.setThinking(ThinkingConfig::enabled(2000));
        QCOMPARE(so.apply(r, caps), StructuredOutput::Mode::Unsupported);
        QVERIFY(r.tools().isEmpty());
    }

    void badSchemas()
    {
        StructuredOutput so;
        QString error;
        QVERIFY(!so.setSchema(QJsonObject{{"type"_L1, 5}}, &error));
        QVERIFY(!error.isEmpty());
        QTemporaryDir dir;
        QVERIFY(!so.loadSchema(dir.filePath(u"missing.json"_s), &error));
        QVERIFY(error.contains("cannot read"_L1));
        QFile f(dir.filePath(u"bad.json"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[1,2");
        f.close();
        QVERIFY(!so.loadSchema(f.fileName(), &error));
        QVERIFY(error.contains("not a JSON object"_L1));
        QVERIFY(!so.validate(QJsonValue(1)).ok); // no schema set yet
    }
};

QTEST_GUILESS_MAIN(TestStructuredOutput)
#include "tst_structuredoutput.moc"
