#include "core/usage/pricing.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPricing, "claudette.core.pricing")

// The resources live in the static claudette-core library: register them explicitly, since the
// linker may drop the unreferenced initializer object. Q_INIT_RESOURCE must be used outside any
// namespace.
static void initCoreResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace claudette {

namespace {
bool readPrices(const QJsonObject &o, TokenPrices *p)
{
    const QJsonValue input = o.value(u"input");
    const QJsonValue output = o.value(u"output");
    if (!input.isDouble() || !output.isDouble())
        return false;
    p->input = input.toDouble();
    p->output = output.toDouble();
    // Missing cache prices follow the API's usual ratios.
    p->cacheWrite5m = o.value(u"cache_write_5m").toDouble(p->input * 1.25);
    p->cacheWrite1h = o.value(u"cache_write_1h").toDouble(p->input * 2.0);
    p->cacheRead = o.value(u"cache_read").toDouble(p->input * 0.1);
    return p->input >= 0 && p->output >= 0 && p->cacheWrite5m >= 0 && p->cacheWrite1h >= 0
           && p->cacheRead >= 0;
}

// Same spelling rules as the model catalog: provider prefixes and suffixes dropped.
QString normalized(QString model)
{
    model = model.trimmed().toLower();
    static const QRegularExpression bedrockPrefix(u"^(?:[a-z]{2,6}\\.)?anthropic\\."_s);
    model.remove(bedrockPrefix);
    static const QRegularExpression bedrockSuffix(u"-v\\d+(?::\\d+)?$"_s);
    model.remove(bedrockSuffix);
    model.replace(u'@', u'-');
    return model;
}
} // namespace

Pricing Pricing::builtIn()
{
    static const bool registered = [] {
        initCoreResources();
        return true;
    }();
    Q_UNUSED(registered);
    Pricing pricing;
    QFile file(u":/claudette/pricing.json"_s);
    QString error;
    if (!file.open(QIODevice::ReadOnly) || !pricing.load(file.readAll(), &error))
        qCWarning(lcPricing) << "built-in price table unusable:" << file.errorString() << error;
    return pricing;
}

bool Pricing::parse(const QByteArray &json, Parsed *out, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(tr("The price table is not valid JSON (%1 at offset %2).")
                        .arg(parseError.errorString())
                        .arg(parseError.offset));
    const QJsonObject root = doc.object();
    if (!root.value(u"families").isArray())
        return fail(tr("The price table has no \"families\" array."));
    for (const QJsonValue &v : root.value(u"families").toArray()) {
        const QJsonObject o = v.toObject();
        PriceRow row;
        row.id = o.value(u"id").toString();
        row.name = o.value(u"name").toString(row.id);
        for (const QJsonValue &p : o.value(u"patterns").toArray())
            row.patterns.append(p.toString().toLower());
        if (row.id.isEmpty() || row.patterns.isEmpty())
            return fail(tr("A row of the price table lacks an \"id\" or \"patterns\"."));
        if (!readPrices(o, &row.prices))
            return fail(tr("The price table row \"%1\" has missing or negative prices.")
                            .arg(row.id));
        if (o.value(u"long_context").isObject()) {
            const QJsonObject lc = o.value(u"long_context").toObject();
            row.longContextAbove = lc.value(u"above_input_tokens").toInteger();
            if (row.longContextAbove <= 0 || !readPrices(lc, &row.longContextPrices))
                return fail(tr("The long-context prices of \"%1\" are incomplete.").arg(row.id));
        }
        out->rows.append(row);
    }
    if (root.value(u"web_search_per_1000").isDouble())
        out->webSearchPer1000 = root.value(u"web_search_per_1000").toDouble();
    if (root.value(u"batch_factor").isDouble())
        out->batchFactor = root.value(u"batch_factor").toDouble();
    return true;
}

bool Pricing::load(const QByteArray &json, QString *error)
{
    Parsed parsed;
    if (!parse(json, &parsed, error))
        return false;
    m_rows = parsed.rows;
    m_webSearchPer1000 = parsed.webSearchPer1000.value_or(10.0);
    m_batchFactor = parsed.batchFactor.value_or(0.5);
    compile();
    return true;
}

bool Pricing::merge(const QByteArray &json, QString *error)
{
    Parsed parsed;
    if (!parse(json, &parsed, error))
        return false;
    QList<PriceRow> added;
    for (const PriceRow &row : parsed.rows) {
        bool replaced = false;
        for (PriceRow &existing : m_rows) {
            if (existing.id == row.id) {
                existing = row;
                replaced = true;
            }
        }
        if (!replaced)
            added.append(row);
    }
    m_rows = added + m_rows;
    if (parsed.webSearchPer1000)
        m_webSearchPer1000 = *parsed.webSearchPer1000;
    if (parsed.batchFactor)
        m_batchFactor = *parsed.batchFactor;
    compile();
    return true;
}

bool Pricing::mergeFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("Cannot read the price table \"%1\": %2.").arg(path, file.errorString());
        return false;
    }
    QString why;
    if (!merge(file.readAll(), &why)) {
        if (error)
            *error = tr("The price table \"%1\" was not used: %2").arg(path, why);
        return false;
    }
    return true;
}

void Pricing::compile()
{
    m_compiled.clear();
    for (const PriceRow &row : m_rows) {
        QList<QRegularExpression> res;
        for (const QString &p : row.patterns)
            res.append(QRegularExpression(QRegularExpression::wildcardToRegularExpression(
                p, QRegularExpression::NonPathWildcardConversion)));
        m_compiled.append(res);
    }
}

std::optional<PriceRow> Pricing::find(const QString &model) const
{
    const QString key = normalized(model);
    if (key.isEmpty())
        return std::nullopt;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        for (const QRegularExpression &re : m_compiled.at(i)) {
            if (re.match(key).hasMatch())
                return m_rows.at(i);
        }
    }
    return std::nullopt;
}

} // namespace claudette
