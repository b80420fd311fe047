#pragma once

#include <QByteArrayView>
#include <QString>

namespace claudette {

/**
 * Media types decided from the bytes (magic numbers), never from a file name: a file called
 * `photo.png` holding JPEG data is sent as image/jpeg.
 */
class MediaSniffer
{
public:
    /// `image/png`, `image/jpeg`, `image/gif` or `image/webp`; empty for anything else.
    static QString imageMediaType(QByteArrayView bytes);
    /// True when the bytes start with `%PDF-`.
    static bool isPdf(QByteArrayView bytes);
    /// True when the bytes are valid UTF-8 (an empty input is valid).
    static bool isValidUtf8(QByteArrayView bytes);
};

} // namespace claudette
