#pragma once

#include "core/chat/mcpclient.h"
#include "core/chat/tooldefinition.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QStringList>

namespace claudette {

/// Server tools (run by Anthropic) switched on for a conversation.
struct ServerToolSettings
{
    bool webSearch = false;
    int webSearchMaxUses = 0; ///< 0: not sent (no limit)
    QStringList allowedDomains;
    QStringList blockedDomains;
    bool webFetch = false;
    int webFetchMaxUses = 0;
    bool codeExecution = false;

    bool operator==(const ServerToolSettings &) const = default;
    QJsonObject toJson() const;
    static ServerToolSettings fromJson(const QJsonObject &json);
};

/**
 * The tools one conversation offers: local tools (ToolDefinition), the tools of MCP servers
 * (McpClient, once ready) and server tools. apiTools() is the request's `tools` array; find()
 * says which kind runs a tool_use name. The registry does not own the McpClients.
 *
 * A tool name may be offered once: a later local tool or MCP tool with a name already taken is
 * refused (addLocalTool returns false) or skipped (listed in conflicts()).
 */
class ToolRegistry
{
    Q_DECLARE_TR_FUNCTIONS(claudette::ToolRegistry)

public:
    enum class Kind
    {
        None,
        Local,
        Mcp
    };
    struct Entry
    {
        Kind kind = Kind::None;
        ToolDefinition local;     ///< Kind::Local
        McpClient *mcp = nullptr; ///< Kind::Mcp
        QJsonObject apiTool;
    };

    bool addLocalTool(const ToolDefinition &tool, QString *error = nullptr);
    /// Loads a tool file and adds it.
    bool loadLocalTool(const QString &path, QString *error = nullptr);
    void removeLocalTool(const QString &name);
    QList<ToolDefinition> localTools() const { return m_local; }

    void addMcpServer(McpClient *client);
    void removeMcpServer(McpClient *client);
    QList<McpClient *> mcpServers() const;

    ServerToolSettings serverTools() const { return m_server; }
    /// Refuses (false, @p error) allowed and blocked domains together, as the API does.
    bool setServerTools(const ServerToolSettings &settings, QString *error = nullptr);

    /// Local, then MCP (ready servers only), then server tools.
    QList<QJsonObject> apiTools() const;
    /// Names of MCP tools skipped because the name was taken.
    QStringList conflicts() const;
    Entry find(const QString &name) const;
    bool isEmpty() const { return apiTools().isEmpty(); }

private:
    QList<ToolDefinition> m_local;
    QList<QPointer<McpClient>> m_mcp;
    ServerToolSettings m_server;
};

} // namespace claudette
