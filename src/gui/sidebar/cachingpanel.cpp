#include "gui/sidebar/cachingpanel.h"

#include "core/store/conversation.h"
#include "core/usage/cachestats.h"
#include "core/usage/cost.h"
#include "core/usage/usage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {
enum Column
{
    ReplyColumn,
    WrittenColumn,
    ReadColumn,
    HitColumn,
    SavedColumn,
    ColumnCount
};

// "−$0.0036" rather than "$-0.0036".
QString signedUsd(double usd)
{
    return usd < 0 ? QString(QChar(0x2212) + Cost::formatUsd(-usd)) : Cost::formatUsd(usd);
}

QTableWidgetItem *numberItem(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}
} // namespace

CachingPanel::CachingPanel(QWidget *parent)
    : QWidget(parent)
    , m_enabled(new QCheckBox(tr("Cache the prompt"), this))
    , m_ttl(new QComboBox(this))
    , m_hint(new QLabel(this))
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_totals(new QLabel(this))
    , m_expiry(new QLabel(this))
    , m_pricing(Pricing::builtIn())
    , m_now([] { return QDateTime::currentDateTime(); })
{
    setObjectName(u"cachingPanel"_s);
    m_enabled->setObjectName(u"cacheEnabled"_s);
    m_enabled->setAccessibleName(tr("Cache the prompt"));
    m_enabled->setToolTip(tr("Mark the tools, the system prompt and the latest turns as cacheable "
                             "(up to 4 breakpoints), where the prompt reaches the model's "
                             "minimum cacheable length"));
    m_ttl->setObjectName(u"cacheTtl"_s);
    m_ttl->setAccessibleName(tr("Cache lifetime"));
    m_ttl->addItem(tr("5 minutes"), u"5m"_s);
    m_ttl->addItem(tr("1 hour"), u"1h"_s);
    m_hint->setObjectName(u"cacheHint"_s);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_hint->setText(tr("Writes cost 1.25× the input price (2× for 1 hour); reads cost 0.1×."));

    m_table->setObjectName(u"cacheTable"_s);
    m_table->setAccessibleName(tr("Cache use per reply"));
    m_table->setHorizontalHeaderLabels(
        {tr("Reply"), tr("Written"), tr("Read"), tr("Hit"), tr("Saved")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);

    m_totals->setObjectName(u"cacheTotals"_s);
    m_totals->setWordWrap(true);
    m_totals->setAccessibleName(tr("Cache totals"));
    m_expiry->setObjectName(u"cacheExpiry"_s);
    m_expiry->setWordWrap(true);
    m_expiry->setAccessibleName(tr("Cache expiry"));

    auto *form = new QFormLayout;
    form->addRow(m_enabled);
    form->addRow(tr("&Lifetime:"), m_ttl);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_totals);
    layout->addWidget(m_expiry);

    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &CachingPanel::updateExpiry);
    const auto announce = [this] {
        m_ttl->setEnabled(m_enabled->isChecked());
        if (!m_updating)
            Q_EMIT settingsChanged(cacheSettings());
    };
    connect(m_enabled, &QCheckBox::toggled, this, announce);
    connect(m_ttl, &QComboBox::currentIndexChanged, this, announce);
    m_ttl->setEnabled(false);
    showConversation(nullptr);
}

CacheSettings CachingPanel::cacheSettings() const
{
    CacheSettings s;
    s.enabled = m_enabled->isChecked();
    s.ttl = m_ttl->currentData().toString() == "1h"_L1 ? CacheTtl::OneHour : CacheTtl::FiveMinutes;
    return s;
}

void CachingPanel::setCacheSettings(const CacheSettings &settings)
{
    m_updating = true;
    m_enabled->setChecked(settings.enabled);
    m_ttl->setCurrentIndex(settings.ttl == CacheTtl::OneHour ? 1 : 0);
    m_ttl->setEnabled(settings.enabled);
    m_updating = false;
}

