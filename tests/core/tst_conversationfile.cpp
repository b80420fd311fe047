#include "core/store/conversation.h"
#include "core/store/conversationfile.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace claudette;
using namespace Qt::StringLiterals;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// A version 1 file with fields and block types this version does not know.
const char kFutureFields[] = R"({
  "format": "claudette", "version": 1, "id": "c0ffee00-0000-4000-8000-000000000001",
  "title": "Unknowns", "settings": {"model": "claude-sonnet-4-5", "brand_new_setting": [1, 2]},
  "draft": {"text": "half a thought", "cursor": 4},
  "current": "t2",
  "future_top_level": {"nested": true},
  "turns": [
    {"id": "t1", "parent": null, "role": "user", "status": "complete",
     "content": [{"type": "text", "text": "hi", "cache_control": {"type": "ephemeral"}}],
     "turn_annotation": "kept"},
    {"id": "t2", "parent": "t1", "role": "assistant", "status": "complete",
     "model": "claude-sonnet-4-5", "usage": {"input_tokens": 5, "output_tokens": 7, "new_usage_field": 1},
     "cost_usd": 0.000123, "stop_reason": "end_turn", "request_id": "req_abc",
     "created": "2026-01-02T03:04:05.678Z", "finished": "2026-01-02T03:04:06.000Z",
     "content": [{"type": "hologram_block", "payload": {"x": 1}},
                 {"type": "text", "text": "hello", "citations": []}]}
  ],
  "attachments": {}
})";

} // namespace

class TestConversationFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripKeepsUnknowns();
    void saveLoadEquivalent();
    void attachmentsStoredOnceByHash();
    void migrateVersion0KeepsBackup();
    void badFiles_data();
    void badFiles();
    void tolerantInputStillLoads_data();
    void tolerantInputStillLoads();
    void loadEqualsParse();
    void tooLargeCheckedBeforeReading();
    void saveIsAtomic();
    void saveErrorIsReported();

private:
    QTemporaryDir m_dir;
};

void TestConversationFile::roundTripKeepsUnknowns()
{
    const auto loaded = ConversationFile::parse(QByteArray(kFutureFields), u"x.claudette"_s);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorString));
    const QString path = m_dir.filePath(u"unknowns.claudette"_s);
    QVERIFY(ConversationFile::save(path, *loaded.data).ok);
    const QJsonObject original = QJsonDocument::fromJson(QByteArray(kFutureFields)).object();
    const QJsonObject saved = QJsonDocument::fromJson(readAll(path)).object();
    QCOMPARE(saved.value("future_top_level"_L1), original.value("future_top_level"_L1));
    QCOMPARE(saved.value("settings"_L1), original.value("settings"_L1));
    QCOMPARE(saved.value("draft"_L1), original.value("draft"_L1));
    // Turns come back field for field (timestamps normalised to the same instants).
    const QJsonArray a = original.value("turns"_L1).toArray();
    const QJsonArray b = saved.value("turns"_L1).toArray();
    QCOMPARE(b.size(), a.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QJsonObject x = a.at(i).toObject();
        const QJsonObject y = b.at(i).toObject();
        for (auto it = x.constBegin(); it != x.constEnd(); ++it) {
            if (it.key() == "created"_L1 || it.key() == "finished"_L1) {
                QCOMPARE(QDateTime::fromString(y.value(it.key()).toString(), Qt::ISODateWithMs),
                         QDateTime::fromString(it.value().toString(), Qt::ISODateWithMs));
            } else {
                QCOMPARE(y.value(it.key()), it.value());
            }
        }
    }
    // And a second round trip is byte-identical.
    const auto again = ConversationFile::load(path);
    QVERIFY(again.ok());
    QCOMPARE(ConversationFile::serialize(*again.data), readAll(path));
}

void TestConversationFile::saveLoadEquivalent()
{
    Conversation c;
    c.setSetting(u"system"_s, u"Be brief."_s);
    const QString u1 =
        c.appendUserTurn(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, "q"_L1}}});
    const QString a1 = c.beginAssistantTurn(u"claude-haiku-4-5"_s, {{"max_tokens"_L1, 64}});
    c.finishAssistantTurn(
        a1, TurnStatus::Error, {},
        TurnError{u"http"_s, u"rate_limit_error"_s, u"slow down"_s, 429, u"req_9"_s});
    const QString a2 = c.beginAssistantTurn(u"claude-haiku-4-5"_s, {}, u1);
    c.finishAssistantTurn(a2, TurnStatus::Stopped);
    QVERIFY(c.selectSibling(a2, 0));
    const QString path = m_dir.filePath(u"equiv.claudette"_s);
    QVERIFY(ConversationFile::save(path, c.data()).ok);
    const auto loaded = ConversationFile::load(path);
    QVERIFY(loaded.ok());
    Conversation d(*loaded.data);
    QCOMPARE(d.id(), c.id());
    QCOMPARE(d.currentBranch(), c.currentBranch());
    QCOMPARE(d.turn(a1).error, c.turn(a1).error);
    QCOMPARE(d.turn(a1).status, TurnStatus::Error);
    QCOMPARE(d.turn(a2).status, TurnStatus::Stopped);
    QCOMPARE(d.turn(a1).params, c.turn(a1).params);
    QCOMPARE(d.settings(), c.settings());
    QCOMPARE(d.siblingCount(a1), 2);
}

