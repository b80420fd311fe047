#include "render/htmlescape.h"

using namespace Qt::StringLiterals;

namespace claudette {

void appendEscaped(QString &out, QStringView text)
{
    qsizetype plain = 0; // start of the run not yet copied
    for (qsizetype i = 0; i < text.size(); ++i) {
        QStringView replacement;
        switch (text[i].unicode()) {
        case u'&':
            replacement = u"&amp;";
            break;
        case u'<':
            replacement = u"&lt;";
            break;
        case u'>':
            replacement = u"&gt;";
            break;
        case u'"':
            replacement = u"&quot;";
            break;
        case u'\'':
            replacement = u"&#39;";
            break;
        case 0:
            replacement = u"\uFFFD";
            break;
        default:
            continue;
        }
        out += text.sliced(plain, i - plain);
        out += replacement;
        plain = i + 1;
    }
    out += text.sliced(plain);
}

QString htmlEscaped(QStringView text)
{
    QString out;
    out.reserve(text.size() + text.size() / 8);
    appendEscaped(out, text);
    return out;
}

} // namespace claudette
