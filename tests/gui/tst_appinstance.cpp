// The single running instance through the real claudette-qt of this build tree (issue 18,
// point 5): with the app running, `claudette-qt FILE` hands FILE to it and exits, and the running
// app opens it (it takes the conversation's lock, FILE.lock). The app runs offscreen with its own
// XDG folders, so it is independent of any other instance and of the user's.

#include "core/store/filelock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestAppInstance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secondStartOpensItsFileInTheRunningApp();

private:
    QProcessEnvironment environment(const QTemporaryDir &dir) const;
};

QProcessEnvironment TestAppInstance::environment(const QTemporaryDir &dir) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name :
         {"ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "DBUS_SESSION_BUS_ADDRESS"})
        env.remove(QString::fromLatin1(name));
    env.insert(u"XDG_DATA_HOME"_s, dir.filePath(u"data"_s));
    env.insert(u"XDG_CONFIG_HOME"_s, dir.filePath(u"config"_s));
    env.insert(u"XDG_CACHE_HOME"_s, dir.filePath(u"cache"_s));
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"ASAN_OPTIONS"_s, u"detect_leaks=0"_s);
    return env;
}

void TestAppInstance::secondStartOpensItsFileInTheRunningApp()
{
    const QString app = QStringLiteral(CLAUDETTE_BINARY_DIR) + u"/src/app/claudette-qt"_s;
    QVERIFY2(QFileInfo(app).isExecutable(), qPrintable(app));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString conversation = dir.filePath(u"chat.claudette"_s);
    QVERIFY(QFile::copy(QStringLiteral(CLAUDETTE_SOURCE_DIR) + u"/samples/showcase.claudette"_s,
                        conversation));
    QFile::setPermissions(conversation, QFile::ReadOwner | QFile::WriteOwner);

    QProcess first;
    QProcessEnvironment env = environment(dir);
    env.insert(u"CLAUDETTE_READY_FILE"_s, dir.filePath(u"ready"_s));
    first.setProcessEnvironment(env);
    first.setProcessChannelMode(QProcess::ForwardedChannels);
    first.start(app, {});
    QVERIFY(first.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(dir.filePath(u"ready"_s)), 60000);
    QCOMPARE(first.state(), QProcess::Running);
    QVERIFY(!QFileInfo::exists(claudette::FileLock::lockPathFor(conversation)));

    // A relative name, from another working directory: the second start makes it absolute.
    QProcess second;
    second.setProcessEnvironment(environment(dir));
    second.setWorkingDirectory(dir.path());
    second.setProcessChannelMode(QProcess::ForwardedChannels);
    second.start(app, {u"chat.claudette"_s});
    QVERIFY(second.waitForFinished(30000));
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
    QCOMPARE(second.exitCode(), 0);

    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(claudette::FileLock::lockPathFor(conversation)),
                             20000);
    QCOMPARE(first.state(), QProcess::Running);

    // A start without a file only brings the window forward, and also ends at once.
    QProcess third;
    third.setProcessEnvironment(environment(dir));
    third.start(app, {});
    QVERIFY(third.waitForFinished(30000));
    QCOMPARE(third.exitCode(), 0);
    QCOMPARE(first.state(), QProcess::Running);

    first.terminate();
    if (!first.waitForFinished(20000)) {
        first.kill();
        first.waitForFinished();
    }
}

QTEST_GUILESS_MAIN(TestAppInstance)
#include "tst_appinstance.moc"
