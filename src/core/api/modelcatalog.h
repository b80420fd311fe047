#pragma once

#include "core/api/modelcapabilities.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace claudette {

/**
 * Per-model capabilities loaded from `:/claudette/models.json`, optionally overridden by a
 * user file of the same format (entries with a known id are merged field by field, new ids are
 * added, `defaults` are merged too).
 *
 * Lookups accept ids, aliases, dated snapshots of a listed id (`claude-opus-4-6-20260205`) and
 * provider spellings (`us.anthropic.claude-opus-4-6-v1`, `claude-haiku-4-5@20251001`). A model
 * that is not listed gets the permissive defaults: a lookup never fails.
 */
class ModelCatalog
{
    Q_DECLARE_TR_FUNCTIONS(claudette::ModelCatalog)

public:
    /// An empty catalog: every model gets the built-in permissive defaults.
    ModelCatalog() = default;
    /// The catalog from the application's resource.
    static ModelCatalog builtIn();

    /// Replaces the catalog with @p json. On error returns false, says why in @p error and
    /// leaves the catalog unchanged.
    bool load(const QByteArray &json, QString *error = nullptr);
    /// Merges a user override document over the catalog (see the class comment).
    bool merge(const QByteArray &json, QString *error = nullptr);
    /// Merges the override file at @p path. A missing file is not an error (nothing changes).
    bool mergeFile(const QString &path, QString *error = nullptr);

    /// The capabilities of @p model (never fails; `known` false when not listed).
    ModelCapabilities capabilities(const QString &model) const;
    /// The canonical id for @p model, or an empty string when it is not listed.
    QString resolve(const QString &model) const;
    QList<ModelCapabilities> models() const;
    ModelCapabilities defaults() const;

private:
    bool parse(const QByteArray &json, QJsonObject *doc, QString *error) const;
    void rebuildIndex();

    QJsonObject m_defaults;
    QList<QJsonObject> m_models;
    QHash<QString, qsizetype> m_index; // id and aliases -> index in m_models
};

} // namespace claudette
