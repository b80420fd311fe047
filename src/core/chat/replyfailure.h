#pragma once

#include "core/api/apierror.h"
#include "core/store/turn.h"

namespace claudette {

/**
 * How a reply that failed is stored: the one mapping from an ApiError to the turn's status and
 * TurnError, used for plain replies (Chat) and every tool-loop step (ConversationSession) alike.
 * - Cancelled (the user stopped it): Stopped, no error;
 * - the connection dropped, a timeout, a broken stream: Interrupted when some content arrived
 *   (it is kept and can be continued), else Error;
 * - anything else (HTTP errors, a mid-stream `error` event): Error.
 */
class ReplyFailure
{
public:
    static TurnStatus status(const ApiError &error, bool hasContent);
    /// The error as the turn keeps it; empty for no error and for Cancelled.
    static TurnError turnError(const ApiError &error);
};

} // namespace claudette
