#include "core/store/autosaver.h"
#include "core/store/conversation.h"
#include "core/store/conversationfile.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace claudette;
using namespace Qt::StringLiterals;

namespace {

QJsonArray text(const QString &t)
{
    return QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, t}}};
}

} // namespace

class TestAutoSaver : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void savesWhileStreaming();
    void saveFailureIsReported();

private:
    QTemporaryDir m_dir;
};

void TestAutoSaver::savesWhileStreaming()
{
    // A reply streams into the last turn of a long conversation while saves run in the
    // background, one after another. Each save writes a consistent snapshot; the last one
    // holds the finished reply.
    Conversation c;
    for (int i = 0; i < 200; ++i)
        c.appendUserTurn(text(QString(1000, QChar(u'a' + i % 26))));
    const QString path = m_dir.filePath(u"stream.claudette"_s);
    AutoSaver saver(&c, path);
    saver.setDelay(0);
    QSignalSpy saved(&saver, &AutoSaver::saved);
    QSignalSpy failed(&saver, &AutoSaver::failed);
    const QString reply = c.beginAssistantTurn(u"claude-sonnet-4-5"_s, {});
    QString streamed;
    for (int i = 0; i < 300; ++i) {
        streamed += u"token%1 "_s.arg(i);
        c.setTurnContent(reply, text(streamed));
        QCoreApplication::processEvents();
        // Whatever is on disk now is a whole file with the reply at some earlier point.
        if (i % 50 == 0 && !saved.isEmpty()) {
            const auto onDisk = ConversationFile::load(path);
            QVERIFY2(onDisk.ok(), qPrintable(onDisk.errorString));
            QVERIFY(onDisk.data->turns.size() >= 200);
            if (onDisk.data->turns.size() == 201)
                QVERIFY(streamed.startsWith(onDisk.data->turns.last().plainText()));
        }
    }
    c.finishAssistantTurn(reply, TurnStatus::Complete);
    QVERIFY(saver.waitForIdle());
    QVERIFY(!saved.isEmpty());
    QVERIFY(failed.isEmpty());
    QCOMPARE(saver.savedGeneration(), saver.generation());
    const auto loaded = ConversationFile::load(path);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.data->turns.size(), 201);
    QCOMPARE(loaded.data->turns.last().plainText(), streamed);
    QCOMPARE(loaded.data->turns.last().status, TurnStatus::Complete);
    QCOMPARE(ConversationFile::serialize(*loaded.data), ConversationFile::serialize(c.data()));
}

void TestAutoSaver::saveFailureIsReported()
{
    Conversation c;
    AutoSaver saver(&c, m_dir.filePath(u"no/such/dir/x.claudette"_s));
    saver.setDelay(0);
    QSignalSpy failed(&saver, &AutoSaver::failed);
    c.appendUserTurn(text(u"lost?"_s));
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.first().first().toString().startsWith(u"Cannot save"_s),
             qPrintable(failed.first().first().toString()));
    QVERIFY(!saver.waitForIdle());
    // Nothing is lost in memory: the conversation still holds the turn.
    QCOMPARE(c.turnCount(), 1);
}

QTEST_GUILESS_MAIN(TestAutoSaver)
#include "tst_autosaver.moc"
