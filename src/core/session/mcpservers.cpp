#include "core/session/mcpservers.h"

#include "core/chat/mcpclient.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcessEnvironment>
#include <QSaveFile>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcMcpServers, "claudette.session.mcp")

namespace claudette {

QJsonObject McpServers::Config::toJson() const
{
    QJsonObject env;
    for (auto it = environment.cbegin(); it != environment.cend(); ++it)
        env.insert(it.key(), it.value());
    return QJsonObject{{u"name"_s, name},
                       {u"command"_s, command},
                       {u"args"_s, QJsonArray::fromStringList(arguments)},
                       {u"env"_s, env}};
}

McpServers::Config McpServers::Config::fromJson(const QJsonObject &json)
{
    Config config;
    config.name = json.value("name"_L1).toString();
    config.command = json.value("command"_L1).toString();
    for (const QJsonValue &v : json.value("args"_L1).toArray())
        config.arguments.append(v.toString());
    const QJsonObject env = json.value("env"_L1).toObject();
    for (auto it = env.constBegin(); it != env.constEnd(); ++it)
        config.environment.insert(it.key(), it.value().toString());
    return config;
}

McpServers::McpServers(QString file, QObject *parent)
    : QObject(parent)
    , m_file(std::move(file))
{
    load();
}

McpServers::~McpServers()
{
    for (const QPointer<McpClient> &client : std::as_const(m_clients))
        if (client)
            client->stop();
}

QStringList McpServers::names() const
{
    QStringList list;
    for (const Config &config : m_configs)
        list.append(config.name);
    return list;
}

void McpServers::load()
{
    m_configs.clear();
    if (m_file.isEmpty())
        return;
    QFile file(m_file);
    if (!file.open(QIODevice::ReadOnly))
        return; // none configured yet
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        m_lastError = tr("%1 is not valid JSON: %2").arg(m_file, parseError.errorString());
        qCWarning(lcMcpServers).noquote() << m_lastError;
        return;
    }
    for (const QJsonValue &v : doc.object().value("servers"_L1).toArray()) {
        const Config config = Config::fromJson(v.toObject());
        if (!config.name.isEmpty() && !config.command.isEmpty())
            m_configs.append(config);
    }
}

bool McpServers::save(QString *error)
{
    if (m_file.isEmpty())
        return true;
    QJsonArray servers;
    for (const Config &config : std::as_const(m_configs))
        servers.append(config.toJson());
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    QSaveFile file(m_file);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(QJsonObject{{u"servers"_s, servers}}).toJson()) < 0 ||
        !file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(m_file, file.errorString());
        return false;
    }
    return true;
}

bool McpServers::put(const Config &config, QString *error)
{
    if (config.name.trimmed().isEmpty() || config.command.trimmed().isEmpty()) {
        if (error)
            *error = tr("An MCP server needs a name and a command.");
        return false;
    }
    bool replaced = false;
    for (Config &existing : m_configs) {
        if (existing.name == config.name) {
            existing = config;
            replaced = true;
        }
    }
    if (!replaced)
        m_configs.append(config);
    if (!save(error))
        return false;
    Q_EMIT changed();
    return true;
}

bool McpServers::remove(const QString &name, QString *error)
{
    stop(name);
    const auto removed = m_configs.removeIf([&](const Config &c) { return c.name == name; });
    if (removed == 0) {
        if (error)
            *error = tr("There is no MCP server named %1.").arg(name);
        return false;
    }
    if (!save(error))
        return false;
    Q_EMIT changed();
    return true;
}

void McpServers::start(const QString &name)
{
    const auto it = std::find_if(m_configs.cbegin(), m_configs.cend(),
                                 [&](const Config &c) { return c.name == name; });
    if (it == m_configs.cend())
        return;
    stop(name);
    // A copy: slots of the changed() signals below may replace the list it came from.
    const Config config = *it; // NOLINT(performance-unnecessary-copy-initialization)
    auto *client = new McpClient(this);
    client->setName(config.name);
    m_clients.insert(name, client);
    m_errors.remove(name);
    connect(client, &McpClient::ready, this, [this, name] {
        Q_EMIT serverReady(name);
        Q_EMIT changed();
    });
    connect(client, &McpClient::failed, this, [this, name](const QString &message) {
        m_errors.insert(name, message);
        m_lastError = message;
        Q_EMIT serverFailed(name, message);
        Q_EMIT changed();
    });
    QProcessEnvironment env;
    for (auto e = config.environment.cbegin(); e != config.environment.cend(); ++e)
        env.insert(e.key(), e.value());
    client->start(config.command, config.arguments, env);
    Q_EMIT changed();
}

void McpServers::stop(const QString &name)
{
    if (QPointer<McpClient> client = m_clients.take(name)) {
        client->disconnect(this);
        client->stop();
        client->deleteLater();
        Q_EMIT changed();
    }
}

McpClient *McpServers::client(const QString &name) const
{
    return m_clients.value(name);
}

QString McpServers::state(const QString &name) const
{
    if (m_errors.contains(name))
        return tr("failed: %1").arg(m_errors.value(name));
    McpClient *c = client(name);
    if (!c)
        return tr("stopped");
    if (!c->isReady())
        return tr("starting");
    return tr("ready (%n tool(s))", nullptr, int(c->tools().size()));
}

} // namespace claudette