void TestConversationFile::attachmentsStoredOnceByHash()
{
    Conversation c;
    const QByteArray bytes = QByteArray(300000, 'z');
    const QByteArray b64 = bytes.toBase64();
    const QJsonObject image{{"type"_L1, "image"_L1},
                            {"source"_L1, QJsonObject{{"type"_L1, "base64"_L1},
                                                      {"media_type"_L1, "image/png"_L1},
                                                      {"data"_L1, QString::fromLatin1(b64)}}}};
    for (int i = 0; i < 5; ++i)
        c.appendUserTurn(QJsonArray{image});
    const QString path = m_dir.filePath(u"att.claudette"_s);
    QVERIFY(ConversationFile::save(path, c.data()).ok);
    const QByteArray file = readAll(path);
    QCOMPARE(file.count(b64), 1);
    QVERIFY(file.size() < b64.size() + 10000);
    const QString sha =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    const QJsonObject table =
        QJsonDocument::fromJson(file).object().value("attachments"_L1).toObject();
    QCOMPARE(table.keys(), QStringList{sha});
    QCOMPARE(table.value(sha).toObject().value("media_type"_L1).toString(), u"image/png"_s);
    const auto loaded = ConversationFile::load(path);
    QVERIFY(loaded.ok());
    Conversation d(*loaded.data);
    QCOMPARE(d.messagesForApi().at(4).toObject().value("content"_L1).toArray().at(0).toObject(),
             image);
}

void TestConversationFile::migrateVersion0KeepsBackup()
{
    const QByteArray img = QByteArray("GIF89a...").toBase64();
    const QByteArray v0 =
        R"({"format":"claudette","version":0,"title":"Old","model":"claude-3-5-sonnet",
        "system":"sys","legacy_field":7,"messages":[
        {"role":"user","content":"plain string"},
        {"role":"assistant","content":[{"type":"text","text":"answer"}]},
        {"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/gif","data":")" +
        img + R"("}}]}]})";
    const QString path = m_dir.filePath(u"old.claudette"_s);
    QVERIFY(writeAll(path, v0));
    const auto loaded = ConversationFile::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorString));
    QCOMPARE(loaded.data->sourceVersion, 0);
    QCOMPARE(readAll(path), v0); // loading changes nothing
    Conversation c(*loaded.data);
    QCOMPARE(c.title(), u"Old"_s);
    QCOMPARE(c.settings().value("model"_L1).toString(), u"claude-3-5-sonnet"_s);
    QCOMPARE(c.settings().value("system"_L1).toString(), u"sys"_s);
    QCOMPARE(c.currentBranch().size(), 3);
    QCOMPARE(c.turn(c.currentBranch().at(0)).plainText(), u"plain string"_s);
    QCOMPARE(c.attachments().size(), 1);
    QCOMPARE(c.data().extra.value("legacy_field"_L1).toInt(), 7);

    const auto first = ConversationFile::save(path, c.data());
    QVERIFY(first.ok);
    QVERIFY(first.backupWritten);
    QCOMPARE(readAll(ConversationFile::backupPath(path)), v0);
    const auto reread = ConversationFile::load(path);
    QVERIFY(reread.ok());
    QCOMPARE(reread.data->sourceVersion, 1);
    QCOMPARE(Conversation(*reread.data).messagesForApi(), c.messagesForApi());
    // A second save of migrated data never overwrites the backup.
    QVERIFY(writeAll(ConversationFile::backupPath(path), "first backup"));
    QVERIFY(!ConversationFile::save(path, c.data()).backupWritten);
    QCOMPARE(readAll(ConversationFile::backupPath(path)), QByteArray("first backup"));
}