void CachingPanel::showConversation(const Conversation *conversation)
{
    m_table->setRowCount(0);
    m_expires = QDateTime();
    qint64 written = 0;
    qint64 read = 0;
    qint64 input = 0;
    double saved = 0;
    bool priceKnown = true;
    int replies = 0;
    const QLocale locale;
    if (conversation) {
        for (const QString &id : conversation->currentBranch()) {
            const Turn turn = conversation->turn(id);
            if (!turn.isAssistant())
                continue;
            ++replies;
            if (turn.usage.isEmpty())
                continue;
            const Usage usage = Usage::fromJson(turn.usage);
            // The TTL of the reply is the one its writes used; reads extend whichever lives.
            const CacheTtl ttl =
                usage.cacheCreation1hTokens > 0 ? CacheTtl::OneHour : CacheTtl::FiveMinutes;
            const QDateTime at = turn.finished.isValid() ? turn.finished : turn.created;
            const CacheStats stats = CacheStats::compute(usage, turn.model, m_pricing, ttl, at);
            const int row = m_table->rowCount();
            m_table->insertRow(row);
            auto *reply = numberItem(QString::number(replies));
            reply->setToolTip(turn.model);
            m_table->setItem(row, ReplyColumn, reply);
            m_table->setItem(row, WrittenColumn, numberItem(locale.toString(stats.written)));
            m_table->setItem(row, ReadColumn, numberItem(locale.toString(stats.read)));
            m_table->setItem(
                row, HitColumn,
                numberItem(stats.totalInput > 0
                               ? QString(locale.toString(stats.hitRatio * 100, 'f', 0) + u'%')
                               : u"–"_s));
            m_table->setItem(row, SavedColumn,
                             numberItem(stats.priceKnown ? signedUsd(stats.netSavedUsd())
                                                         : tr("price unknown")));
            written += stats.written;
            read += stats.read;
            input += stats.totalInput;
            if (stats.priceKnown)
                saved += stats.netSavedUsd();
            else if (stats.written + stats.read > 0)
                priceKnown = false;
            if (stats.expires.isValid() && (!m_expires.isValid() || stats.expires > m_expires))
                m_expires = stats.expires;
        }
    }
    if (input == 0) {
        m_totals->setText(tr("No reply used the cache yet."));
    } else {
        m_totals->setText(tr("Written %1 · read %2 tokens · hit ratio %3% · saved %4")
                              .arg(locale.toString(written), locale.toString(read),
                                   locale.toString(double(read) * 100 / double(input), 'f', 0),
                                   priceKnown ? signedUsd(saved) : tr("price unknown")));
    }
    updateExpiry();
}

void CachingPanel::updateExpiry()
{
    const QDateTime now = m_now();
    if (!m_expires.isValid()) {
        m_expiry->setText(tr("Nothing is cached."));
        m_tick.stop();
        return;
    }
    const qint64 left = now.secsTo(m_expires);
    const QString at = QLocale().toString(m_expires.time(), QLocale::ShortFormat);
    if (left <= 0) {
        m_expiry->setText(tr("The cache expired at %1.").arg(at));
        m_tick.stop();
        return;
    }
    const QString countdown =
        left >= 3600 ? u"%1:%2:%3"_s.arg(left / 3600)
                           .arg((left % 3600) / 60, 2, 10, QLatin1Char('0'))
                           .arg(left % 60, 2, 10, QLatin1Char('0'))
                     : u"%1:%2"_s.arg(left / 60).arg(left % 60, 2, 10, QLatin1Char('0'));
    m_expiry->setText(tr("The cache expires in %1 (at %2).").arg(countdown, at));
    if (!m_tick.isActive())
        m_tick.start();
}

QString CachingPanel::expiryText() const
{
    return m_expiry->text();
}

QString CachingPanel::totalsText() const
{
    return m_totals->text();
}

} // namespace claudette
