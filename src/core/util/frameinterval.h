#pragma once

namespace claudette {

/// How often a streaming reply's content is written to its Conversation and shown (one frame at
/// 60 Hz): the coalescing interval of Chat, ConversationSession's tool steps, ConversationStore
/// and the transcript model, so the work per delta stays O(delta) on every path.
inline constexpr int kFrameIntervalMs = 16;

} // namespace claudette
