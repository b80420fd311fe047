#include "core/store/conversationfile.h"
#include "core/store/conversationstore.h"
#include "core/store/filelock.h"

#include <QFile>
#include <QHostInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace claudette;
using namespace Qt::StringLiterals;

class TestFileLock : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void secondLockFailsWithOwner();
    void staleLockTakenOver();
    void secondStoreIsReadOnlyAndFollows();

private:
    QTemporaryDir m_dir;
};

void TestFileLock::secondLockFailsWithOwner()
{
    const QString path = m_dir.filePath(u"a.claudette"_s);
    FileLock first(path);
    QVERIFY(first.tryLock());
    QVERIFY(QFile::exists(path + u".lock"_s));
    FileLock second(path);
    QVERIFY(!second.tryLock());
    const auto owner = second.owner();
    QVERIFY(owner.has_value());
    QCOMPARE(owner->pid, QCoreApplication::applicationPid());
    QCOMPARE(owner->hostname, QSysInfo::machineHostName());
    QVERIFY2(second.errorString().contains(QString::number(owner->pid)), qPrintable(second.errorString()));
    first.unlock();
    QVERIFY(!QFile::exists(path + u".lock"_s));
    QVERIFY(second.tryLock());
}

void TestFileLock::staleLockTakenOver()
{
    const QString path = m_dir.filePath(u"b.claudette"_s);
    // A lock left by a process that no longer exists (QLockFile's format: pid, app, host).
    QFile lock(FileLock::lockPathFor(path));
    QVERIFY(lock.open(QIODevice::WriteOnly));
    lock.write("2147483000\nclaudette-qt\n" + QSysInfo::machineHostName().toUtf8() + "\n");
    lock.close();
    FileLock l(path);
    QVERIFY2(l.tryLock(), qPrintable(l.errorString()));
}

void TestFileLock::secondStoreIsReadOnlyAndFollows()
{
    const QString path = m_dir.filePath(u"c.claudette"_s);
    const QString journals = m_dir.filePath(u"journals"_s);
    ConversationStore writer(journals);
    QVERIFY(writer.create(path).ok);
    writer.commitUserTurn(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, "one"_L1}}});
    QVERIFY(writer.waitForSaved());

    ConversationStore reader(journals);
    const auto r = reader.open(path);
    QVERIFY(r.ok);
    QVERIFY(r.readOnly);
    QVERIFY2(r.readOnlyReason.contains(u"c.claudette"_s), qPrintable(r.readOnlyReason));
    QVERIFY(reader.isReadOnly());
    QCOMPARE(reader.conversation()->turnCount(), 1);
    // The reader writes nothing.
    QVERIFY(reader.commitUserTurn(QJsonArray{}).isEmpty());
    QVERIFY(reader.beginReply(u"m"_s, {}).isEmpty());

    QSignalSpy reloaded(&reader, &ConversationStore::reloaded);
    writer.commitUserTurn(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, "two"_L1}}});
    QVERIFY(writer.waitForSaved());
    QTRY_COMPARE_WITH_TIMEOUT(reader.conversation()->turnCount(), 2, 5000);
    QVERIFY(reloaded.size() >= 1);
    writer.conversation()->setTitle(u"Renamed by the writer"_s);
    QVERIFY(writer.waitForSaved());
    QTRY_COMPARE_WITH_TIMEOUT(reader.conversation()->title(), u"Renamed by the writer"_s, 5000);
}

QTEST_GUILESS_MAIN(TestFileLock)
#include "tst_filelock.moc"
