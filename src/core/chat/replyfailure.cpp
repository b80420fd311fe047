#include "core/chat/replyfailure.h"

namespace claudette {

TurnStatus ReplyFailure::status(const ApiError &error, bool hasContent)
{
    switch (error.kind) {
    case ApiError::Kind::None:
        return TurnStatus::Complete;
    case ApiError::Kind::Cancelled:
        return TurnStatus::Stopped;
    case ApiError::Kind::Connection:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::IdleTimeout:
    case ApiError::Kind::Deadline:
    case ApiError::Kind::Protocol:
        return hasContent ? TurnStatus::Interrupted : TurnStatus::Error;
    default:
        return TurnStatus::Error;
    }
}

TurnError ReplyFailure::turnError(const ApiError &error)
{
    TurnError e;
    if (error.kind == ApiError::Kind::None || error.kind == ApiError::Kind::Cancelled)
        return e;
    e.kind = ApiError::kindName(error.kind);
    e.type = error.type;
    e.message = error.message;
    e.httpStatus = error.httpStatus;
    e.requestId = error.requestId;
    return e;
}

} // namespace claudette
