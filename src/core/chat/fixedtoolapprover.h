#pragma once

#include "core/chat/toolapprover.h"

#include <QList>

namespace claudette {

/// Answers every request with the same decision (the CLI's `--yes`, tests). It records the
/// requests it was asked.
class FixedToolApprover : public ToolApprover
{
public:
    explicit FixedToolApprover(Decision decision)
        : m_decision(decision)
    {}
    void requestApproval(const Request &request, std::function<void(Decision)> answer) override
    {
        m_asked.append(request);
        answer(m_decision);
    }
    QList<Request> asked() const { return m_asked; }

private:
    Decision m_decision;
    QList<Request> m_asked;
};

} // namespace claudette
