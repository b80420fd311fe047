#include "core/chat/tooldefinition.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QProcess>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {
bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

QString expand(QString text, const QString &baseDir)
{
    return text.replace(u"${TOOL_DIR}"_s, baseDir);
}
} // namespace

QJsonObject ToolDefinition::apiTool() const
{
    QJsonObject tool{{u"name"_s, name}, {u"input_schema"_s, inputSchema}};
    if (!description.isEmpty())
        tool.insert(u"description"_s, description);
    return tool;
}

bool ToolDefinition::isValidName(const QString &name)
{
    static const QRegularExpression re(u"^[a-zA-Z0-9_-]{1,64}$"_s);
    return re.match(name).hasMatch();
}

std::optional<ToolDefinition> ToolDefinition::fromJson(const QJsonObject &json,
                                                       const QString &baseDir, QString *error)
{
    ToolDefinition def;
    def.name = json.value(u"name").toString();
    if (!isValidName(def.name)) {
        fail(error, tr("the tool name \"%1\" is not valid (1 to 64 letters, digits, _ or -)")
                        .arg(def.name));
        return std::nullopt;
    }
    const QJsonValue description = json.value(u"description");
    if (!description.isUndefined() && !description.isString()) {
        fail(error, tr("tool %1: \"description\" must be a string").arg(def.name));
        return std::nullopt;
    }
    def.description = description.toString();

    const QJsonValue schema = json.value(u"input_schema");
    if (!schema.isObject()) {
        fail(error, tr("tool %1: \"input_schema\" must be a JSON schema object").arg(def.name));
        return std::nullopt;
    }
    def.inputSchema = schema.toObject();
    if (def.inputSchema.value(u"type").toString() != "object"_L1) {
        fail(error, tr("tool %1: \"input_schema\" must have \"type\": \"object\"").arg(def.name));
        return std::nullopt;
    }

    QStringList command;
    const QJsonValue cmd = json.value(u"command");
    if (cmd.isString()) {
        command = QProcess::splitCommand(cmd.toString());
    } else if (cmd.isArray()) {
        for (const QJsonValue &part : cmd.toArray()) {
            if (!part.isString()) {
                fail(error,
                     tr("tool %1: every part of \"command\" must be a string").arg(def.name));
                return std::nullopt;
            }
            command.append(part.toString());
        }
    }
    if (command.isEmpty() || command.constFirst().isEmpty()) {
        fail(error, tr("tool %1: \"command\" is missing or empty").arg(def.name));
        return std::nullopt;
    }
    for (QString &part : command)
        part = expand(part, baseDir);
    def.program = command.takeFirst();
    def.arguments = command;

    const QJsonValue timeout = json.value(u"timeout_seconds");
    if (!timeout.isUndefined()) {
        const double seconds = timeout.toDouble(-1);
        if (!timeout.isDouble() || seconds <= 0 || seconds > 24 * 3600) {
            fail(error, tr("tool %1: \"timeout_seconds\" must be a number of seconds above 0")
                            .arg(def.name));
            return std::nullopt;
        }
        def.timeoutMs = int(seconds * 1000);
    }

    const QJsonValue dir = json.value(u"working_directory");
    if (!dir.isUndefined()) {
        if (!dir.isString() || dir.toString().isEmpty()) {
            fail(error, tr("tool %1: \"working_directory\" must be a folder path").arg(def.name));
            return std::nullopt;
        }
        const QString path = expand(dir.toString(), baseDir);
        def.workingDirectory = QDir::cleanPath(
            QDir::isAbsolutePath(path) || baseDir.isEmpty() ? path : QDir(baseDir).filePath(path));
    }
    return def;
}

std::optional<ToolDefinition> ToolDefinition::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        fail(error, tr("cannot read the tool file %1: %2").arg(path, file.errorString()));
        return std::nullopt;
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        fail(error,
             tr("the tool file %1 is not a JSON object: %2")
                 .arg(path, parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                         : tr("not an object")));
        return std::nullopt;
    }
    QString why;
    const QString baseDir = QFileInfo(path).absolutePath();
    std::optional<ToolDefinition> def = fromJson(doc.object(), baseDir, &why);
    if (!def) {
        fail(error, tr("%1: %2").arg(path, why));
        return std::nullopt;
    }
    def->sourceFile = QFileInfo(path).absoluteFilePath();
    return def;
}

} // namespace claudette
