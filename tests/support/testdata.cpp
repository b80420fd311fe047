#include "support/testdata.h"

#include <QDir>
#include <QFile>
#include <QtTest/QTest>

#ifndef CLAUDETTE_TEST_DATA_DIR
#define CLAUDETTE_TEST_DATA_DIR ""
#endif

namespace claudette::test {

QString dataPath(const QString &name)
{
    return QStringLiteral(CLAUDETTE_TEST_DATA_DIR "/") + name;
}

QByteArray readData(const QString &name)
{
    QFile file(dataPath(name));
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot read test data %s: %s", qPrintable(file.fileName()),
                 qPrintable(file.errorString()));
        return {};
    }
    return file.readAll();
}

QStringList dataFiles(const QString &folder, const QString &pattern)
{
    QDir dir(dataPath(folder));
    QStringList names = dir.entryList({pattern}, QDir::Files, QDir::Name);
    for (QString &name : names)
        name = folder + u'/' + name;
    return names;
}

} // namespace claudette::test
