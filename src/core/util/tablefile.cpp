#include "core/util/tablefile.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

// The resources live in the static claudette-core library: register them explicitly, since the
// linker may drop the unreferenced initializer object. Q_INIT_RESOURCE must be used outside any
// namespace.
static void initCoreResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace claudette {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("claudette::TableFile", text);
}
} // namespace

QByteArray TableFile::builtIn(const QString &resourcePath, QString *error)
{
    static const bool registered = [] {
        initCoreResources();
        return true;
    }();
    Q_UNUSED(registered);
    QFile file(resourcePath);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return {};
    }
    return file.readAll();
}

bool TableFile::mergeFile(const QString &path, const QString &what, const Merge &merge,
                          QString *error)
{
    QFile file(path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("%1 \"%2\" cannot be read: %3.").arg(what, path, file.errorString());
        return false;
    }
    QString why;
    if (!merge(file.readAll(), &why)) {
        if (error)
            *error = tr("%1 \"%2\" was not used: %3").arg(what, path, why);
        return false;
    }
    return true;
}

QString normalizedModelId(QString model)
{
    model = model.trimmed().toLower();
    static const QRegularExpression bedrockPrefix(u"^(?:[a-z]{2,6}\\.)?anthropic\\."_s);
    model.remove(bedrockPrefix);
    static const QRegularExpression bedrockSuffix(u"-v\\d+(?::\\d+)?$"_s);
    model.remove(bedrockSuffix);
    model.replace(u'@', u'-');
    return model;
}

} // namespace claudette
