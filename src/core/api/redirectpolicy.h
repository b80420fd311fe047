#pragma once

#include "core/api/apierror.h"

#include <QByteArray>
#include <QUrl>

namespace claudette {

/**
 * Which HTTP redirects an API call follows. Credentials (Credentials::isCredentialHeader) are
 * sent to the base URL's origin only, so a redirect is followed only when it keeps both the
 * origin and the request: a 307 or 308 to the same scheme, host and port, at most MaxHops in a
 * row. Anything else — another origin (an http↔https switch included), a 301/302/303 (which
 * clients turn into a GET without the body), a 3xx without a usable Location, one hop too many —
 * is an ApiError of kind Redirect that names the target, and nothing is sent there.
 *
 * Qt's own redirect handling is off for API calls (ManualRedirectPolicy): ApiCall asks decide()
 * on every 3xx and makes the next request itself.
 */
class RedirectPolicy
{
public:
    static constexpr int MaxHops = 5;

    /// 301, 302, 303, 307 and 308: the statuses whose Location a client would follow.
    static bool isRedirectStatus(int status);
    /// Same scheme, host and port (a missing port is the scheme's default).
    static bool isSameOrigin(const QUrl &a, const QUrl &b);
    /// @p url without user name and password, for messages.
    static QString displayUrl(const QUrl &url);

    struct Decision
    {
        bool follow = false;
        QUrl target;    ///< the resolved Location (when there is one)
        ApiError error; ///< kind Redirect when not followed
    };

    /**
     * What to do with a @p status answer carrying @p location to a request for @p from, when
     * credentials belong to @p origin and @p hopsDone redirects were already followed.
     */
    static Decision decide(int status, const QByteArray &location, const QUrl &from,
                           const QUrl &origin, int hopsDone, const QString &requestId = {});
};

} // namespace claudette
