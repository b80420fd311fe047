#pragma once

#include "core/chat/mcpclient.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

namespace claudette {

/**
 * The MCP servers the user configured (command, arguments, environment), kept in a JSON file
 * (`<config>/mcp-servers.json`: `{"servers": [{"name", "command", "args": [], "env": {}}]}`),
 * and their running clients. A server starts when start() is called (the Tools panel's Start
 * button, or a conversation that uses it); its state and error are reported by changed().
 */
class McpServers : public QObject
{
    Q_OBJECT
public:
    struct Config
    {
        QString name;
        QString command;
        QStringList arguments;
        QHash<QString, QString> environment;

        QJsonObject toJson() const;
        static Config fromJson(const QJsonObject &json);
        bool operator==(const Config &) const = default;
    };

    explicit McpServers(QString file = {}, QObject *parent = nullptr);
    ~McpServers() override;

    QList<Config> configs() const { return m_configs; }
    QStringList names() const;
    /// Adds or replaces (by name) a server and saves the file. False with @p error on a missing
    /// name or command, or a write error.
    bool put(const Config &config, QString *error = nullptr);
    bool remove(const QString &name, QString *error = nullptr);

    /// Starts @p name (again, if it was running).
    void start(const QString &name);
    void stop(const QString &name);
    /// The running client of @p name (ready or still starting), or nullptr.
    McpClient *client(const QString &name) const;
    /// "starting", "ready (N tools)", "failed: …" or "stopped", translated.
    QString state(const QString &name) const;
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    void changed();
    /// @p name is ready or failed.
    void serverReady(const QString &name);
    void serverFailed(const QString &name, const QString &message);

private:
    void load();
    bool save(QString *error);

    QString m_file;
    QList<Config> m_configs;
    QHash<QString, QPointer<McpClient>> m_clients;
    QHash<QString, QString> m_errors;
    QString m_lastError;
};

} // namespace claudette
