#include "core/usage/pricing.h"

#include "core/util/tablefile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPricing, "claudette.core.pricing")

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
    return p->input >= 0 && p->output >= 0 && p->cacheWrite5m >= 0 && p->cacheWrite1h >= 0 &&
           p->cacheRead >= 0;
}
} // namespace

Pricing Pricing::builtIn()
{
    Pricing pricing;
    QString error;
    const QByteArray json = TableFile::builtIn(u":/claudette/pricing.json"_s, &error);
    if (json.isEmpty() || !pricing.load(json, &error))
        qCWarning(lcPricing) << "built-in price table unusable:" << error;
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
            return fail(
                tr("The price table row \"%1\" has missing or negative prices.").arg(row.id));
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
    return TableFile::mergeFile(
        path, tr("The price table"),
        [this](const QByteArray &json, QString *why) { return merge(json, why); }, error);
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
    const QString key = normalizedModelId(model);
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
