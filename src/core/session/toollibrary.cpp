#include "core/session/toollibrary.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace claudette {

ToolLibrary::ToolLibrary(QString folder)
    : m_folder(std::move(folder))
{
    reload();
}

void ToolLibrary::setFolder(const QString &folder)
{
    m_folder = folder;
    reload();
}

void ToolLibrary::reload()
{
    m_tools.clear();
    m_errors.clear();
    if (m_folder.isEmpty())
        return;
    const QDir dir(m_folder);
    const QStringList files = dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        QString error;
        const auto tool = ToolDefinition::load(dir.filePath(file), &error);
        if (!tool) {
            m_errors.append(tr("%1: %2").arg(file, error));
            continue;
        }
        if (find(tool->name)) {
            m_errors.append(
                tr("%1: the name %2 is used by another tool file").arg(file, tool->name));
            continue;
        }
        m_tools.append(*tool);
    }
}

QStringList ToolLibrary::names() const
{
    QStringList list;
    for (const ToolDefinition &tool : m_tools)
        list.append(tool.name);
    return list;
}

const ToolDefinition *ToolLibrary::find(const QString &name) const
{
    for (const ToolDefinition &tool : m_tools)
        if (tool.name == name)
            return &tool;
    return nullptr;
}

QJsonObject ToolLibrary::fileJson(const QString &name) const
{
    const ToolDefinition *tool = find(name);
    if (!tool || tool->sourceFile.isEmpty())
        return {};
    QFile file(tool->sourceFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

bool ToolLibrary::save(const QJsonObject &json, const QString &previousName, QString *error)
{
    QString problem;
    const auto tool = ToolDefinition::fromJson(json, m_folder, &problem);
    if (!tool) {
        if (error)
            *error = problem;
        return false;
    }
    if (tool->name != previousName && find(tool->name)) {
        if (error)
            *error = tr("A tool named %1 exists already.").arg(tool->name);
        return false;
    }
    if (!QDir().mkpath(m_folder)) {
        if (error)
            *error = tr("Cannot create the folder %1.").arg(m_folder);
        return false;
    }
    const QString path = QDir(m_folder).filePath(tool->name + ".json"_L1);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(json).toJson(QJsonDocument::Indented)) < 0 || !file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    if (!previousName.isEmpty() && previousName != tool->name) {
        if (const ToolDefinition *old = find(previousName);
            old && !old->sourceFile.isEmpty() &&
            QFileInfo(old->sourceFile).absoluteFilePath() != QFileInfo(path).absoluteFilePath())
            QFile::remove(old->sourceFile);
    }
    reload();
    return true;
}

bool ToolLibrary::remove(const QString &name, QString *error)
{
    const ToolDefinition *tool = find(name);
    if (!tool || tool->sourceFile.isEmpty()) {
        if (error)
            *error = tr("There is no tool named %1.").arg(name);
        return false;
    }
    QFile file(tool->sourceFile);
    if (!file.remove()) {
        if (error)
            *error = tr("Cannot delete %1: %2").arg(tool->sourceFile, file.errorString());
        return false;
    }
    reload();
    return true;
}

} // namespace claudette
