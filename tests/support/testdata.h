#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace claudette::test {

/// Absolute path of a file under tests/data.
QString dataPath(const QString &name);

/// The bytes of a file under tests/data; fails the current test (QFAIL-style message) when missing.
QByteArray readData(const QString &name);

/// Names (relative to tests/data) of the files in @p folder matching @p pattern, sorted.
QStringList dataFiles(const QString &folder, const QString &pattern);

} // namespace claudette::test
