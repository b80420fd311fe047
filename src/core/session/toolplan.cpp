#include "core/session/toolplan.h"

#include "core/chat/chat.h"
#include "core/session/toolsetup.h"

using namespace Qt::StringLiterals;

namespace claudette {

ToolPlan ToolPlan::make(const Chat &chat, const ToolSetup &setup, const QJsonArray &userContent,
                        QString *problem)
{
    ToolPlan p;
    problem->clear();
    p.request = chat.buildRequest(userContent);
    if (!chat.defaultPrefill().isEmpty()) {
        *problem = tr("“Start the reply with…” is not used with tools or structured output: "
                      "clear it, or switch the tools off.");
        return p;
    }
    for (const ToolDefinition &tool : setup.localTools) {
        QString error;
        if (!p.registry.addLocalTool(tool, &error)) {
            *problem = error;
            return p;
        }
    }
    for (McpClient *client : setup.mcpServers)
        p.registry.addMcpServer(client);
    if (QString error; !p.registry.setServerTools(setup.serverTools, &error)) {
        *problem = error;
        return p;
    }
    const ModelCapabilities model = chat.modelCatalog().capabilities(chat.model());
    if (setup.toolChoice)
        p.request.setToolChoice(setup.toolChoice);

    if (const QString tool = setup.outputTool; !tool.isEmpty()) {
        const ToolRegistry::Entry entry = p.registry.find(tool);
        if (entry.kind == ToolRegistry::Kind::None) {
            *problem =
                tr("The structured output tool %1 is not among the tools switched on.").arg(tool);
            return p;
        }
        p.structured = true;
        p.finalTool = tool;
        p.resultSchema = entry.apiTool.value("input_schema"_L1).toObject();
        p.mode = StructuredOutput::Mode::ForcedTool;
        const auto current = p.request.toolChoice();
        p.request.setToolChoice(ToolChoice::tool(tool, current ? current->disableParallelToolUse
                                                               : std::optional<bool>()));
    } else if (const QJsonObject schema = setup.outputSchema; !schema.isEmpty()) {
        StructuredOutput output;
        QString error;
        if (!output.setSchema(schema, &error)) {
            *problem = tr("The structured output schema is not usable: %1").arg(error);
            return p;
        }
        p.structured = true;
        p.resultSchema = schema;
        p.mode = output.apply(p.request, model);
        if (p.mode == StructuredOutput::Mode::Unsupported) {
            *problem = tr("%1 has no structured outputs, and forcing a tool is not allowed with "
                          "extended thinking: turn thinking off for structured output.")
                           .arg(model.displayName);
            return p;
        }
        if (p.mode == StructuredOutput::Mode::ForcedTool)
            p.finalTool = QString(StructuredOutput::ToolName);
    }
    *problem = chat.checkRequest(p.fullRequest());
    return p;
}

MessageRequest ToolPlan::fullRequest() const
{
    MessageRequest full = request;
    QList<QJsonObject> tools = registry.apiTools();
    tools.append(request.tools());
    full.setTools(tools);
    if (tools.isEmpty())
        full.setToolChoice(std::nullopt);
    return full;
}

StructuredOutput::Result ToolPlan::structuredResult(const QJsonObject &lastMessage) const
{
    StructuredOutput output;
    StructuredOutput::Result result;
    if (QString error; !output.setSchema(resultSchema, &error)) {
        result.error = error;
        return result;
    }
    if (finalTool.isEmpty() || finalTool == StructuredOutput::ToolName)
        return output.extract(lastMessage, mode);
    // A user tool forced as the answer: its input is the result.
    result.error = tr("the reply did not use the %1 tool").arg(finalTool);
    for (const QJsonValue &v : lastMessage.value("content"_L1).toArray()) {
        const QJsonObject block = v.toObject();
        if (block.value("type"_L1).toString() == "tool_use"_L1 &&
            block.value("name"_L1).toString() == finalTool)
            return output.validate(block.value("input"_L1));
    }
    return result;
}

} // namespace claudette
