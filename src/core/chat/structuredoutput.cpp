#include "core/chat/structuredoutput.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

// Without this valijson aborts the process on a bad schema instead of throwing.
#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <exception>

using namespace Qt::StringLiterals;

namespace claudette {

struct StructuredOutput::Compiled
{
    valijson::Schema schema;
};

StructuredOutput::StructuredOutput() = default;
StructuredOutput::~StructuredOutput() = default;

namespace {
bool rootIsObject(const QJsonObject &schema)
{
    return schema.value(u"type").toString() == "object"_L1;
}
} // namespace

bool StructuredOutput::setSchema(const QJsonObject &schema, QString *error)
{
    auto compiled = std::make_unique<Compiled>();
    try {
        valijson::SchemaParser parser;
        const QJsonValue root(schema);
        valijson::adapters::QtJsonAdapter adapter(root);
        parser.populateSchema(adapter, compiled->schema);
    } catch (const std::exception &e) {
        if (error)
            *error = tr("the JSON schema is not valid: %1").arg(QString::fromUtf8(e.what()));
        return false;
    }
    m_schema = schema;
    m_compiled = std::move(compiled);
    return true;
}

bool StructuredOutput::loadSchema(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("cannot read the schema file %1: %2").arg(path, file.errorString());
        return false;
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error)
            *error = tr("the schema file %1 is not a JSON object: %2")
                         .arg(path, parseError.error != QJsonParseError::NoError
                                        ? parseError.errorString()
                                        : tr("not an object"));
        return false;
    }
    QString why;
    if (!setSchema(doc.object(), &why)) {
        if (error)
            *error = path + u": "_s + why;
        return false;
    }
    return true;
}

StructuredOutput::Mode StructuredOutput::mode(const ModelCapabilities &model,
                                              const MessageRequest &request)
{
    if (model.structuredOutputs)
        return Mode::Native;
    if (request.thinking() && request.thinking()->isOn())
        return Mode::Unsupported;
    return Mode::ForcedTool;
}

StructuredOutput::Mode StructuredOutput::apply(MessageRequest &request,
                                               const ModelCapabilities &model) const
{
    const Mode m = mode(model, request);
    if (m == Mode::Native) {
        request.setOutputSchema(m_schema);
    } else if (m == Mode::ForcedTool) {
        const QJsonObject input =
            rootIsObject(m_schema)
                ? m_schema
                : QJsonObject{{u"type"_s, u"object"_s},
                              {u"properties"_s, QJsonObject{{u"value"_s, m_schema}}},
                              {u"required"_s, QJsonArray{u"value"_s}}};
        request.addClientTool(QString(ToolName),
                              u"Answer with this tool. Its input is the answer, following the "
                              u"schema exactly."_s,
                              input);
        request.setToolChoice(ToolChoice::tool(QString(ToolName)));
    }
    return m;
}

StructuredOutput::Result StructuredOutput::extract(const QJsonObject &message, Mode mode) const
{
    Result result;
    const QJsonArray content = message.value(u"content").toArray();
    if (mode == Mode::ForcedTool) {
        for (const QJsonValue &v : content) {
            const QJsonObject block = v.toObject();
            if (block.value(u"type").toString() == "tool_use"_L1 &&
                block.value(u"name").toString() == ToolName) {
                const QJsonObject input = block.value(u"input").toObject();
                return validate(rootIsObject(m_schema) ? QJsonValue(input) : input.value(u"value"));
            }
        }
        result.error =
            tr("the reply did not use the %1 tool, so it holds no structured answer").arg(ToolName);
        return result;
    }
    QString text;
    for (const QJsonValue &v : content)
        if (v.toObject().value(u"type").toString() == "text"_L1)
            text += v.toObject().value(u"text").toString();
    const QByteArray bytes = text.trimmed().toUtf8();
    QJsonParseError parseError{};
    // QJsonDocument takes only objects and arrays at the root; wrap to accept any value.
    const QJsonDocument doc = QJsonDocument::fromJson("[" + bytes + "]", &parseError);
    if (bytes.isEmpty() || parseError.error != QJsonParseError::NoError ||
        doc.array().size() != 1) {
        result.error = tr("the reply is not JSON: %1")
                           .arg(bytes.isEmpty() ? tr("it is empty") : parseError.errorString());
        return result;
    }
    return validate(doc.array().at(0));
}

StructuredOutput::Result StructuredOutput::validate(const QJsonValue &value) const
{
    Result result;
    result.value = value;
    if (!m_compiled) {
        result.error = tr("no JSON schema is set");
        return result;
    }
    valijson::Validator validator;
    valijson::ValidationResults errors;
    valijson::adapters::QtJsonAdapter adapter(value);
    if (validator.validate(m_compiled->schema, adapter, &errors)) {
        result.ok = true;
        return result;
    }
    valijson::ValidationResults::Error error;
    while (errors.popError(error)) {
        QString where;
        for (const std::string &part : error.context) {
            const QString p = QString::fromStdString(part);
            if (p.startsWith(u'[') && p.endsWith(u']'))
                where += u'/' + p.mid(1, p.size() - 2); // valijson's [name] as a JSON pointer
            else if (p != "<root>"_L1)
                where += u'/' + p;
        }
        result.problems.append(tr("%1: %2").arg(where.isEmpty() ? u"/"_s : where,
                                                QString::fromStdString(error.description)));
    }
    result.error = tr("the reply does not match the schema:\n%1").arg(result.problems.join(u'\n'));
    return result;
}

} // namespace claudette
