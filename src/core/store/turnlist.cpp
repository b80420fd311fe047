#include "core/store/turnlist.h"

namespace claudette {

Turn &TurnList::mutableAt(qsizetype i)
{
    // QList::operator[] detaches the list of pointers, QSharedDataPointer::operator-> the turn.
    return m_nodes[i]->turn;
}

void TurnList::append(Turn turn)
{
    m_nodes.append(QSharedDataPointer<Node>(new Node(std::move(turn))));
}

void TurnList::replace(qsizetype i, Turn turn)
{
    m_nodes[i] = QSharedDataPointer<Node>(new Node(std::move(turn)));
}

} // namespace claudette