void TestConversationFile::badFiles_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("error");
    QTest::addColumn<QString>("message");
    const QByteArray good = QByteArray(kFutureFields);
    using E = ConversationFile::Error;
    QTest::newRow("empty") << QByteArray() << int(E::Empty) << u"the file is empty"_s;
    QTest::newRow("truncated") << good.left(good.size() / 2) << int(E::Truncated) << u"truncated"_s;
    QTest::newRow("truncated in a string")
        << good.left(good.indexOf("half a") + 3) << int(E::Truncated) << u"truncated"_s;
    QTest::newRow("corrupt") << QByteArray("{\"format\": claudette}") << int(E::Corrupt)
                             << u"not valid JSON"_s;
    QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0", 11) << int(E::Corrupt)
                            << u"not valid JSON"_s;
    QTest::newRow("garbage after") << good + "}}" << int(E::Corrupt) << u"not valid JSON"_s;
    QTest::newRow("array") << QByteArray("[1,2]") << int(E::NotClaudette)
                           << u"not a claudette conversation"_s;
    QTest::newRow("other json") << QByteArray(R"({"messages":[]})") << int(E::NotClaudette)
                                << u"not a claudette conversation"_s;
    QTest::newRow("newer") << QByteArray(R"({"format":"claudette","version":7,"id":"x"})")
                           << int(E::NewerVersion)
                           << u"made by a newer claudette, version 7; this one reads up to 1"_s;
    QTest::newRow("huge version") << QByteArray(
                                         R"({"format":"claudette","version":1e300,"id":"x"})")
                                  << int(E::NewerVersion)
                                  << u"made by a newer claudette, version 1000000"_s;
    QTest::newRow("no version") << QByteArray(R"({"format":"claudette","id":"x"})")
                                << int(E::Invalid) << u"version is missing"_s;
    QTest::newRow("fractional version")
        << QByteArray(R"({"format":"claudette","version":1.5,"id":"x"})") << int(E::Invalid)
        << u"version is missing"_s;
    QTest::newRow("no id") << QByteArray(R"({"format":"claudette","version":1})") << int(E::Invalid)
                           << u"damaged (no conversation id)"_s;
    QTest::newRow("turns not a list")
        << QByteArray(R"({"format":"claudette","version":1,"id":"x","turns":{}})")
        << int(E::Invalid) << u"\"turns\" is not a list"_s;
    QTest::newRow("turn without id")
        << QByteArray(R"({"format":"claudette","version":1,"id":"x","turns":[{"role":"user"}]})")
        << int(E::Invalid) << u"a turn has no \"id\""_s;
    QTest::newRow("unknown parent")
        << QByteArray(
               R"({"format":"claudette","version":1,"id":"x","turns":[{"id":"a","parent":"b","role":"user"}]})")
        << int(E::Invalid) << u"unknown or later parent b"_s;
    QTest::newRow("cycle")
        << QByteArray(
               R"({"format":"claudette","version":1,"id":"x","turns":[{"id":"a","parent":"a","role":"user"}]})")
        << int(E::Invalid) << u"unknown or later parent a"_s;
    QTest::newRow("duplicate id")
        << QByteArray(
               R"({"format":"claudette","version":1,"id":"x","turns":[{"id":"a","role":"user"},{"id":"a","role":"user"}]})")
        << int(E::Invalid) << u"turn id a appears twice"_s;
    QTest::newRow("bad current")
        << QByteArray(R"({"format":"claudette","version":1,"id":"x","current":"zz","turns":[]})")
        << int(E::Invalid) << u"current turn zz does not exist"_s;
    QTest::newRow("attachment without data")
        << QByteArray(R"({"format":"claudette","version":1,"id":"x","attachments":{"ab":{}}})")
        << int(E::Invalid) << u"attachment ab has no data"_s;
    QTest::newRow("v0 without messages") << QByteArray(R"({"format":"claudette","version":0})")
                                         << int(E::Invalid) << u"needs a \"messages\" list"_s;
}

void TestConversationFile::badFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, error);
    QFETCH(QString, message);
    const QString path = m_dir.filePath(u"bad-%1.claudette"_s.arg(
        QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-')));
    QVERIFY(writeAll(path, bytes));
    const QDateTime mtime = QFileInfo(path).lastModified();
    const auto r = ConversationFile::load(path);
    QVERIFY(!r.ok());
    QCOMPARE(int(r.error), error);
    QVERIFY2(r.errorString.contains(message), qPrintable(r.errorString));
    QVERIFY2(r.errorString.contains(QFileInfo(path).fileName()), qPrintable(r.errorString));
    QCOMPARE(readAll(path), bytes); // untouched, byte for byte
    QCOMPARE(QFileInfo(path).lastModified(), mtime);
    QVERIFY(!QFile::exists(ConversationFile::backupPath(path)));
}

void TestConversationFile::tolerantInputStillLoads_data()
{
    // The fast reader (simdjson) is strict JSON; what it refuses goes through QJsonDocument,
    // which also reads these. Files that loaded before keep loading, with the same content.
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    const auto file = [](const QByteArray &text, const QByteArray &extra = {}) {
        return R"({"format":"claudette","version":1,"id":"x",)" + extra +
               R"("turns":[{"id":"a","role":"user","content":[{"type":"text","text":")" + text +
               R"("}]}]})";
    };
    QTest::newRow("strict") << file("plain") << u"plain"_s;
    QTest::newRow("raw tab in a string") << file("a\tb") << u"a\tb"_s;
    QTest::newRow("raw line break in a string") << file("a\nb") << u"a\nb"_s;
    QTest::newRow("integer beyond 64 bits")
        << file("big", R"("counter":123456789012345678901234567890,)") << u"big"_s;
    QTest::newRow("escapes and non-ASCII")
        << file(R"(caf\u00e9 \"q\" \ud83d\ude00 \u00fcber)") << u"café \"q\" 😀 über"_s;
    QTest::newRow("raw UTF-8") << file("caf\xc3\xa9 \xf0\x9f\x98\x80") << u"café 😀"_s;
}

