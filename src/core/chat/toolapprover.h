#pragma once

#include <QJsonObject>
#include <QString>
#include <functional>

namespace claudette {

/**
 * Asked before a local or MCP tool runs. The answer may come at once or later (a dialog, a
 * terminal prompt); @p answer must be called exactly once. "Always allow" is remembered by the
 * caller (ToolLoop) for the tool's name.
 */
class ToolApprover
{
public:
    enum class Decision
    {
        AllowOnce,
        AlwaysAllow,
        Deny
    };

    struct Request
    {
        QString toolUseId;
        QString toolName;
        QString source; ///< "local" or "mcp:<server>"
        QJsonObject input;
    };

    virtual ~ToolApprover() = default;
    virtual void requestApproval(const Request &request, std::function<void(Decision)> answer) = 0;
};

} // namespace claudette
