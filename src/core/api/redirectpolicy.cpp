#include "core/api/redirectpolicy.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("claudette::RedirectPolicy", text);
}

int effectivePort(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.port(scheme == "https"_L1 ? 443 : scheme == "http"_L1 ? 80 : -1);
}

} // namespace

bool RedirectPolicy::isRedirectStatus(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool RedirectPolicy::isSameOrigin(const QUrl &a, const QUrl &b)
{
    return a.isValid() && b.isValid() && !a.host().isEmpty() &&
           a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           effectivePort(a) == effectivePort(b);
}

QString RedirectPolicy::displayUrl(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo);
}

RedirectPolicy::Decision RedirectPolicy::decide(int status, const QByteArray &location,
                                                const QUrl &from, const QUrl &origin, int hopsDone,
                                                const QString &requestId)
{
    Decision d;
    const auto refuse = [&](const QString &why) {
        const QString target =
            d.target.isValid() ? displayUrl(d.target) : QString::fromLatin1(location.left(300));
        QString message =
            target.isEmpty()
                ? tr("HTTP %1 from %2 names no target (no Location header); not followed.")
                      .arg(status)
                      .arg(displayUrl(from))
                : tr("HTTP %1 from %2 redirects to %3; not followed: %4")
                      .arg(status)
                      .arg(displayUrl(from), target, why);
        d.error = ApiError::make(ApiError::Kind::Redirect, message, requestId);
        d.error.httpStatus = status;
        d.follow = false;
        return d;
    };

    const QString text = QString::fromUtf8(location).trimmed();
    if (!text.isEmpty()) {
        const QUrl relative(text, QUrl::StrictMode);
        if (relative.isValid())
            d.target = from.resolved(relative);
    }
    if (text.isEmpty())
        return refuse({});
    if (!d.target.isValid() || d.target.host().isEmpty())
        return refuse(tr("it is not a valid URL."));
    if (!isSameOrigin(d.target, origin))
        return refuse(tr("it is another origin than the base URL %1, and the API key and other "
                         "credentials are sent to the base URL's origin only. If the API has "
                         "moved, set the new address as the base URL.")
                          .arg(displayUrl(origin)));
    if (status != 307 && status != 308)
        return refuse(tr("only 307 and 308 redirects keep the request's method and body; a %1 "
                         "would turn it into a GET without its body.")
                          .arg(status));
    if (hopsDone >= MaxHops)
        return refuse(tr("more than %1 redirects in a row.").arg(MaxHops));
    d.follow = true;
    return d;
}

} // namespace claudette
