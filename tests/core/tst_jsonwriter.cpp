// JsonWriter must write exactly the bytes QJsonDocument::toJson(Compact) writes: the files and
// the CLI's output may switch between the two without a difference.
#include "core/api/jsonwriter.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using claudette::JsonWriter;

namespace {

QByteArray viaDocument(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    // A scalar: wrapped in an array, then unwrapped.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

} // namespace

class TestJsonWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameAsDocument_data();
    void sameAsDocument();
    void everyGoldenMessage();
    void randomStrings();
    void appendsToExisting();
};

void TestJsonWriter::sameAsDocument_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("empty object") << QJsonValue(QJsonObject());
    QTest::newRow("empty array") << QJsonValue(QJsonArray());
    QTest::newRow("empty string") << QJsonValue(u""_s);
    QTest::newRow("null, bools") << QJsonValue(QJsonArray{QJsonValue(), true, false});
    QTest::newRow("undefined in an array")
        << QJsonValue(QJsonArray{QJsonValue(QJsonValue::Undefined)});
    QTest::newRow("integers") << QJsonValue(QJsonArray{0, -1, 480000, qint64(1) << 60,
                                                       std::numeric_limits<qint64>::min(),
                                                       std::numeric_limits<qint64>::max()});
    QTest::newRow("doubles") << QJsonValue(
        QJsonArray{0.5, -0.0, 1e20, 1e-7, 3.0, double(qint64(1) << 60), 7.200035999999999, 1.0 / 3,
                   std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min()});
    QTest::newRow("non-finite") << QJsonValue(QJsonArray{std::numeric_limits<double>::quiet_NaN(),
                                                         std::numeric_limits<double>::infinity(),
                                                         -std::numeric_limits<double>::infinity()});
    QTest::newRow("escapes") << QJsonValue(u"quote \" backslash \\ slash / tab \t nl \n cr \r "
                                           u"bs \b ff \f nul \0 x01 \x01 x1f \x1f del \x7f"_s);
    QTest::newRow("non-ASCII") << QJsonValue(u"é ß € 中文 😀 \u07ff \u0800 \uffff"_s);
    QTest::newRow("lone surrogates") << QJsonValue(QJsonArray{
        QJsonValue(QString(QChar(0xd800))), QJsonValue(QString(QChar(0xdc00))),
        QJsonValue(u"a"_s + QChar(0xd83d) + u"b"_s),
        QJsonValue(QString(QChar(0xdc00)) + QChar(0xd800)), QJsonValue(u"x"_s + QChar(0xdbff))});
    QTest::newRow("keys escaped") << QJsonValue(
        QJsonObject{{u"a\"b"_s, 1}, {u"é"_s, 2}, {u"\n"_s, 3}, {QString(QChar(0xdfff)), 4}});
    QTest::newRow("nested") << QJsonValue(QJsonObject{
        {u"content"_s,
         QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"Hi"_s}},
                    QJsonObject{{u"type"_s, u"tool_use"_s},
                                {u"input"_s, QJsonObject{{u"a"_s, QJsonArray{1, QJsonArray{}}}}}}}},
        {u"usage"_s, QJsonObject{{u"output_tokens"_s, 12}}}});
}

void TestJsonWriter::sameAsDocument()
{
    QFETCH(QJsonValue, value);
    QCOMPARE(JsonWriter::compact(value), viaDocument(value));
    if (value.isObject())
        QCOMPARE(JsonWriter::compact(value.toObject()), viaDocument(value));
    if (value.isArray())
        QCOMPARE(JsonWriter::compact(value.toArray()), viaDocument(value));
}

void TestJsonWriter::everyGoldenMessage()
{
    // Real messages: the SDK's final Messages for the recordings.
    int checked = 0;
    QDirIterator it(QStringLiteral(CLAUDETTE_TEST_DATA), {u"*.json"_s}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
        if (doc.isObject()) {
            QCOMPARE(JsonWriter::compact(doc.object()), doc.toJson(QJsonDocument::Compact));
            ++checked;
        } else if (doc.isArray()) {
            QCOMPARE(JsonWriter::compact(doc.array()), doc.toJson(QJsonDocument::Compact));
            ++checked;
        }
    }
    QVERIFY2(checked >= 20, qPrintable(u"only %1 JSON files in tests/data"_s.arg(checked)));
}

void TestJsonWriter::randomStrings()
{
    // Any UTF-16 at all, surrogates and control characters included, in runs of every length.
    QRandomGenerator random(20261123);
    for (int round = 0; round < 2000; ++round) {
        QString text;
        const int length = int(random.bounded(64));
        for (int i = 0; i < length; ++i) {
            switch (random.bounded(5)) {
            case 0:
                text += QChar(char16_t(random.bounded(0x80)));
                break;
            case 1:
                text += QChar(char16_t(random.bounded(0x10000)));
                break;
            case 2:
                text += QChar(char16_t(0xd800 + random.bounded(0x800))); // any surrogate
                break;
            default:
                text += QChar(char16_t(0x20 + random.bounded(0x5f)));
            }
        }
        const QJsonValue value(text);
        QCOMPARE(JsonWriter::compact(value), viaDocument(value));
    }
}

void TestJsonWriter::appendsToExisting()
{
    QByteArray out = "prefix:";
    JsonWriter::appendString(out, u"a\"b"_s);
    JsonWriter::appendValue(out, QJsonArray{1, u"x"_s});
    QCOMPARE(out, QByteArray("prefix:\"a\\\"b\"[1,\"x\"]"));
}

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
