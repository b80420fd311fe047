#pragma once

#include "core/util/apppaths.h"

#include <QCoreApplication>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class QLocalServer;
class QLocalSocket;

namespace claudette {

/**
 * One running app per user and data folder. The first start listens on a local socket named from
 * the user and the data folder of AppPaths (serverName()); a later start with the same folder
 * connects, hands over the files it was given (or asks for the window to be raised) and exits.
 * Instances with other data folders (tests, portable use) never meet.
 *
 * The hand-over is one line of JSON, an object whose member open lists absolute paths (an empty
 * list raises the window), answered by the line ok. A socket file left by a process that died is
 * stale: nobody accepts on it, so it is removed and listened on again. The check and the listen
 * happen under a lock file in the data folder, so two starts at once cannot both become the first.
 */
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    enum class Start
    {
        Primary,   ///< this process is the one that runs (listening, unless error() says not)
        HandedOver ///< a running instance took the files: this process should exit
    };

    explicit SingleInstance(const AppPaths &paths, QObject *parent = nullptr);
    ~SingleInstance() override;

    /// The socket name for @p paths: `claudette-<user>-<hash of the data folder>`.
    static QString serverName(const AppPaths &paths);

    /// Hands @p files (made absolute against the working directory) to a running instance, or
    /// becomes the running one. Waits at most @p timeoutMs for a running instance to answer; one
    /// that does not is left alone and this process runs on its own, with error() saying so.
    Start start(const QStringList &files, int timeoutMs = 3000);

    /// Why this process does not listen (empty when it does, or handed over).
    QString error() const { return m_error; }
    bool isListening() const;

Q_SIGNALS:
    /// Another start asked to open @p path (absolute).
    void openRequested(const QString &path);
    /// Another start without files: the window should come forward.
    void activationRequested();

private:
    bool handOver(const QStringList &files, int timeoutMs);
    bool listen();
    void readRequest(QLocalSocket *socket);

    AppPaths m_paths;
    QString m_name;
    QString m_error;
    std::unique_ptr<QLocalServer> m_server;
};

} // namespace claudette
