#include "core/api/modelcatalog.h"

#include "core/util/tablefile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLoggingCategory>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcModels, "claudette.core.models")

namespace claudette {

namespace {
void mergeObject(QJsonObject &target, const QJsonObject &source)
{
    for (auto it = source.begin(); it != source.end(); ++it)
        target.insert(it.key(), it.value());
}
} // namespace

ModelCatalog ModelCatalog::builtIn()
{
    ModelCatalog catalog;
    QString error;
    const QByteArray json = TableFile::builtIn(u":/claudette/models.json"_s, &error);
    if (json.isEmpty() || !catalog.load(json, &error))
        qCWarning(lcModels) << "built-in model catalog unusable:" << error;
    return catalog;
}

bool ModelCatalog::parse(const QByteArray &json, QJsonObject *doc, QString *error) const
{
    QJsonParseError parseError;
    const QJsonDocument d = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = tr("The model list is not valid JSON (%1 at offset %2).")
                         .arg(parseError.errorString())
                         .arg(parseError.offset);
        return false;
    }
    if (!d.isObject() || !d.object().value(u"models").isArray()) {
        if (error)
            *error = tr("The model list has no \"models\" array.");
        return false;
    }
    for (const QJsonValue &m : d.object().value(u"models").toArray()) {
        if (m.toObject().value(u"id").toString().isEmpty()) {
            if (error)
                *error = tr("An entry of the model list has no \"id\".");
            return false;
        }
    }
    *doc = d.object();
    return true;
}

bool ModelCatalog::load(const QByteArray &json, QString *error)
{
    QJsonObject doc;
    if (!parse(json, &doc, error))
        return false;
    m_defaults = doc.value(u"defaults").toObject();
    m_models.clear();
    for (const QJsonValue &m : doc.value(u"models").toArray())
        m_models.append(m.toObject());
    rebuildIndex();
    return true;
}

bool ModelCatalog::merge(const QByteArray &json, QString *error)
{
    QJsonObject doc;
    if (!parse(json, &doc, error))
        return false;
    mergeObject(m_defaults, doc.value(u"defaults").toObject());
    for (const QJsonValue &v : doc.value(u"models").toArray()) {
        const QJsonObject entry = v.toObject();
        const auto it = m_index.constFind(entry.value(u"id").toString());
        if (it != m_index.constEnd())
            mergeObject(m_models[*it], entry);
        else
            m_models.append(entry);
        rebuildIndex();
    }
    return true;
}

bool ModelCatalog::mergeFile(const QString &path, QString *error)
{
    return TableFile::mergeFile(
        path, tr("The model list"),
        [this](const QByteArray &json, QString *why) { return merge(json, why); }, error);
}

void ModelCatalog::rebuildIndex()
{
    m_index.clear();
    for (qsizetype i = 0; i < m_models.size(); ++i) {
        const QJsonObject &m = m_models.at(i);
        m_index.insert(m.value(u"id").toString().toLower(), i);
        for (const QJsonValue &alias : m.value(u"aliases").toArray())
            m_index.insert(alias.toString().toLower(), i);
    }
}

QString ModelCatalog::resolve(const QString &model) const
{
    const QString key = normalizedModelId(model);
    auto found = m_index.constFind(key);
    if (found == m_index.constEnd()) {
        // A dated snapshot of a listed id: `claude-opus-4-6-20260205`.
        static const QRegularExpression dated(u"^(.+)-(\\d{8})$"_s);
        const QRegularExpressionMatch match = dated.match(key);
        if (match.hasMatch())
            found = m_index.constFind(match.captured(1));
    }
    if (found == m_index.constEnd())
        return {};
    return m_models.at(*found).value(u"id").toString();
}

ModelCapabilities ModelCatalog::defaults() const
{
    return ModelCapabilities::fromJson(m_defaults, ModelCapabilities{});
}

ModelCapabilities ModelCatalog::capabilities(const QString &model) const
{
    const ModelCapabilities base = defaults();
    const QString id = resolve(model);
    if (id.isEmpty()) {
        ModelCapabilities c = base;
        c.id = model;
        c.displayName = model;
        c.known = false;
        return c;
    }
    ModelCapabilities c =
        ModelCapabilities::fromJson(m_models.at(m_index.value(id.toLower())), base);
    c.known = true;
    return c;
}

QList<ModelCapabilities> ModelCatalog::models() const
{
    const ModelCapabilities base = defaults();
    QList<ModelCapabilities> out;
    for (const QJsonObject &m : m_models) {
        ModelCapabilities c = ModelCapabilities::fromJson(m, base);
        c.known = true;
        out.append(c);
    }
    return out;
}

} // namespace claudette
