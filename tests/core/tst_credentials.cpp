#include "core/api/credentials.h"
#include "core/util/apppaths.h"

#include <QDebug>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using claudette::AppPaths;
using claudette::Credentials;

namespace {

QProcessEnvironment envOf(std::initializer_list<std::pair<QString, QString>> vars)
{
    QProcessEnvironment env;
    for (const auto &[name, value] : vars)
        env.insert(name, value);
    return env;
}

} // namespace

class TestCredentials : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromEnvironment()
    {
        QString error;
        const auto c =
            Credentials::load({},
                              envOf({{u"ANTHROPIC_API_KEY"_s, u" sk-ant-env \n"_s},
                                     {u"ANTHROPIC_AUTH_TOKEN"_s, u"tok"_s},
                                     {u"ANTHROPIC_BASE_URL"_s, u"http://127.0.0.1:9/prefix"_s}}),
                              &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->apiKey(), u"sk-ant-env"_s);
        QCOMPARE(c->authToken(), u"tok"_s);
        QCOMPARE(c->baseUrl(), QUrl(u"http://127.0.0.1:9/prefix"_s));
        QCOMPARE(c->source(), u"env:ANTHROPIC_API_KEY"_s);
        QVERIFY(c->hasSecret());
    }

    void defaults()
    {
        const auto c = Credentials::load({}, QProcessEnvironment());
        QVERIFY(c);
        QVERIFY(!c->hasSecret());
        QCOMPARE(c->baseUrl(), QUrl(u"https://api.anthropic.com"_s));
    }

    void keyFileWins()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(u"key"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("  sk-ant-from-file  \r\nsecond line ignored\n");
        file.close();
        const auto c =
            Credentials::load(file.fileName(), envOf({{u"ANTHROPIC_API_KEY"_s, u"sk-ant-env"_s}}));
        QVERIFY(c);
        QCOMPARE(c->apiKey(), u"sk-ant-from-file"_s);
        QCOMPARE(c->source(), u"file:"_s + file.fileName());
    }

    void badInputs_data()
    {
        QTest::addColumn<QByteArray>("fileContent"); // null: no such file
        QTest::addColumn<QString>("baseUrl");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("missing file") << QByteArray() << QString() << u"Cannot read"_s;
        QTest::newRow("empty file") << QByteArray("") << QString() << u"empty"_s;
        QTest::newRow("blank first line")
            << QByteArray("\n sk-ant-second\n") << QString() << u"empty"_s;
        QTest::newRow("base url ftp") << QByteArray("k") << u"ftp://x"_s << u"ANTHROPIC_BASE_URL"_s;
        QTest::newRow("base url no host")
            << QByteArray("k") << u"http://"_s << u"ANTHROPIC_BASE_URL"_s;
        QTest::newRow("base url junk")
            << QByteArray("k") << u"not a url"_s << u"ANTHROPIC_BASE_URL"_s;
    }

    void badInputs()
    {
        QFETCH(QByteArray, fileContent);
        QFETCH(QString, baseUrl);
        QFETCH(QString, errorPart);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"key"_s);
        if (!fileContent.isNull()) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(fileContent);
        }
        QProcessEnvironment env;
        if (!baseUrl.isEmpty())
            env.insert(u"ANTHROPIC_BASE_URL"_s, baseUrl);
        QString error;
        QVERIFY(!Credentials::load(path, env, &error));
        QVERIFY2(error.contains(errorPart), qPrintable(error));
    }

    void secretsNeverPrinted()
    {
        Credentials c;
        c.setApiKey(u"sk-ant-VERYSECRET"_s);
        c.setAuthToken(u"TOKENSECRET"_s);
        const QString text = c.debugString();
        QVERIFY(!text.contains(u"VERYSECRET"_s));
        QVERIFY(!text.contains(u"TOKENSECRET"_s));
        QVERIFY(!text.contains(u"sk-ant"_s));
        QVERIFY(text.contains(u"redacted"_s));
        QString debugOut;
        QDebug(&debugOut) << c;
        QVERIFY(!debugOut.contains(u"SECRET"_s));
    }

    void appPathsUnderRoot()
    {
        QTemporaryDir dir;
        const AppPaths paths(dir.path());
        QCOMPARE(paths.settingsFile(), dir.path() + u"/config/claudette/claudette.conf"_s);
        QCOMPARE(paths.libraryDir(), dir.path() + u"/data/claudette/library"_s);
        QCOMPARE(paths.journalsDir(), dir.path() + u"/data/claudette/journals"_s);
        QCOMPARE(paths.ledgerFile(), dir.path() + u"/data/claudette/ledger.jsonl"_s);
        QCOMPARE(paths.indexFile(), dir.path() + u"/data/claudette/index.sqlite"_s);
        QCOMPARE(paths.cacheDir(), dir.path() + u"/cache/claudette"_s);
        QString error;
        QVERIFY2(paths.ensureDirs(&error), qPrintable(error));
        QVERIFY(QFileInfo(paths.libraryDir()).isDir());
        QVERIFY(QFileInfo(paths.journalsDir()).isDir());

        // A root that cannot be made says so.
        QFile blocker(dir.filePath(u"file"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QVERIFY(!AppPaths(blocker.fileName()).ensureDirs(&error));
        QVERIFY(error.contains(blocker.fileName()));
    }

    void appPathsStandard()
    {
        QStandardPaths::setTestModeEnabled(true);
        const AppPaths paths;
        QVERIFY(paths.settingsFile().endsWith(u"/claudette/claudette.conf"_s));
        QVERIFY(paths.libraryDir().endsWith(u"/claudette/library"_s));
        QVERIFY(!paths.dataDir().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCredentials)
#include "tst_credentials.moc"
