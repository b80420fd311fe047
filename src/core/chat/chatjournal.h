#pragma once

#include <QObject>
#include <QPointer>

namespace claudette {

class Chat;
class ConversationStore;

/**
 * Journals the replies a Chat streams into a stored conversation: each reply's stream events go to
 * the store's journal (flushed at least every 250 ms) from its first event to its end, and the
 * journal goes once the finished reply is saved. After a crash, opening the conversation replays
 * the journal, so nothing older than the last flush is lost. The GUI and claudette-cli both use
 * it. Neither the chat nor the store is owned; the journal stops following a store that is gone.
 */
class ChatJournal : public QObject
{
    Q_OBJECT
public:
    ChatJournal(Chat *chat, ConversationStore *store, QObject *parent = nullptr);

private:
    QPointer<ConversationStore> m_store;
};

} // namespace claudette
