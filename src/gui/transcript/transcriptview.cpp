#include "gui/transcript/transcriptview.h"

#include "gui/transcript/messagewidgetfactory.h"
#include "gui/transcript/transcriptroles.h"

#include <QAbstractItemModel>
#include <QKeyEvent>
#include <QScrollBar>

#include <algorithm>

namespace claudette {

namespace {
constexpr int kMaxPooledPerKind = 8;
constexpr int kBottomTolerance = 4;
constexpr int kMaxLayoutPasses = 4;
} // namespace

TranscriptView::TranscriptView(QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_idRole(TranscriptRoles::MessageIdRole)
    , m_revisionRole(TranscriptRoles::RevisionRole)
    , m_searchRole(TranscriptRoles::SearchTextRole)
{
    setObjectName(QStringLiteral("transcriptView"));
    setAccessibleName(tr("Conversation transcript"));
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewport()->setBackgroundRole(QPalette::Window);
    verticalScrollBar()->setSingleStep(40);
    m_layoutTimer.setSingleShot(true);
    m_layoutTimer.setInterval(0);
    connect(&m_layoutTimer, &QTimer::timeout, this, &TranscriptView::layoutRows);
}

TranscriptView::~TranscriptView()
{
    disconnectModel();
}

void TranscriptView::disconnectModel()
{
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
}

void TranscriptView::setModel(QAbstractItemModel *model)
{
    if (model == m_model)
        return;
    disconnectModel();
    m_model = model;
    if (m_model) {
        auto reset = [this] { resetRows(); };
        m_connections = {
            connect(m_model, &QAbstractItemModel::rowsInserted, this,
                    &TranscriptView::onRowsInserted),
            connect(m_model, &QAbstractItemModel::rowsRemoved, this,
                    &TranscriptView::onRowsRemoved),
            connect(m_model, &QAbstractItemModel::dataChanged, this,
                    &TranscriptView::onDataChanged),
            connect(m_model, &QAbstractItemModel::modelReset, this, reset),
            connect(m_model, &QAbstractItemModel::rowsMoved, this, reset),
            connect(m_model, &QAbstractItemModel::layoutChanged, this, reset),
            connect(m_model, &QObject::destroyed, this, reset),
        };
    }
    m_follow = true;
    resetRows();
}

void TranscriptView::setFactory(std::unique_ptr<MessageWidgetFactory> factory)
{
    while (!m_bound.empty())
        unbind(m_bound.begin()->first);
    for (const auto &widgets : std::as_const(m_pool))
        for (QWidget *widget : widgets)
            widget->deleteLater();
    m_pool.clear();
    m_factory = std::move(factory);
    resetRows();
}

void TranscriptView::setOverscan(int pixels)
{
    m_overscan = std::max(0, pixels);
    scheduleLayout();
}

void TranscriptView::setSpacing(int pixels)
{
    m_spacing = std::max(0, pixels);
    resetRows();
}

void TranscriptView::setContentMargins(int horizontal, int vertical)
{
    m_marginX = std::max(0, horizontal);
    m_marginY = std::max(0, vertical);
    m_measuredWidth = -1;
    scheduleLayout();
}

QWidget *TranscriptView::widgetForRow(int row) const
{
    const auto it = m_bound.find(row);
    return it == m_bound.end() ? nullptr : it->second.widget;
}

QList<int> TranscriptView::materializedRows() const
{
    QList<int> rows;
    rows.reserve(static_cast<qsizetype>(m_bound.size()));
    for (const auto &[row, bound] : m_bound)
        rows.append(row);
    return rows;
}

int TranscriptView::widgetCount() const
{
    int count = static_cast<int>(m_bound.size());
    for (const auto &widgets : m_pool)
        count += static_cast<int>(widgets.size());
    return count;
}

int TranscriptView::rowHeight(int row) const
{
    if (row < 0 || row >= m_heights.size())
        return 0;
    return m_heights.height(row) - m_spacing;
}

bool TranscriptView::isRowMeasured(int row) const
{
    return row >= 0 && row < m_heights.size() && m_measured[static_cast<size_t>(row)] != 0;
}

qint64 TranscriptView::rowOffset(int row) const
{
    return m_marginY + m_heights.offsetOf(row);
}

int TranscriptView::contentWidth() const
{
    return std::max(0, viewport()->width() - 2 * m_marginX);
}

int TranscriptView::viewportHeight() const
{
    return viewport()->height();
}

void TranscriptView::resetRows()
{
    while (!m_bound.empty())
        unbind(m_bound.begin()->first);
    const int rows = (m_model && m_factory) ? m_model->rowCount() : 0;
    const int width = contentWidth();
    const int estimate = m_measuredCount > 0 ? static_cast<int>(m_measuredSum / m_measuredCount)
                         : m_factory        ? m_factory->estimatedHeight(width)
                                            : 0;
    std::vector<int> heights(static_cast<size_t>(rows), estimate + m_spacing);
    m_measured.assign(static_cast<size_t>(rows), 0);
    // Heights measured before (this conversation was open earlier at this width) are exact.
    for (int row = 0; row < rows; ++row) {
        int height = 0;
        if (cachedHeight(row, width, &height))
            heights[static_cast<size_t>(row)] = height + m_spacing;
    }
    m_heights.reset(std::move(heights));
    m_measuredWidth = width;
    m_anchorRow = 0;
    m_anchorDelta = 0;
    m_findRow = -1;
    scheduleLayout();
}

void TranscriptView::scheduleLayout()
{
    if (!m_inLayout)
        m_layoutTimer.start();
}

void TranscriptView::updateLayoutNow()
{
    layoutRows();
}

bool TranscriptView::cachedHeight(int row, int width, int *height) const
{
    if (!m_model || m_heightCache.isEmpty())
        return false;
    const QModelIndex index = m_model->index(row, 0);
    const QString id = index.data(m_idRole).toString();
    if (id.isEmpty())
        return false;
    const auto it = m_heightCache.constFind(CacheKey{id, width});
    if (it == m_heightCache.cend() || it->revision != index.data(m_revisionRole).toLongLong())
        return false;
    *height = it->height;
    return true;
}

void TranscriptView::rememberHeight(int row, int width, int height)
{
    const QModelIndex index = m_model->index(row, 0);
    const QString id = index.data(m_idRole).toString();
    if (id.isEmpty())
        return;
    // One entry per (id, width): an older revision's height is of no further use.
    m_heightCache.insert(CacheKey{id, width},
                         CacheValue{index.data(m_revisionRole).toLongLong(), height});
}

void TranscriptView::bind(int row)
{
    if (m_bound.contains(row))
        return;
    const QModelIndex index = m_model->index(row, 0);
    const int kind = m_factory->widgetKind(index);
    QWidget *widget = nullptr;
    auto pool = m_pool.find(kind);
    if (pool != m_pool.end() && !pool->isEmpty())
        widget = pool->takeLast();
    else
        widget = m_factory->createWidget(kind, viewport());
    m_factory->updateWidget(widget, index, {});
    m_bound.emplace(row, Bound{widget, kind});
}

void TranscriptView::unbind(int row)
{
    const auto it = m_bound.find(row);
    if (it == m_bound.end())
        return;
    const Bound bound = it->second;
    m_bound.erase(it);
    bound.widget->hide();
    if (m_factory)
        m_factory->releaseWidget(bound.widget);
    QList<QWidget *> &pool = m_pool[bound.kind];
    if (pool.size() < kMaxPooledPerKind)
        pool.append(bound.widget);
    else
        bound.widget->deleteLater();
}

int TranscriptView::measure(int row, QWidget *widget, int width)
{
    int height = widget->hasHeightForWidth() ? widget->heightForWidth(width) : -1;
    if (height < 0)
        height = widget->sizeHint().height();
    height = std::max({height, widget->minimumHeight(), 1});
    rememberHeight(row, width, height);
    ++m_measuredCount;
    m_measuredSum += height;
    return height;
}

void TranscriptView::layoutRows()
{
    if (m_inLayout)
        return;
    m_inLayout = true;
    m_layoutTimer.stop();

    const int rows = m_heights.size();
    const int width = contentWidth();
    const int viewHeight = viewportHeight();
    if (!m_model || !m_factory || rows == 0 || width <= 0) {
        while (!m_bound.empty())
            unbind(m_bound.begin()->first);
        m_settingScroll = true;
        verticalScrollBar()->setRange(0, 0);
        m_settingScroll = false;
        m_inLayout = false;
        return;
    }
    if (width != m_measuredWidth) {
        // Heights measured at another width stay as estimates until the rows are shown again.
        std::fill(m_measured.begin(), m_measured.end(), 0);
        m_measuredWidth = width;
    }

    qint64 top = 0;
    int first = 0;
    int last = -1;
    for (int pass = 0; pass < kMaxLayoutPasses; ++pass) {
        const qint64 contentHeight = m_heights.total() + 2 * m_marginY;
        const qint64 maxTop = std::max<qint64>(0, contentHeight - viewHeight);
        top = m_follow ? maxTop
                       : std::clamp<qint64>(rowOffset(m_anchorRow) + m_anchorDelta, 0, maxTop);
        first = m_heights.rowAt(std::max<qint64>(0, top - m_overscan - m_marginY));
        last = first;
        const qint64 bottom = top + viewHeight + m_overscan;
        while (last + 1 < rows && rowOffset(last + 1) < bottom)
            ++last;

        // Free the widgets that left the range first so that the new rows reuse them.
        while (!m_bound.empty() && m_bound.begin()->first < first)
            unbind(m_bound.begin()->first);
        while (!m_bound.empty() && std::prev(m_bound.end())->first > last)
            unbind(std::prev(m_bound.end())->first);

        bool changed = false;
        for (int row = first; row <= last; ++row) {
            bind(row);
            auto &measured = m_measured[static_cast<size_t>(row)];
            if (measured)
                continue;
            const int height = measure(row, m_bound[row].widget, width) + m_spacing;
            measured = 1;
            if (height != m_heights.height(row)) {
                m_heights.setHeight(row, height);
                changed = true;
            }
        }
        if (!changed)
            break;
    }

    const qint64 contentHeight = m_heights.total() + 2 * m_marginY;
    const int maxTop = static_cast<int>(std::max<qint64>(0, contentHeight - viewHeight));
    m_settingScroll = true;
    verticalScrollBar()->setRange(0, maxTop);
    verticalScrollBar()->setPageStep(viewHeight);
    verticalScrollBar()->setValue(static_cast<int>(std::min<qint64>(top, maxTop)));
    m_settingScroll = false;
    top = verticalScrollBar()->value();

    for (const auto &[row, bound] : m_bound) {
        bound.widget->setGeometry(m_marginX, static_cast<int>(rowOffset(row) - top), width,
                                  m_heights.height(row) - m_spacing);
        bound.widget->show();
    }
    updateAnchor();
    m_inLayout = false;
}

void TranscriptView::updateAnchor()
{
    const qint64 top = verticalScrollBar()->value();
    m_anchorRow = std::max(0, m_heights.rowAt(std::max<qint64>(0, top - m_marginY)));
    m_anchorDelta = top - rowOffset(m_anchorRow);
}

void TranscriptView::setFollowing(bool follow)
{
    if (m_follow == follow)
        return;
    m_follow = follow;
    Q_EMIT followingBottomChanged(follow);
}

void TranscriptView::scrollContentsBy(int, int)
{
    // The widgets are placed by layoutRows(); nothing to scroll pixel-wise.
    if (m_settingScroll || m_inLayout)
        return;
    QScrollBar *bar = verticalScrollBar();
    setFollowing(bar->value() >= bar->maximum() - kBottomTolerance);
    updateAnchor();
    layoutRows();
}

void TranscriptView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    layoutRows();
}

bool TranscriptView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::LayoutRequest) {
        // A widget on screen changed its size hint (content set directly, an image loaded).
        for (const auto &[row, bound] : m_bound)
            m_measured[static_cast<size_t>(row)] = 0;
        scheduleLayout();
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void TranscriptView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_End && (event->modifiers() & Qt::ControlModifier)) {
        scrollToBottom();
        return;
    }
    if (event->key() == Qt::Key_Home && (event->modifiers() & Qt::ControlModifier)) {
        scrollToRow(0);
        return;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

void TranscriptView::scrollToBottom()
{
    setFollowing(true);
    layoutRows();
}

void TranscriptView::scrollToRow(int row)
{
    if (row < 0 || row >= m_heights.size())
        return;
    setFollowing(false);
    m_anchorRow = row;
    m_anchorDelta = -std::min(m_marginY, m_spacing);
    layoutRows();
    QScrollBar *bar = verticalScrollBar();
    if (bar->value() >= bar->maximum() - kBottomTolerance)
        setFollowing(true);
}

int TranscriptView::find(const QString &text, bool backward)
{
    const int rows = m_heights.size();
    if (!m_model || text.isEmpty() || rows == 0)
        return -1;
    const int start = m_findRow < 0 ? (backward ? rows : -1) : m_findRow;
    for (int step = 1; step <= rows; ++step) {
        const int row = ((backward ? start - step : start + step) % rows + rows) % rows;
        const QModelIndex index = m_model->index(row, 0);
        QVariant value = index.data(m_searchRole);
        if (!value.isValid())
            value = index.data(Qt::DisplayRole);
        if (!value.toString().contains(text, Qt::CaseInsensitive))
            continue;
        m_findRow = row;
        scrollToRow(row);
        if (QWidget *widget = widgetForRow(row))
            m_factory->highlightText(widget, text);
        return row;
    }
    return -1;
}

void TranscriptView::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid() || !m_factory)
        return;
    const int count = last - first + 1;
    const int estimate = m_measuredCount > 0 ? static_cast<int>(m_measuredSum / m_measuredCount)
                                             : m_factory->estimatedHeight(contentWidth());
    m_heights.insert(first, count, estimate + m_spacing);
    m_measured.insert(m_measured.begin() + first, static_cast<size_t>(count), 0);
    for (int row = first; row <= last; ++row) {
        int height = 0;
        if (cachedHeight(row, m_measuredWidth, &height)) {
            m_heights.setHeight(row, height + m_spacing);
            m_measured[static_cast<size_t>(row)] = 1;
        }
    }
    std::map<int, Bound> shifted;
    for (auto &[row, bound] : m_bound)
        shifted.emplace(row >= first ? row + count : row, bound);
    m_bound.swap(shifted);
    if (m_anchorRow >= first && !(m_anchorRow == first && m_anchorDelta < 0))
        m_anchorRow += count;
    if (m_findRow >= first)
        m_findRow += count;
    scheduleLayout();
}

