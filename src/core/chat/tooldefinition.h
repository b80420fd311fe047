#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace claudette {

/**
 * A tool the user defines and saves as a JSON file: the name, description and JSON input schema
 * the model sees, and the local command that runs it (LocalToolRunner). The command receives the
 * tool input as JSON on standard input and answers on standard output.
 *
 * File format (samples/tools/ has examples):
 * ```
 * {
 *   "name": "now",                        // ^[a-zA-Z0-9_-]{1,64}$
 *   "description": "The current date and time",
 *   "input_schema": {"type": "object", "properties": {}},
 *   "command": ["date", "--iso-8601=seconds"],   // or one string, split like a shell would
 *   "timeout_seconds": 10,                // optional, default 30
 *   "working_directory": "."              // optional, relative to the file's folder
 * }
 * ```
 * In `command` and `working_directory`, `${TOOL_DIR}` stands for the folder of the file.
 */
class ToolDefinition
{
    Q_DECLARE_TR_FUNCTIONS(claudette::ToolDefinition)

public:
    static constexpr int DefaultTimeoutMs = 30000;

    QString name;
    QString description;
    QJsonObject inputSchema;
    QString program;
    QStringList arguments;
    int timeoutMs = DefaultTimeoutMs;
    QString workingDirectory; ///< empty: the current folder
    QString sourceFile;       ///< the file it was read from, if any

    /// The `tools` entry for the API: name, description, input_schema.
    QJsonObject apiTool() const;

    /// Reads a definition; relative paths resolve against @p baseDir. On a bad field returns
    /// std::nullopt and says which in @p error (translated).
    static std::optional<ToolDefinition> fromJson(const QJsonObject &json, const QString &baseDir,
                                                  QString *error = nullptr);
    /// Reads a definition file.
    static std::optional<ToolDefinition> load(const QString &path, QString *error = nullptr);

    /// True for a name the API accepts for a tool.
    static bool isValidName(const QString &name);
};

} // namespace claudette