void TestConversationFile::tolerantInputStillLoads()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    const auto r = ConversationFile::parse(bytes, u"t.claudette"_s);
    QVERIFY2(r.ok(), qPrintable(r.errorString));
    QCOMPARE(r.data->turns.size(), 1);
    QCOMPARE(r.data->turns.first().plainText(), text);
    // Saved, it is strict JSON again and reads back the same.
    const auto again = ConversationFile::parse(ConversationFile::serialize(*r.data));
    QVERIFY(again.ok());
    QCOMPARE(ConversationFile::toJson(*again.data), ConversationFile::toJson(*r.data));
}

void TestConversationFile::loadEqualsParse()
{
    // load() reads the file into a buffer with room for the parser's padding (no copy); the
    // result is the same as parsing the bytes.
    Conversation c;
    for (int i = 0; i < 300; ++i) {
        c.appendUserTurn(QJsonArray{
            QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, QString(1000, QChar(u'a' + i % 26))}}});
    }
    const QString path = m_dir.filePath(u"equal.claudette"_s);
    QVERIFY(ConversationFile::save(path, c.data()).ok);
    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.size() > 300000);
    const auto loaded = ConversationFile::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorString));
    const auto parsed = ConversationFile::parse(bytes);
    QVERIFY(parsed.ok());
    QCOMPARE(ConversationFile::toJson(*loaded.data), ConversationFile::toJson(*parsed.data));
    QCOMPARE(ConversationFile::serialize(*loaded.data), bytes);
}

void TestConversationFile::tooLargeCheckedBeforeReading()
{
    // A sparse file just over 1 GiB: refused from its size, without reading (or allocating) it.
    const QString path = m_dir.filePath(u"huge.claudette"_s);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(ConversationFile::kMaxSize + 1));
    }
    const auto r = ConversationFile::load(path);
    QVERIFY(!r.ok());
    QCOMPARE(r.error, ConversationFile::Error::TooLarge);
    QVERIFY2(r.errorString.contains(u"larger than the limit of 1024 MiB"_s),
             qPrintable(r.errorString));
    QCOMPARE(QFileInfo(path).size(), ConversationFile::kMaxSize + 1);
    QFile::remove(path);
    const auto missing = ConversationFile::load(m_dir.filePath(u"missing.claudette"_s));
    QCOMPARE(missing.error, ConversationFile::Error::CannotRead);
    QVERIFY(missing.errorString.contains(u"does not exist"_s));
}

void TestConversationFile::saveIsAtomic()
{
    // QSaveFile writes beside the target and renames: no temporary file remains, and the
    // previous content is replaced in one step.
    const QString path = m_dir.filePath(u"atomic.claudette"_s);
    Conversation c;
    c.appendUserTurn(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, "v1"_L1}}});
    QVERIFY(ConversationFile::save(path, c.data()).ok);
    c.appendUserTurn(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, "v2"_L1}}});
    QVERIFY(ConversationFile::save(path, c.data()).ok);
    QCOMPARE(QDir(m_dir.path()).entryList({u"atomic*"_s}, QDir::Files),
             QStringList{u"atomic.claudette"_s});
    QCOMPARE(ConversationFile::load(path).data->turns.size(), 2);
}

void TestConversationFile::saveErrorIsReported()
{
    Conversation c;
    const auto r = ConversationFile::save(m_dir.filePath(u"no/such/dir/x.claudette"_s), c.data());
    QVERIFY(!r.ok);
    QVERIFY2(r.errorString.startsWith(u"Cannot save"_s), qPrintable(r.errorString));
}

QTEST_GUILESS_MAIN(TestConversationFile)
#include "tst_conversationfile.moc"
