#include "gui/sidebar/modellistsource.h"

#include "core/api/apicall.h"
#include "core/api/client.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcModelList, "claudette.gui.models")

namespace claudette {

ModelListSource::ModelListSource(Client *client, QString cacheFile, ModelCatalog catalog,
                                 QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_cacheFile(std::move(cacheFile))
    , m_catalog(std::move(catalog))
{
    loadCache();
}

ModelListSource::~ModelListSource()
{
    if (m_call)
        m_call->cancel();
}

QDateTime ModelListSource::cachedAt() const
{
    const QFileInfo info(m_cacheFile);
    return info.exists() ? info.lastModified() : QDateTime();
}

void ModelListSource::setFromCatalog()
{
    m_models.clear();
    const QDate today = QDate::currentDate();
    for (const ModelCapabilities &model : m_catalog.models())
        if (model.status == "active"_L1 && !model.isRetiredOn(today))
            m_models.append({model.id, model.displayName});
    m_fromApi = false;
}

void ModelListSource::setFromData(const QJsonArray &data)
{
    ModelList models;
    for (const QJsonValue &v : data) {
        const QJsonObject model = v.toObject();
        const QString id = model.value("id"_L1).toString();
        if (id.isEmpty())
            continue;
        QString name = model.value("display_name"_L1).toString();
        if (name.isEmpty())
            name = m_catalog.capabilities(id).displayName;
        models.append({id, name});
    }
    if (models.isEmpty()) {
        setFromCatalog();
        return;
    }
    m_models = models;
    m_fromApi = true;
}

bool ModelListSource::loadCache()
{
    QFile file(m_cacheFile);
    if (m_cacheFile.isEmpty() || !file.open(QIODevice::ReadOnly)) {
        setFromCatalog();
        return false;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    if (!doc.isObject() || !doc.object().value("data"_L1).isArray()) {
        qCWarning(lcModelList) << "ignoring a damaged model cache:" << m_cacheFile;
        setFromCatalog();
        return false;
    }
    setFromData(doc.object().value("data"_L1).toArray());
    return true;
}

void ModelListSource::refresh()
{
    if (m_call || !m_client)
        return;
    ApiCall *call = m_client->listModels();
    m_call = call;
    connect(call, &ApiCall::finished, this, [this](const QJsonDocument &json) {
        m_call = nullptr;
        m_error.clear();
        const QJsonArray data = json.object().value("data"_L1).toArray();
        setFromData(data);
        if (!m_cacheFile.isEmpty()) {
            QDir().mkpath(QFileInfo(m_cacheFile).absolutePath());
            QSaveFile file(m_cacheFile);
            if (!file.open(QIODevice::WriteOnly) ||
                file.write(QJsonDocument(QJsonObject{{u"data"_s, data}}).toJson()) < 0 ||
                !file.commit())
                qCWarning(lcModelList) << "cannot write the model cache:" << file.errorString();
        }
        Q_EMIT modelsChanged();
    });
    connect(call, &ApiCall::failed, this, [this](const ApiError &error) {
        m_call = nullptr;
        m_error = tr("The model list could not be fetched: %1").arg(error.toString());
        Q_EMIT fetchFailed(m_error);
    });
}

} // namespace claudette
