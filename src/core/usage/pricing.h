#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <optional>

namespace claudette {

/// Prices in USD per million tokens.
struct TokenPrices
{
    double input = 0;
    double output = 0;
    double cacheWrite5m = 0;
    double cacheWrite1h = 0;
    double cacheRead = 0;
};

/// One row of the price table: a model family and the id patterns that select it.
struct PriceRow
{
    QString id;
    QString name;
    QStringList patterns; ///< wildcards: * ? [..]
    TokenPrices prices;
    /// Above this many input tokens (input + cache writes + cache reads) the whole request is
    /// billed at longContextPrices; 0 = no long-context pricing.
    qint64 longContextAbove = 0;
    TokenPrices longContextPrices;
};

/**
 * The price table from `:/claudette/pricing.json`, optionally overridden by a user file of the
 * same format: a row with a known id replaces it, new rows are tried before the built-in ones.
 * A model no row matches has no price: callers show "price unknown".
 */
class Pricing
{
    Q_DECLARE_TR_FUNCTIONS(claudette::Pricing)

public:
    Pricing() = default;
    static Pricing builtIn();

    /// Replaces the table. On error returns false, says why and leaves the table unchanged.
    bool load(const QByteArray &json, QString *error = nullptr);
    bool merge(const QByteArray &json, QString *error = nullptr);
    /// Merges the override file at @p path; a missing file is not an error.
    bool mergeFile(const QString &path, QString *error = nullptr);

    /// The row for @p model, or std::nullopt when no pattern matches.
    std::optional<PriceRow> find(const QString &model) const;
    QList<PriceRow> rows() const { return m_rows; }
    double webSearchPer1000() const { return m_webSearchPer1000; }
    double batchFactor() const { return m_batchFactor; }

private:
    struct Parsed
    {
        QList<PriceRow> rows;
        std::optional<double> webSearchPer1000;
        std::optional<double> batchFactor;
    };
    static bool parse(const QByteArray &json, Parsed *out, QString *error);
    void compile();

    QList<PriceRow> m_rows;
    QList<QList<QRegularExpression>> m_compiled; // per row
    double m_webSearchPer1000 = 10.0;
    double m_batchFactor = 0.5;
};

} // namespace claudette