void TranscriptView::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid() || !m_factory)
        return;
    const int count = last - first + 1;
    for (int row = first; row <= last; ++row)
        unbind(row);
    std::map<int, Bound> shifted;
    for (auto &[row, bound] : m_bound)
        shifted.emplace(row > last ? row - count : row, bound);
    m_bound.swap(shifted);
    m_heights.remove(first, count);
    m_measured.erase(m_measured.begin() + first, m_measured.begin() + last + 1);
    if (m_anchorRow > last) {
        m_anchorRow -= count;
    } else if (m_anchorRow >= first) {
        m_anchorRow = std::clamp(first, 0, std::max(0, m_heights.size() - 1));
        m_anchorDelta = 0;
    }
    m_findRow = -1;
    scheduleLayout();
}

void TranscriptView::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                   const QList<int> &roles)
{
    if (topLeft.parent().isValid() || !m_factory)
        return;
    const int first = std::max(0, topLeft.row());
    const int last = std::min(bottomRight.row(), m_heights.size() - 1);
    for (int row = first; row <= last; ++row)
        m_measured[static_cast<size_t>(row)] = 0;
    bool visibleChanged = false;
    for (auto it = m_bound.lower_bound(first); it != m_bound.end() && it->first <= last; ++it) {
        const QModelIndex index = m_model->index(it->first, 0);
        if (m_factory->widgetKind(index) != it->second.kind) {
            // Same row, different kind of content: take a widget of the right kind.
            const int row = it->first;
            unbind(row);
            bind(row);
            it = m_bound.find(row);
        } else {
            m_factory->updateWidget(it->second.widget, index, roles);
        }
        visibleChanged = true;
    }
    // Keep what is on screen in step with the model at once; off-screen rows wait until shown.
    if (visibleChanged)
        layoutRows();
}

} // namespace claudette
