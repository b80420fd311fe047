#include "core/util/singleinstance.h"

#include <QCryptographicHash>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace claudette {

namespace {

/// A request longer than this is not one of ours: the connection is dropped.
constexpr qsizetype kMaxRequest = 1 << 20;

QString userName()
{
#ifdef Q_OS_UNIX
    // The uid, not $USER: the environment can say anything, the uid is who owns the socket.
    return QString::number(::getuid());
#else
    return qEnvironmentVariable("USERNAME", u"user"_s);
#endif
}

} // namespace

SingleInstance::SingleInstance(const AppPaths &paths, QObject *parent)
    : QObject(parent)
    , m_paths(paths)
    , m_name(serverName(paths))
{}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::serverName(const AppPaths &paths)
{
    const QByteArray folder = QDir::cleanPath(QDir(paths.dataDir()).absolutePath()).toUtf8();
    const QByteArray hash =
        QCryptographicHash::hash(folder, QCryptographicHash::Sha256).toHex().left(16);
    return u"claudette-"_s + userName() + u'-' + QString::fromLatin1(hash);
}

bool SingleInstance::isListening() const
{
    return m_server && m_server->isListening();
}

SingleInstance::Start SingleInstance::start(const QStringList &files, int timeoutMs)
{
    QStringList absolute;
    for (const QString &file : files)
        absolute.append(QFileInfo(file).absoluteFilePath());

    // Two starts at once: the second waits until the first listens, then hands over to it.
    QDir().mkpath(m_paths.dataDir());
    QLockFile lock(m_paths.dataDir() + u"/instance.lock"_s);
    const bool locked = lock.tryLock(timeoutMs);

    if (handOver(absolute, timeoutMs))
        return Start::HandedOver;
    if (!m_error.isEmpty())
        return Start::Primary; // someone listens but did not answer: run alone, say why
    if (!locked) {
        m_error = tr("Another start of claudette holds %1; this one runs on its own.")
                      .arg(lock.fileName());
        return Start::Primary;
    }
    listen();
    return Start::Primary;
}

bool SingleInstance::handOver(const QStringList &files, int timeoutMs)
{
    QLocalSocket socket;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    bool connected = false;
    QByteArray answer;
    connect(&socket, &QLocalSocket::connected, &loop, [&] {
        connected = true;
        const QJsonObject request{{u"open"_s, QJsonArray::fromStringList(files)}};
        socket.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
    });
    connect(&socket, &QLocalSocket::errorOccurred, &loop, &QEventLoop::quit);
    connect(&socket, &QLocalSocket::readyRead, &loop, [&] {
        answer += socket.readAll();
        if (answer.contains('\n'))
            loop.quit();
    });
    connect(&socket, &QLocalSocket::disconnected, &loop, &QEventLoop::quit);
    connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    // A local event loop rather than waitFor…(): the running instance may be in this process
    // (the tests), and it answers only while events are processed.
    socket.connectToServer(m_name);
    timer.start(timeoutMs);
    if (socket.state() != QLocalSocket::UnconnectedState)
        loop.exec();
    if (socket.isOpen())
        answer += socket.readAll();
    if (answer.startsWith("ok\n"))
        return true;
    if (connected) {
        m_error = tr("A running claudette (socket %1) did not answer; this one runs on its own.")
                      .arg(m_name);
    }
    return false;
}

bool SingleInstance::listen()
{
    m_server = std::make_unique<QLocalServer>();
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server.get(), &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, this,
                    [this, socket] { readRequest(socket); });
            readRequest(socket);
        }
    });
    if (m_server->listen(m_name))
        return true;
    if (m_server->serverError() == QAbstractSocket::AddressInUseError) {
        // Nobody answered on it (handOver found no one): a socket left by a process that died.
        QLocalServer::removeServer(m_name);
        if (m_server->listen(m_name))
            return true;
    }
    m_error = tr("Cannot listen on %1 (%2); a second start will open a second window.")
                  .arg(m_name, m_server->errorString());
    m_server.reset();
    return false;
}

void SingleInstance::readRequest(QLocalSocket *socket)
{
    if (!socket->canReadLine()) {
        if (socket->bytesAvailable() > kMaxRequest)
            socket->abort();
        return;
    }
    const QByteArray line = socket->readLine(kMaxRequest);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    const QJsonValue open = doc.object().value("open"_L1);
    if (parseError.error != QJsonParseError::NoError || !open.isArray()) {
        qWarning("claudette: ignored a malformed request on %s", qPrintable(m_name));
        socket->abort();
        return;
    }
    socket->write("ok\n");
    socket->flush();
    socket->disconnectFromServer();
    QStringList files;
    for (const QJsonValue &value : open.toArray())
        if (value.isString() && QFileInfo(value.toString()).isAbsolute())
            files.append(value.toString());
    if (files.isEmpty())
        Q_EMIT activationRequested();
    for (const QString &file : std::as_const(files))
        Q_EMIT openRequested(file);
}

} // namespace claudette
