#pragma once

#include "core/chat/cacheplanner.h"
#include "core/chat/tooldefinition.h"
#include "core/chat/toolloop.h"
#include "core/chat/toolregistry.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace claudette {

class McpClient;

/**
 * What a tool-using send offers and asks for, resolved: the local tools' definitions, the running
 * MCP servers, server tools, tool_choice, the structured-output schema or forced tool, caching
 * and the step limit. The window takes it from the conversation's settings (through its
 * ToolLibrary and McpServers); claudette-cli from its options. Either way ToolPlan turns it into
 * the request.
 */
struct ToolSetup
{
    QList<ToolDefinition> localTools;
    QList<McpClient *> mcpServers; ///< not owned; ready
    ServerToolSettings serverTools;
    std::optional<ToolChoice> toolChoice;
    QJsonObject outputSchema; ///< structured output through output_config (or a forced tool)
    QString outputTool;       ///< a tool of the setup forced as the structured answer
    CacheSettings cache;
    int maxSteps = ToolLoop::DefaultMaxSteps;
};

} // namespace claudette
