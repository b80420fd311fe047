#include "core/chat/chatjournal.h"

#include "core/api/sseparser.h"
#include "core/chat/chat.h"
#include "core/store/conversationstore.h"

namespace claudette {

ChatJournal::ChatJournal(Chat *chat, ConversationStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    connect(chat, &Chat::replyStarted, this, [this](const QString &turnId) {
        if (m_store)
            m_store->journalReply(turnId);
    });
    connect(chat, &Chat::eventReceived, this, [this](const SseEvent &event) {
        if (m_store && !event.data.isEmpty())
            m_store->journalEvent(event.data);
    });
    connect(chat, &Chat::replyFinished, this, [this] {
        if (m_store)
            m_store->endJournal();
    });
}

} // namespace claudette
