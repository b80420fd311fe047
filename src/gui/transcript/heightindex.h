#pragma once

#include <QtGlobal>

#include <vector>

namespace claudette {

/// Heights of a list of rows with O(log n) updates, prefix sums and position lookups (a Fenwick
/// tree). TranscriptView keeps one entry per model row, so scrolling a 10,000-message conversation
/// or growing the streaming message never walks all rows.
class HeightIndex
{
public:
    /// Replaces every height. O(n).
    void reset(std::vector<int> heights);
    int size() const { return static_cast<int>(m_heights.size()); }
    int height(int row) const { return m_heights[static_cast<size_t>(row)]; }
    /// O(log n).
    void setHeight(int row, int height);
    /// Sum of the heights of rows [0, row). O(log n); offsetOf(size()) is the total.
    qint64 offsetOf(int row) const;
    qint64 total() const { return m_total; }
    /// The row that covers @p y (clamped to [0, size() - 1]); -1 when empty. O(log n).
    int rowAt(qint64 y) const;
    /// Inserts @p count rows of @p height before @p row. O(n).
    void insert(int row, int count, int height);
    /// Removes rows [row, row + count). O(n).
    void remove(int row, int count);

private:
    void rebuild();

    std::vector<int> m_heights;
    std::vector<qint64> m_tree; // 1-based Fenwick tree over m_heights
    qint64 m_total = 0;
};

} // namespace claudette
