#pragma once

#include "core/chat/tooldefinition.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace claudette {

/**
 * The tool files of one folder (the AppPaths tools folder, `<data>/tools`): each `*.json` file
 * is a ToolDefinition (the format of samples/tools). Files that cannot be read are listed in
 * errors() and left alone. save() writes `<name>.json`; remove() deletes a tool's file.
 */
class ToolLibrary
{
    Q_DECLARE_TR_FUNCTIONS(claudette::ToolLibrary)

public:
    explicit ToolLibrary(QString folder = {});

    QString folder() const { return m_folder; }
    void setFolder(const QString &folder);
    /// Reads the folder again.
    void reload();

    QList<ToolDefinition> tools() const { return m_tools; }
    QStringList names() const;
    /// The tool named @p name, or nullptr.
    const ToolDefinition *find(const QString &name) const;
    /// "file: why" for each file that could not be read.
    QStringList errors() const { return m_errors; }
    /// The JSON of the file @p name was read from (empty when none).
    QJsonObject fileJson(const QString &name) const;

    /// Checks @p json as a tool file and writes it as `<name>.json` (replacing the file of
    /// @p previousName when the tool was renamed). False with @p error on a bad definition, a
    /// name taken by another tool, or a write error.
    bool save(const QJsonObject &json, const QString &previousName = {}, QString *error = nullptr);
    /// Deletes the file of @p name.
    bool remove(const QString &name, QString *error = nullptr);

private:
    QString m_folder;
    QList<ToolDefinition> m_tools;
    QStringList m_errors;
};

} // namespace claudette
