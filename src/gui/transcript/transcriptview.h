#pragma once

#include "gui/transcript/heightindex.h"

#include <QAbstractScrollArea>
#include <QHash>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QTimer>

#include <map>
#include <memory>
#include <vector>

class QAbstractItemModel;

namespace claudette {

class MessageWidgetFactory;

/// A scroll area over a list model that keeps real widgets only for the rows on screen (plus a
/// margin of overscan()) and recycles them as the user scrolls. Every other row is known only by
/// its height: measured heights are cached by (id role, revision role, width), unknown ones are
/// estimated and refined when the row is first shown. While the view is at the bottom it follows
/// new content; scrolling up stops that until the user returns to the bottom.
///
/// The model is not owned. The factory is owned and fills widgets from rows (MessageWidgetFactory).
/// Work per model change is proportional to the rows on screen, never to the model's size.
class TranscriptView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit TranscriptView(QWidget *parent = nullptr);
    ~TranscriptView() override;

    void setModel(QAbstractItemModel *model);
    QAbstractItemModel *model() const { return m_model; }
    void setFactory(std::unique_ptr<MessageWidgetFactory> factory);
    MessageWidgetFactory *factory() const { return m_factory.get(); }

    /// Roles that identify a row's content for the height cache (defaults: TranscriptRoles).
    void setIdRole(int role) { m_idRole = role; }
    void setRevisionRole(int role) { m_revisionRole = role; }
    /// The role find() searches (default TranscriptRoles::SearchTextRole, then Qt::DisplayRole).
    void setSearchRole(int role) { m_searchRole = role; }
    /// Pixels above and below the viewport that still get real widgets.
    void setOverscan(int pixels);
    int overscan() const { return m_overscan; }
    /// Vertical space between rows and the margin around them.
    void setSpacing(int pixels);
    void setContentMargins(int horizontal, int vertical);

    /// True while new content keeps the view scrolled to the bottom.
    bool isFollowingBottom() const { return m_follow; }
    /// The widget that shows @p row now, or nullptr when the row is off screen.
    QWidget *widgetForRow(int row) const;
    /// Rows that have a widget now, ascending.
    QList<int> materializedRows() const;
    /// Widgets the view owns: on screen plus pooled for reuse.
    int widgetCount() const;
    /// Height of a row as the view assumes it (measured or estimated), spacing excluded.
    int rowHeight(int row) const;
    bool isRowMeasured(int row) const;
    /// Number of (id, revision, width) heights remembered.
    int cachedHeightCount() const { return static_cast<int>(m_heightCache.size()); }
    /// The y of @p row's top in content coordinates.
    qint64 rowOffset(int row) const;

    /// Lays out the rows on screen now instead of at the next event loop pass.
    void updateLayoutNow();

public Q_SLOTS:
    void scrollToBottom();
    /// Scrolls so that @p row's top is at the top of the viewport.
    void scrollToRow(int row);
    /// Finds the next row (after the current match; before it when @p backward) whose search role
    /// contains @p text, case-insensitively, shows it and asks the factory to select the text.
    /// Returns the row, or -1 when nothing matches.
    int find(const QString &text, bool backward = false);

Q_SIGNALS:
    void followingBottomChanged(bool following);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    struct Bound
    {
        QWidget *widget = nullptr;
        int kind = 0;
    };
    struct CacheKey
    {
        QString id;
        int width = 0;
        friend bool operator==(const CacheKey &, const CacheKey &) = default;
        friend size_t qHash(const CacheKey &key, size_t seed = 0) noexcept
        {
            return qHashMulti(seed, key.id, key.width);
        }
    };
    struct CacheValue
    {
        qint64 revision = 0;
        int height = 0;
    };

    void disconnectModel();
    void resetRows();
    void scheduleLayout();
    void layoutRows();
    int contentWidth() const;
    int viewportHeight() const;
    void bind(int row);
    void unbind(int row);
    int measure(int row, QWidget *widget, int width);
    bool cachedHeight(int row, int width, int *height) const;
    void rememberHeight(int row, int width, int height);
    void setScrollValue(qint64 value);
    void setFollowing(bool follow);
    void updateAnchor();

    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                       const QList<int> &roles);

    QPointer<QAbstractItemModel> m_model;
    std::unique_ptr<MessageWidgetFactory> m_factory;
    QList<QMetaObject::Connection> m_connections;
    int m_idRole;
    int m_revisionRole;
    int m_searchRole;
    int m_overscan = 300;
    int m_spacing = 12;
    int m_marginX = 16;
    int m_marginY = 12;

    HeightIndex m_heights;              // per row: widget height + spacing
    std::vector<unsigned char> m_measured; // per row: measured at m_measuredWidth
    int m_measuredWidth = -1;
    std::map<int, Bound> m_bound;          // row -> widget on screen
    QHash<int, QList<QWidget *>> m_pool;   // kind -> hidden widgets ready for reuse
    QHash<CacheKey, CacheValue> m_heightCache;
    int m_measuredCount = 0;
    qint64 m_measuredSum = 0;

    bool m_follow = true;
    int m_anchorRow = 0;
    qint64 m_anchorDelta = 0;
    bool m_inLayout = false;
    bool m_settingScroll = false;
    int m_findRow = -1;
    QTimer m_layoutTimer;
};

} // namespace claudette
