#include "core/api/mediasniffer.h"

#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace claudette {

QString MediaSniffer::imageMediaType(QByteArrayView bytes)
{
    if (bytes.startsWith(QByteArrayView("\x89PNG\r\n\x1a\n", 8)))
        return u"image/png"_s;
    if (bytes.startsWith(QByteArrayView("\xFF\xD8\xFF", 3)))
        return u"image/jpeg"_s;
    if (bytes.startsWith("GIF87a") || bytes.startsWith("GIF89a"))
        return u"image/gif"_s;
    if (bytes.size() >= 12 && bytes.startsWith("RIFF") && bytes.sliced(8, 4) == "WEBP")
        return u"image/webp"_s;
    return {};
}

bool MediaSniffer::isPdf(QByteArrayView bytes)
{
    return bytes.startsWith("%PDF-");
}

bool MediaSniffer::isValidUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    Q_UNUSED(text);
    return !decoder.hasError();
}

} // namespace claudette
