#pragma once

#include "core/api/messagerequest.h"
#include "core/api/modelcapabilities.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <memory>

namespace claudette {

/**
 * A reply shaped by a JSON schema the user gives.
 *
 * Mode::Native sends the schema as `output_config.format` (`json_schema`) for models that have
 * structured outputs (ModelCapabilities::structuredOutputs); the reply text is the JSON.
 * Mode::ForcedTool, for other models, does what claudette's `structured()` does: a tool named
 * ToolName whose input schema is the user's schema, forced with `tool_choice`; the reply's
 * tool_use input is the result. A schema whose root is not an object is wrapped as the property
 * `value` of an object schema (tool inputs must be objects) and unwrapped on the way back.
 * Forcing a tool is not allowed with extended thinking: mode() gives Mode::Unsupported then.
 *
 * The result is validated against the schema with valijson; a mismatch gives a clear message
 * naming each failing place (JSON pointer) and why.
 */
class StructuredOutput
{
    Q_DECLARE_TR_FUNCTIONS(claudette::StructuredOutput)

public:
    enum class Mode
    {
        Native,
        ForcedTool,
        Unsupported
    };
    static constexpr QLatin1StringView ToolName{"structured_output"};

    struct Result
    {
        bool ok = false;
        QJsonValue value;
        QString error;        ///< translated, when !ok
        QStringList problems; ///< one line per schema violation
    };

    StructuredOutput();
    ~StructuredOutput();
    StructuredOutput(const StructuredOutput &) = delete;
    StructuredOutput &operator=(const StructuredOutput &) = delete;

    /// Reads and compiles @p schema. False with @p error when it is not a usable JSON schema.
    bool setSchema(const QJsonObject &schema, QString *error = nullptr);
    /// Reads a schema file.
    bool loadSchema(const QString &path, QString *error = nullptr);
    QJsonObject schema() const { return m_schema; }

    static Mode mode(const ModelCapabilities &model, const MessageRequest &request);

    /// Sets output_config.format, or adds the tool and forces it. Returns the mode used
    /// (Unsupported: nothing changed).
    Mode apply(MessageRequest &request, const ModelCapabilities &model) const;

    /// Takes the result out of a reply (the API's Message) and validates it.
    Result extract(const QJsonObject &message, Mode mode) const;
    /// Validates @p value against the schema.
    Result validate(const QJsonValue &value) const;

private:
    struct Compiled;
    QJsonObject m_schema;
    std::unique_ptr<Compiled> m_compiled;
};

} // namespace claudette
