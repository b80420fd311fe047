#pragma once

#include "core/api/apicall.h"
#include "core/api/modelcatalog.h"

#include <QDate>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <utility>

namespace claudette {

class Client;

/**
 * The models offered in the model picker: those the models API lists (`GET /v1/models`, with
 * their display names), cached on disk (`<cache>/models.json`, the API's `data` as it arrived)
 * so the picker is filled at once on the next start; before the first fetch, or when it fails,
 * the current models of the ModelCatalog. refresh() fetches again (the panel's Refresh button;
 * done once when the cache is missing and a key is set).
 */
class ModelListSource : public QObject
{
    Q_OBJECT
public:
    using ModelList = QList<std::pair<QString, QString>>; ///< id, display name

    ModelListSource(Client *client, QString cacheFile, ModelCatalog catalog,
                    QObject *parent = nullptr);
    ~ModelListSource() override;

    ModelList models() const { return m_models; }
    /// True when the list came from the API (now or from the cache).
    bool fromApi() const { return m_fromApi; }
    bool isFetching() const { return m_call != nullptr; }
    /// The last fetch's error, translated; empty after a success.
    QString lastError() const { return m_error; }
    /// The cache file's date, invalid when there is none.
    QDateTime cachedAt() const;

    void refresh();
    /// Fills the list from the cache file (or the catalogue); returns whether the cache was read.
    bool loadCache();

Q_SIGNALS:
    void modelsChanged();
    void fetchFailed(const QString &message);

private:
    void setFromData(const QJsonArray &data);
    void setFromCatalog();

    Client *m_client;
    QString m_cacheFile;
    ModelCatalog m_catalog;
    ModelList m_models;
    QPointer<ApiCall> m_call;
    QString m_error;
    bool m_fromApi = false;
};

} // namespace claudette
