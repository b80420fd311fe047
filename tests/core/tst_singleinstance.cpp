// One running app per user and data folder (issue 18, point 5): a second start hands its files
// to the first, or asks it to come forward; other data folders are independent; a stale socket is
// removed; a running instance that does not answer, and malformed requests, are survived.

#include "core/util/apppaths.h"
#include "core/util/singleinstance.h"

#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using claudette::AppPaths;
using claudette::SingleInstance;

class TestSingleInstance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void firstStartListens();
    void secondStartHandsOverItsFile();
    void secondStartWithoutFilesRaisesTheWindow();
    void otherDataFoldersAreIndependent();
    void nameComesFromTheUserAndTheDataFolder();
    void staleSocketIsRemoved();
    void runningInstanceThatDoesNotAnswerIsLeftAlone();
    void malformedRequestsAreIgnored();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    AppPaths paths(const QString &name = u"a"_s) const { return AppPaths(m_dir->filePath(name)); }
};

void TestSingleInstance::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSingleInstance::firstStartListens()
{
    SingleInstance first(paths());
    QCOMPARE(first.start({}), SingleInstance::Start::Primary);
    QVERIFY2(first.isListening(), qPrintable(first.error()));
    QVERIFY(first.error().isEmpty());
}

void TestSingleInstance::secondStartHandsOverItsFile()
{
    SingleInstance first(paths());
    QCOMPARE(first.start({}), SingleInstance::Start::Primary);
    QSignalSpy opened(&first, &SingleInstance::openRequested);
    QSignalSpy raised(&first, &SingleInstance::activationRequested);

    // A relative name is made absolute by the start that was given it (its working directory).
    const QString cwd = QDir::currentPath();
    QVERIFY(QDir::setCurrent(m_dir->path()));
    SingleInstance second(paths());
    const SingleInstance::Start role = second.start({u"chat.claudette"_s});
    QDir::setCurrent(cwd);
    QCOMPARE(role, SingleInstance::Start::HandedOver);
    QVERIFY(!second.isListening());

    QTRY_COMPARE(opened.size(), 1);
    QCOMPARE(opened.first().first().toString(), m_dir->filePath(u"chat.claudette"_s));
    QCOMPARE(raised.size(), 0);
    QVERIFY(first.isListening()); // and it keeps listening for the next one
    SingleInstance third(paths());
    QCOMPARE(third.start({m_dir->filePath(u"other.claudette"_s)}),
             SingleInstance::Start::HandedOver);
    QTRY_COMPARE(opened.size(), 2);
}

void TestSingleInstance::secondStartWithoutFilesRaisesTheWindow()
{
    SingleInstance first(paths());
    QCOMPARE(first.start({}), SingleInstance::Start::Primary);
    QSignalSpy opened(&first, &SingleInstance::openRequested);
    QSignalSpy raised(&first, &SingleInstance::activationRequested);
    SingleInstance second(paths());
    QCOMPARE(second.start({}), SingleInstance::Start::HandedOver);
    QTRY_COMPARE(raised.size(), 1);
    QCOMPARE(opened.size(), 0);
}

void TestSingleInstance::otherDataFoldersAreIndependent()
{
    SingleInstance first(paths(u"a"_s));
    QCOMPARE(first.start({}), SingleInstance::Start::Primary);
    SingleInstance other(paths(u"b"_s));
    QCOMPARE(other.start({m_dir->filePath(u"x.claudette"_s)}), SingleInstance::Start::Primary);
    QVERIFY(other.isListening());
    QVERIFY(SingleInstance::serverName(paths(u"a"_s)) != SingleInstance::serverName(paths(u"b"_s)));
}

void TestSingleInstance::nameComesFromTheUserAndTheDataFolder()
{
    const QString name = SingleInstance::serverName(paths());
    QVERIFY2(name.startsWith(u"claudette-"_s + QString::number(::getuid()) + u'-'),
             qPrintable(name));
    // The same folder spelled differently is the same instance.
    QCOMPARE(SingleInstance::serverName(AppPaths(m_dir->path() + u"/x/../a"_s)), name);
    QVERIFY(name.size() < 60); // a Unix socket path has room for about 100 bytes
}

void TestSingleInstance::staleSocketIsRemoved()
{
#ifdef Q_OS_UNIX
    // A socket file that nobody listens on, as a crashed instance leaves it.
    const QString path = QDir::tempPath() + u'/' + SingleInstance::serverName(paths());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray bytes = QFile::encodeName(path);
    QVERIFY(size_t(bytes.size()) < sizeof(address.sun_path));
    std::memcpy(address.sun_path, bytes.constData(), size_t(bytes.size()));
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
    ::close(fd);
    QVERIFY(QFileInfo::exists(path));

    SingleInstance first(paths());
    QCOMPARE(first.start({m_dir->filePath(u"x.claudette"_s)}), SingleInstance::Start::Primary);
    QVERIFY2(first.isListening(), qPrintable(first.error()));
    SingleInstance second(paths());
    QCOMPARE(second.start({}), SingleInstance::Start::HandedOver);
#else
    QSKIP("Unix sockets only");
#endif
}

void TestSingleInstance::runningInstanceThatDoesNotAnswerIsLeftAlone()
{
    // Something listens on the name but never answers (a hung instance).
    QLocalServer hung;
    QVERIFY(hung.listen(SingleInstance::serverName(paths())));
    SingleInstance second(paths());
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(second.start({m_dir->filePath(u"x.claudette"_s)}, 500),
             SingleInstance::Start::Primary);
    QVERIFY(clock.elapsed() < 5000);
    QVERIFY(!second.isListening());
    QVERIFY2(second.error().contains(u"did not answer"_s), qPrintable(second.error()));
    QVERIFY(hung.isListening()); // its socket is not taken away from it
}

void TestSingleInstance::malformedRequestsAreIgnored()
{
    SingleInstance first(paths());
    QCOMPARE(first.start({}), SingleInstance::Start::Primary);
    QSignalSpy opened(&first, &SingleInstance::openRequested);
    QSignalSpy raised(&first, &SingleInstance::activationRequested);
    for (const QByteArray &request : {QByteArray("not json\n"), QByteArray("[1,2]\n"),
                                      QByteArray("{\"open\":\"x\"}\n"), QByteArray(2 << 20, 'x')}) {
        QLocalSocket socket;
        QByteArray answer;
        connect(&socket, &QLocalSocket::readyRead, this, [&] { answer += socket.readAll(); });
        socket.connectToServer(SingleInstance::serverName(paths()));
        QTRY_COMPARE(socket.state(), QLocalSocket::ConnectedState);
        socket.write(request);
        QTRY_COMPARE(socket.state(), QLocalSocket::UnconnectedState);
        QVERIFY2(answer.isEmpty(), answer.constData());
    }
    // Relative paths are not opened (the sender makes them absolute).
    {
        QLocalSocket socket;
        socket.connectToServer(SingleInstance::serverName(paths()));
        QTRY_COMPARE(socket.state(), QLocalSocket::ConnectedState);
        socket.write("{\"open\":[\"relative.claudette\", 3]}\n");
        QTRY_COMPARE(socket.state(), QLocalSocket::UnconnectedState);
    }
    QTRY_COMPARE(raised.size(), 1);
    QCOMPARE(opened.size(), 0);
    // And it still serves a good request.
    SingleInstance second(paths());
    QCOMPARE(second.start({m_dir->filePath(u"x.claudette"_s)}), SingleInstance::Start::HandedOver);
    QTRY_COMPARE(opened.size(), 1);
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
