#include "core/chat/toolregistry.h"

#include "core/api/messagerequest.h"

#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;

namespace claudette {

QJsonObject ServerToolSettings::toJson() const
{
    return QJsonObject{
        {u"web_search"_s, webSearch},
        {u"web_search_max_uses"_s, webSearchMaxUses},
        {u"allowed_domains"_s, QJsonArray::fromStringList(allowedDomains)},
        {u"blocked_domains"_s, QJsonArray::fromStringList(blockedDomains)},
        {u"web_fetch"_s, webFetch},
        {u"web_fetch_max_uses"_s, webFetchMaxUses},
        {u"code_execution"_s, codeExecution},
    };
}

ServerToolSettings ServerToolSettings::fromJson(const QJsonObject &json)
{
    ServerToolSettings s;
    auto strings = [](const QJsonValue &v) {
        QStringList out;
        for (const QJsonValue &e : v.toArray())
            if (e.isString())
                out.append(e.toString());
        return out;
    };
    s.webSearch = json.value(u"web_search").toBool();
    s.webSearchMaxUses = qMax(0, json.value(u"web_search_max_uses").toInt());
    s.allowedDomains = strings(json.value(u"allowed_domains"));
    s.blockedDomains = strings(json.value(u"blocked_domains"));
    s.webFetch = json.value(u"web_fetch").toBool();
    s.webFetchMaxUses = qMax(0, json.value(u"web_fetch_max_uses").toInt());
    s.codeExecution = json.value(u"code_execution").toBool();
    return s;
}

bool ToolRegistry::addLocalTool(const ToolDefinition &tool, QString *error)
{
    if (find(tool.name).kind != Kind::None) {
        if (error)
            *error = tr("a tool named %1 is already offered").arg(tool.name);
        return false;
    }
    m_local.append(tool);
    return true;
}

bool ToolRegistry::loadLocalTool(const QString &path, QString *error)
{
    const std::optional<ToolDefinition> tool = ToolDefinition::load(path, error);
    return tool && addLocalTool(*tool, error);
}

void ToolRegistry::removeLocalTool(const QString &name)
{
    m_local.removeIf([&name](const ToolDefinition &t) { return t.name == name; });
}

void ToolRegistry::addMcpServer(McpClient *client)
{
    if (client && !m_mcp.contains(client))
        m_mcp.append(client);
}

void ToolRegistry::removeMcpServer(McpClient *client)
{
    m_mcp.removeAll(client);
}

QList<McpClient *> ToolRegistry::mcpServers() const
{
    QList<McpClient *> out;
    for (const QPointer<McpClient> &c : m_mcp)
        if (c)
            out.append(c);
    return out;
}

bool ToolRegistry::setServerTools(const ServerToolSettings &settings, QString *error)
{
    if (settings.webSearch && !settings.allowedDomains.isEmpty() &&
        !settings.blockedDomains.isEmpty()) {
        if (error)
            *error = tr("web search takes allowed domains or blocked domains, not both");
        return false;
    }
    m_server = settings;
    return true;
}

QList<QJsonObject> ToolRegistry::apiTools() const
{
    QList<QJsonObject> tools;
    QSet<QString> names;
    for (const ToolDefinition &t : m_local) {
        tools.append(t.apiTool());
        names.insert(t.name);
    }
    for (McpClient *client : mcpServers()) {
        if (!client->isReady())
            continue;
        for (const McpClient::Tool &t : client->tools()) {
            if (names.contains(t.name) || !ToolDefinition::isValidName(t.name))
                continue;
            names.insert(t.name);
            QJsonObject tool{{u"name"_s, t.name}, {u"input_schema"_s, t.inputSchema}};
            if (!t.description.isEmpty())
                tool.insert(u"description"_s, t.description);
            tools.append(tool);
        }
    }
    if (m_server.webSearch) {
        QJsonObject options;
        if (m_server.webSearchMaxUses > 0)
            options.insert(u"max_uses"_s, m_server.webSearchMaxUses);
        if (!m_server.allowedDomains.isEmpty())
            options.insert(u"allowed_domains"_s,
                           QJsonArray::fromStringList(m_server.allowedDomains));
        if (!m_server.blockedDomains.isEmpty())
            options.insert(u"blocked_domains"_s,
                           QJsonArray::fromStringList(m_server.blockedDomains));
        tools.append(MessageRequest::webSearchTool(options));
    }
    if (m_server.webFetch) {
        QJsonObject options;
        if (m_server.webFetchMaxUses > 0)
            options.insert(u"max_uses"_s, m_server.webFetchMaxUses);
        tools.append(MessageRequest::webFetchTool(options));
    }
    if (m_server.codeExecution)
        tools.append(MessageRequest::codeExecutionTool());
    return tools;
}

QStringList ToolRegistry::conflicts() const
{
    QStringList out;
    QSet<QString> names;
    for (const ToolDefinition &t : m_local)
        names.insert(t.name);
    for (McpClient *client : mcpServers()) {
        for (const McpClient::Tool &t : client->tools()) {
            if (names.contains(t.name))
                out.append(t.name);
            names.insert(t.name);
        }
    }
    return out;
}

ToolRegistry::Entry ToolRegistry::find(const QString &name) const
{
    for (const ToolDefinition &t : m_local)
        if (t.name == name)
            return Entry{Kind::Local, t, nullptr, t.apiTool()};
    for (McpClient *client : mcpServers()) {
        if (!client->isReady())
            continue;
        for (const McpClient::Tool &t : client->tools())
            if (t.name == name)
                return Entry{Kind::Mcp, {}, client, {}};
    }
    return {};
}

} // namespace claudette
