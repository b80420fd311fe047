// Feeds arbitrary bytes to the .claudette reader. Whatever it accepts must survive a
// serialise/parse round trip, build a Conversation and give messages for the API; whatever it
// refuses must come with an error message. No input may crash, hang or leak.
#include "core/store/conversation.h"
#include "core/store/conversationfile.h"

#include <QCoreApplication>

#include <cstdint>
#include <cstdlib>

using namespace claudette;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const ConversationFile::LoadResult r = ConversationFile::parse(bytes, QStringLiteral("fuzz"));
    if (!r.ok()) {
        if (r.errorString.isEmpty() || r.error == ConversationFile::Error::None)
            std::abort();
        return 0;
    }
    Conversation c(*r.data);
    (void)c.messagesForApi();
    for (const QString &id : c.currentBranch()) {
        (void)c.siblingCount(id);
        (void)c.siblingIndex(id);
    }
    const QByteArray again = ConversationFile::serialize(c.data());
    const ConversationFile::LoadResult r2 = ConversationFile::parse(again, QStringLiteral("fuzz"));
    if (!r2.ok() || r2.data->turns.size() != r.data->turns.size())
        std::abort();
    return 0;
}
