#include "gui/sidebar/settingsbinder.h"

#include "core/chat/chat.h"
#include "core/session/conversationsession.h"
#include "gui/sidebar/modelpanel.h"
#include "gui/sidebar/systempromptpanel.h"
#include "gui/sidebar/toolspanel.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace claudette {

SettingsBinder::SettingsBinder(ModelPanel *model, SystemPromptPanel *system, ToolsPanel *tools,
                               QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_system(system)
    , m_tools(tools)
{
    connect(m_model, &ModelPanel::settingsEdited, this, &SettingsBinder::applyAll);
    connect(m_tools, &ToolsPanel::settingsEdited, this, &SettingsBinder::applyAll);
    connect(m_system, &SystemPromptPanel::systemPromptEdited, this, [this](const QString &text) {
        if (m_loading || !m_chat)
            return;
        m_chat->setSystemPrompt(text);
        Q_EMIT settingsApplied();
        recheck();
    });
}

void SettingsBinder::setTarget(Chat *chat, ConversationSession *session)
{
    m_chat = chat;
    m_session = session;
    m_loading = true;
    if (chat) {
        m_model->load(*chat);
        m_system->setSystemPrompt(chat->systemPrompt());
        m_tools->load(*chat);
    }
    m_tools->clearStructuredResult();
    m_loading = false;
    recheck();
}

void SettingsBinder::applyAll()
{
    if (m_loading || !m_chat)
        return;
    m_model->apply(*m_chat);
    m_tools->apply(*m_chat);
    Q_EMIT settingsApplied();
    recheck();
}

QString SettingsBinder::problemFor(Chat *chat, ConversationSession *session)
{
    if (!chat)
        return {};
    // A one-line user message stands for the next prompt.
    const QJsonArray probe{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"…"_s}}};
    if (!session)
        return chat->checkRequest(chat->buildRequest(probe, chat->defaultPrefill()));
    QString problem;
    session->buildRequest(probe, &problem);
    return problem;
}

void SettingsBinder::recheck()
{
    QString problem = problemFor(m_chat, m_session);
    if (problem.isEmpty())
        problem = m_tools->schemaProblem();
    m_model->setProblem(problem);
    if (problem != m_problem) {
        m_problem = problem;
        Q_EMIT problemChanged(problem);
    }
}

} // namespace claudette
