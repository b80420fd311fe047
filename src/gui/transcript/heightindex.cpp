#include "gui/transcript/heightindex.h"

#include <algorithm>

namespace claudette {

void HeightIndex::reset(std::vector<int> heights)
{
    m_heights = std::move(heights);
    rebuild();
}

void HeightIndex::rebuild()
{
    const size_t n = m_heights.size();
    m_tree.assign(n + 1, 0);
    m_total = 0;
    for (size_t i = 1; i <= n; ++i) {
        m_tree[i] += m_heights[i - 1];
        m_total += m_heights[i - 1];
        const size_t parent = i + (i & (~i + 1));
        if (parent <= n)
            m_tree[parent] += m_tree[i];
    }
}

void HeightIndex::setHeight(int row, int height)
{
    const auto r = static_cast<size_t>(row);
    const qint64 delta = qint64(height) - m_heights[r];
    if (delta == 0)
        return;
    m_heights[r] = height;
    m_total += delta;
    for (size_t i = r + 1; i < m_tree.size(); i += i & (~i + 1))
        m_tree[i] += delta;
}

qint64 HeightIndex::offsetOf(int row) const
{
    qint64 sum = 0;
    for (auto i = static_cast<size_t>(std::clamp(row, 0, size())); i > 0; i -= i & (~i + 1))
        sum += m_tree[i];
    return sum;
}

int HeightIndex::rowAt(qint64 y) const
{
    const size_t n = m_heights.size();
    if (n == 0)
        return -1;
    size_t pos = 0;
    qint64 rest = y;
    size_t step = 1;
    while (step * 2 <= n)
        step *= 2;
    for (; step > 0; step /= 2) {
        if (pos + step <= n && m_tree[pos + step] <= rest) {
            pos += step;
            rest -= m_tree[pos];
        }
    }
    return static_cast<int>(std::min(pos, n - 1));
}

void HeightIndex::insert(int row, int count, int height)
{
    m_heights.insert(m_heights.begin() + row, static_cast<size_t>(count), height);
    rebuild();
}

void HeightIndex::remove(int row, int count)
{
    m_heights.erase(m_heights.begin() + row, m_heights.begin() + row + count);
    rebuild();
}

} // namespace claudette
