#pragma once

#include "core/chat/cacheplanner.h"
#include "core/usage/pricing.h"

#include <QDateTime>
#include <QTimer>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QTableWidget;

namespace claudette {

class Conversation;

/**
 * Sidebar panel "Caching": prompt caching on or off and its lifetime (5 minutes or 1 hour) for
 * the open conversation, and per reply of the current branch the tokens written to and read from
 * the cache, the hit ratio and the money saved against the plain input price (CacheStats). The
 * cache's expiry (last write or read + TTL) counts down once a second.
 *
 * The panel is a view: setCacheSettings() shows the conversation's settings, a change by the
 * user is announced with settingsChanged(); showConversation() recomputes the table.
 */
class CachingPanel : public QWidget
{
    Q_OBJECT
public:
    using Now = std::function<QDateTime()>;

    explicit CachingPanel(QWidget *parent = nullptr);

    void setPricing(const Pricing &pricing) { m_pricing = pricing; }
    /// What "now" is for the countdown (default: the current time).
    void setNow(Now now) { m_now = std::move(now); }

    CacheSettings cacheSettings() const;
    /// When the cache of the last reply expires; invalid when nothing was cached.
    QDateTime expires() const { return m_expires; }
    /// The countdown line as shown.
    QString expiryText() const;
    /// The totals line under the table.
    QString totalsText() const;
    QTableWidget *table() const { return m_table; }

public Q_SLOTS:
    void setCacheSettings(const claudette::CacheSettings &settings);
    /// Rebuilds the table from the assistant turns of @p conversation's current branch
    /// (nullptr: empty).
    void showConversation(const claudette::Conversation *conversation);
    /// Re-evaluates the countdown now.
    void updateExpiry();

Q_SIGNALS:
    void settingsChanged(const claudette::CacheSettings &settings);

private:
    QCheckBox *m_enabled;
    QComboBox *m_ttl;
    QLabel *m_hint;
    QTableWidget *m_table;
    QLabel *m_totals;
    QLabel *m_expiry;
    QTimer m_tick;
    Pricing m_pricing;
    Now m_now;
    QDateTime m_expires;
    bool m_updating = false;
};

} // namespace claudette
