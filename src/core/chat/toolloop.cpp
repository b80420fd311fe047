#include "core/chat/toolloop.h"

#include "core/api/client.h"
#include "core/api/messagestream.h"
#include "core/chat/localtoolrunner.h"
#include "core/chat/mcpclient.h"
#include "core/chat/toolregistry.h"

#include <QJsonArray>
#include <QMetaMethod>

#include <memory>

using namespace Qt::StringLiterals;

namespace claudette {

ToolLoop::ToolLoop(Client *client, ToolRegistry *registry, ToolApprover *approver, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_registry(registry)
    , m_approver(approver)
{}

ToolLoop::~ToolLoop()
{
    ++m_generation;
    clearStream();
}

void ToolLoop::setCache(const CacheSettings &settings, const ModelCapabilities &model)
{
    m_cache = settings;
    m_model = model;
}

bool ToolLoop::run(const QList<ContentBlock> &userContent)
{
    if (m_running)
        return false;
    if (!userContent.isEmpty()) {
        if (!m_history.isEmpty() && m_history.constLast().role() == MessageParam::Role::User) {
            QList<ContentBlock> content = m_history.constLast().content();
            content.append(userContent);
            m_history.last().setContent(content);
        } else {
            m_history.append(MessageParam::user(userContent));
        }
    }
    if (m_history.isEmpty())
        return false;
    m_running = true;
    m_step = 0;
    m_lastError = {};
    ++m_generation;
    sendStep();
    return true;
}

void ToolLoop::sendStep()
{
    ++m_step;
    MessageRequest request = m_base;
    request.setMessages(m_history);
    QList<QJsonObject> tools = m_registry ? m_registry->apiTools() : QList<QJsonObject>{};
    for (const QJsonObject &tool : m_base.tools())
        tools.append(tool);
    request.setTools(tools);
    if (tools.isEmpty())
        request.setToolChoice(std::nullopt);
    m_lastPlan = CachePlanner::apply(request, m_cache, m_model);
    m_lastRequest = request;

    m_partial = {};
    Q_EMIT stepStarted(m_step, m_maxSteps);
    auto *stream = new MessageStream(m_client, request, this);
    m_stream = stream;
    stream->setStreaming(m_streaming);
    // Every raw event is a copy: relayed only when someone listens (the session's journal).
    if (isSignalConnected(QMetaMethod::fromSignal(&ToolLoop::eventReceived)))
        connect(stream, &MessageStream::eventReceived, this, &ToolLoop::eventReceived);
    connect(stream, &MessageStream::blockStarted, this, &ToolLoop::blockStarted);
    connect(stream, &MessageStream::textAppended, this, &ToolLoop::textAppended);
    connect(stream, &MessageStream::thinkingAppended, this, &ToolLoop::thinkingAppended);
    connect(stream, &MessageStream::toolInputAppended, this, &ToolLoop::toolInputAppended);
    connect(stream, &MessageStream::retrying, this, &ToolLoop::retrying);
    connect(stream, &MessageStream::finished, this, [this, stream](const QJsonObject &message) {
        const QString requestId = stream->requestId();
        clearStream();
        onStreamFinished(message, requestId);
    });
    connect(stream, &MessageStream::failed, this,
            [this](const ApiError &error, const QJsonObject &) {
                clearStream();
                onStreamFailed(error);
            });
    stream->start();
}

void ToolLoop::clearStream()
{
    if (MessageStream *stream = m_stream) {
        m_stream = nullptr;
        stream->disconnect(this);
        m_partial = stream->message();
        if (stream->isRunning())
            stream->cancel();
        stream->deleteLater();
    }
}

QJsonObject ToolLoop::currentMessage() const
{
    return m_stream ? m_stream->message() : QJsonObject();
}

void ToolLoop::onStreamFinished(const QJsonObject &message, const QString &requestId)
{
    m_lastMessage = message;
    const QList<ContentBlock> content =
        ContentBlock::listFromJson(message.value(u"content").toArray());
    if (!content.isEmpty())
        m_history.append(MessageParam::assistant(content));
    const quint64 generation = m_generation;
    Q_EMIT stepFinished(m_step, message, requestId);
    if (generation != m_generation || !m_running)
        return; // stopped from a slot

    const QString stopReason = message.value(u"stop_reason").toString();
    if (stopReason == "tool_use"_L1) {
        QList<ContentBlock> uses;
        for (const ContentBlock &block : content)
            if (block.type() == ContentBlock::Type::ToolUse)
                uses.append(block);
        if (uses.isEmpty()) {
            end(Outcome::Completed);
            return;
        }
        if (!m_finalTool.isEmpty()) {
            for (const ContentBlock &use : uses) {
                if (use.toolName() == m_finalTool) {
                    end(Outcome::Completed);
                    return;
                }
            }
        }
        startCalls(uses);
        if (m_step >= m_maxSteps) {
            answerOpenCalls(
                tr("Not run: the tool loop reached its limit of %1 steps.").arg(m_maxSteps));
            end(Outcome::MaxSteps);
            return;
        }
        approveNext();
        return;
    }
    if (stopReason == "pause_turn"_L1) {
        if (m_step >= m_maxSteps) {
            end(Outcome::MaxSteps);
            return;
        }
        sendStep();
        return;
    }
    end(Outcome::Completed);
}

void ToolLoop::onStreamFailed(const ApiError &error)
{
    m_lastError = error;
    end(error.kind == ApiError::Kind::Cancelled ? Outcome::Stopped : Outcome::Failed);
}

void ToolLoop::startCalls(const QList<ContentBlock> &uses)
{
    m_calls.clear();
    m_runners.clear();
    for (const ContentBlock &use : uses)
        m_calls.append(Call{use.toolUseId(), use.toolName(), use.toolInput(), false, {}});
    m_nextApproval = 0;
}

void ToolLoop::approveNext()
{
    // Approvals are asked one at a time (a terminal or a dialog shows one question); each call
    // starts as soon as it is allowed, so allowed calls run concurrently.
    while (m_nextApproval < m_calls.size()) {
        const qsizetype index = m_nextApproval++;
        const Call &call = m_calls.at(index);
        const ToolRegistry::Entry entry =
            m_registry ? m_registry->find(call.name) : ToolRegistry::Entry{};
        if (entry.kind == ToolRegistry::Kind::None) {
            complete(index, ToolOutput::error(tr("There is no tool named %1.").arg(call.name)));
            continue;
        }
        if (m_alwaysAllowed.contains(call.name) || !m_approver) {
            execute(index);
            continue;
        }
        ToolApprover::Request request{
            call.id, call.name,
            entry.kind == ToolRegistry::Kind::Local ? u"local"_s : u"mcp:"_s + entry.mcp->name(),
            call.input};
        const quint64 generation = m_generation;
        // 0: asking, 1: answered before requestApproval() returned, 2: answer will come later.
        auto state = std::make_shared<int>(0);
        QPointer<ToolLoop> self(this);
        m_approver->requestApproval(request, [self, generation, index,
                                              state](ToolApprover::Decision decision) {
            if (!self || self->m_generation != generation || index >= self->m_calls.size())
                return;
            const Call &c = self->m_calls.at(index);
            if (decision == ToolApprover::Decision::Deny) {
                self->complete(
                    index, ToolOutput::error(
                               tr("The user denied permission to run the tool %1.").arg(c.name)));
            } else {
                if (decision == ToolApprover::Decision::AlwaysAllow)
                    self->m_alwaysAllowed.insert(c.name);
                self->execute(index);
            }
            if (*state == 0)
                *state = 1;
            else if (self && self->m_generation == generation)
                self->approveNext();
        });
        if (*state == 0) {
            *state = 2;
            return; // approveNext() continues from the answer
        }
        if (m_generation != generation)
            return;
    }
}

void ToolLoop::execute(qsizetype index)
{
    const Call call = m_calls.at(index);
    const ToolRegistry::Entry entry = m_registry->find(call.name);
    Q_EMIT toolCallStarted(call.id, call.name, call.input);
    const quint64 generation = m_generation;
    if (entry.kind == ToolRegistry::Kind::Local) {
        auto runner = std::make_unique<LocalToolRunner>();
        connect(runner.get(), &LocalToolRunner::finished, this,
                [this, index, generation](const ToolOutput &output) {
                    if (generation == m_generation)
                        complete(index, output);
                });
        runner->run(entry.local, call.input);
        m_runners.push_back(std::move(runner));
    } else if (entry.kind == ToolRegistry::Kind::Mcp) {
        QPointer<ToolLoop> self(this);
        entry.mcp->callTool(call.name, call.input,
                            [self, index, generation](const ToolOutput &output) {
                                if (self && self->m_generation == generation)
                                    self->complete(index, output);
                            });
    }
}

void ToolLoop::complete(qsizetype index, const ToolOutput &output)
{
    if (index >= m_calls.size() || m_calls.at(index).done)
        return;
    Call &call = m_calls[index];
    call.done = true;
    call.output = output;
    Q_EMIT toolCallFinished(call.id, call.name, output);
    if (!m_running)
        return;
    const bool allDone =
        std::all_of(m_calls.cbegin(), m_calls.cend(), [](const Call &c) { return c.done; });
    if (!allDone || m_nextApproval < m_calls.size())
        return;
    QList<ContentBlock> results;
    for (const Call &c : std::as_const(m_calls))
        results.append(c.output.toResultBlock(c.id));
    m_history.append(MessageParam::user(results));
    m_calls.clear();
    // Runners are deleted later: this may run inside one's finished() signal.
    for (auto &runner : m_runners)
        runner.release()->deleteLater();
    m_runners.clear();
    sendStep();
}

void ToolLoop::answerOpenCalls(const QString &message)
{
    if (m_calls.isEmpty())
        return;
    QList<ContentBlock> results;
    for (const Call &c : std::as_const(m_calls))
        results.append(c.done ? c.output.toResultBlock(c.id)
                              : ToolOutput::error(message).toResultBlock(c.id));
    m_history.append(MessageParam::user(results));
    m_calls.clear();
}

void ToolLoop::stop()
{
    if (!m_running)
        return;
    ++m_generation;
    clearStream();
    for (auto &runner : m_runners)
        runner->cancel();
    m_runners.clear();
    m_nextApproval = m_calls.size();
    answerOpenCalls(tr("Not run: the user stopped the tool loop."));
    m_lastError = ApiError::make(ApiError::Kind::Cancelled, tr("stopped"));
    end(Outcome::Stopped);
}

void ToolLoop::end(Outcome outcome)
{
    if (!m_running)
        return;
    m_running = false;
    ++m_generation;
    Q_EMIT finished(outcome);
}

} // namespace claudette
