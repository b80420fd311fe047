#include "gui/dialogs/appsettings.h"

#include "core/api/client.h"
#include "core/api/credentials.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace claudette {

AppSettings AppSettings::load(const QString &path)
{
    QSettings settings(path, QSettings::IniFormat);
    AppSettings s;
    if (const auto url = Credentials::parseBaseUrl(settings.value(u"api/baseUrl"_s).toString()))
        s.baseUrl = *url;
    bool ok = false;
    const int retries = settings.value(u"api/maxRetries"_s).toInt(&ok);
    if (ok && retries >= 0 && retries <= 10)
        s.maxRetries = retries;
    const int timeout = settings.value(u"api/requestTimeoutSeconds"_s).toInt(&ok);
    if (ok && timeout >= 5 && timeout <= 3600)
        s.requestTimeoutSeconds = timeout;
    const int idle = settings.value(u"api/idleTimeoutSeconds"_s).toInt(&ok);
    if (ok && idle >= 0 && idle <= 3600)
        s.idleTimeoutSeconds = idle;
    const double threshold = settings.value(u"cost/confirmAboveUsd"_s).toDouble(&ok);
    if (ok && threshold >= 0)
        s.costConfirmAboveUsd = threshold;
    s.defaultModel = settings.value(u"chat/defaultModel"_s).toString().trimmed();
    return s;
}

bool AppSettings::save(const QString &path) const
{
    QSettings settings(path, QSettings::IniFormat);
    if (baseUrl.isEmpty())
        settings.remove(u"api/baseUrl"_s);
    else
        settings.setValue(u"api/baseUrl"_s, baseUrl.toString());
    settings.setValue(u"api/maxRetries"_s, maxRetries);
    settings.setValue(u"api/requestTimeoutSeconds"_s, requestTimeoutSeconds);
    settings.setValue(u"api/idleTimeoutSeconds"_s, idleTimeoutSeconds);
    settings.setValue(u"cost/confirmAboveUsd"_s, costConfirmAboveUsd);
    if (defaultModel.isEmpty())
        settings.remove(u"chat/defaultModel"_s);
    else
        settings.setValue(u"chat/defaultModel"_s, defaultModel);
    settings.sync();
    return settings.status() == QSettings::NoError;
}

void AppSettings::applyTo(Client *client, bool keepBaseUrl) const
{
    if (!baseUrl.isEmpty() && !keepBaseUrl)
        client->setBaseUrl(baseUrl);
    client->setMaxRetries(maxRetries);
    client->setRequestTimeoutMs(qint64(requestTimeoutSeconds) * 1000);
    client->setIdleTimeoutMs(qint64(idleTimeoutSeconds) * 1000);
}

} // namespace claudette
