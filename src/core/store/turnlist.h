#pragma once

#include "core/store/turn.h"

#include <QList>
#include <QSharedData>
#include <QSharedDataPointer>

#include <iterator>

namespace claudette {

/**
 * The turns of a conversation: a list of implicitly shared turns, copied on write one by one.
 *
 * Copying the list (an autosave snapshot) costs one reference count. The first change after such
 * a copy duplicates the list of pointers (not the turns) and then only the turn being changed:
 * mutableAt() detaches that one turn. Reading never detaches. Safe to copy across threads as the
 * Qt containers are: a snapshot given to a worker thread may be read there while the original
 * goes on changing on its own thread.
 */
class TurnList
{
    struct Node : QSharedData
    {
        explicit Node(Turn t)
            : turn(std::move(t))
        {}
        Turn turn;
    };
    using Nodes = QList<QSharedDataPointer<Node>>;

public:
    /// Iterates the turns as `const Turn &`.
    class const_iterator
    {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = Turn;
        using difference_type = qsizetype;
        using pointer = const Turn *;
        using reference = const Turn &;

        const_iterator() = default;
        reference operator*() const { return (*m_it)->turn; }
        pointer operator->() const { return &(*m_it)->turn; }
        reference operator[](difference_type n) const { return m_it[n]->turn; }
        const_iterator &operator++()
        {
            ++m_it;
            return *this;
        }
        const_iterator operator++(int) { return const_iterator(m_it++); }
        const_iterator &operator--()
        {
            --m_it;
            return *this;
        }
        const_iterator operator--(int) { return const_iterator(m_it--); }
        const_iterator &operator+=(difference_type n)
        {
            m_it += n;
            return *this;
        }
        const_iterator &operator-=(difference_type n)
        {
            m_it -= n;
            return *this;
        }
        friend const_iterator operator+(const_iterator it, difference_type n) { return it += n; }
        friend const_iterator operator+(difference_type n, const_iterator it) { return it += n; }
        friend const_iterator operator-(const_iterator it, difference_type n) { return it -= n; }
        friend difference_type operator-(const const_iterator &a, const const_iterator &b)
        {
            return a.m_it - b.m_it;
        }
        friend bool operator==(const const_iterator &a, const const_iterator &b) = default;
        friend bool operator<(const const_iterator &a, const const_iterator &b)
        {
            return a.m_it < b.m_it;
        }
        friend bool operator>(const const_iterator &a, const const_iterator &b) { return b < a; }
        friend bool operator<=(const const_iterator &a, const const_iterator &b)
        {
            return !(b < a);
        }
        friend bool operator>=(const const_iterator &a, const const_iterator &b)
        {
            return !(a < b);
        }

    private:
        friend class TurnList;
        explicit const_iterator(Nodes::const_iterator it)
            : m_it(it)
        {}
        Nodes::const_iterator m_it;
    };
    using iterator = const_iterator;
    using value_type = Turn;
    using size_type = qsizetype;

    TurnList() = default;

    qsizetype size() const { return m_nodes.size(); }
    bool isEmpty() const { return m_nodes.isEmpty(); }
    void reserve(qsizetype n) { m_nodes.reserve(n); }
    void clear() { m_nodes.clear(); }

    const Turn &at(qsizetype i) const { return m_nodes.at(i)->turn; }
    const Turn &operator[](qsizetype i) const { return at(i); }
    const Turn &first() const { return at(0); }
    const Turn &last() const { return at(size() - 1); }

    /// The turn at @p i for changing it: detaches that turn (and the list of pointers) only.
    Turn &mutableAt(qsizetype i);
    void append(Turn turn);
    void replace(qsizetype i, Turn turn);

    const_iterator begin() const { return const_iterator(m_nodes.cbegin()); }
    const_iterator end() const { return const_iterator(m_nodes.cend()); }
    const_iterator cbegin() const { return begin(); }
    const_iterator cend() const { return end(); }

private:
    Nodes m_nodes;
};

} // namespace claudette
