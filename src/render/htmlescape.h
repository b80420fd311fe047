#pragma once

#include <QString>
#include <QStringView>

namespace claudette {

/// Appends @p text to @p out with &, <, >, " and ' escaped and NUL replaced by U+FFFD, safe in
/// element content and in quoted attribute values.
void appendEscaped(QString &out, QStringView text);

/// @p text escaped as by appendEscaped().
QString htmlEscaped(QStringView text);

} // namespace claudette
