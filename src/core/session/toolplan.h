#pragma once

#include "core/api/messagerequest.h"
#include "core/chat/structuredoutput.h"
#include "core/chat/toolregistry.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace claudette {

class Chat;
struct ToolSetup;

/**
 * The request of a tool-using send, planned once: the Chat's request (model, system, sampling,
 * thinking, service tier, caching) plus a ToolSetup's tools (in a ToolRegistry, which also says
 * how each tool_use runs), tool_choice, and the structured-output schema or forced tool. It is
 * checked with RequestValidator; make() says in its problem what would refuse it.
 */
class ToolPlan
{
    Q_DECLARE_TR_FUNCTIONS(claudette::ToolPlan)
public:
    /// The plan for sending @p userContent (may be empty: the history only) in @p chat's
    /// conversation with @p setup. @p problem is empty when the request may be sent.
    static ToolPlan make(const Chat &chat, const ToolSetup &setup, const QJsonArray &userContent,
                         QString *problem);

    /// The request without the registry's tools (the loop adds them to every step).
    MessageRequest request;
    ToolRegistry registry;
    QString finalTool; ///< a tool_use of it ends the run (structured output forced as a tool)
    QJsonObject resultSchema;
    StructuredOutput::Mode mode = StructuredOutput::Mode::Unsupported;
    bool structured = false;

    /// The first step's request exactly as it is sent: the registry's tools included.
    MessageRequest fullRequest() const;
    /// The structured result in @p lastMessage (the run's last reply), checked against the schema.
    StructuredOutput::Result structuredResult(const QJsonObject &lastMessage) const;
};

} // namespace claudette
