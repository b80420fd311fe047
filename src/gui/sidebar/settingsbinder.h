#pragma once

#include <QObject>
#include <QString>

namespace claudette {

class Chat;
class ModelPanel;
class SystemPromptPanel;
class ConversationSession;
class ToolsPanel;

/**
 * Keeps the sidebar's settings panels and one conversation's Chat in step: setTarget() shows
 * the chat's settings; every edit in a panel is written through Chat's setters (so it is saved
 * with the conversation) and the request those settings would make is checked at once
 * (RequestValidator, through the ConversationSession). problemChanged() carries the explanation of
 * a refusal (empty when the request may be sent), shown before anything is sent.
 */
class SettingsBinder : public QObject
{
    Q_OBJECT
public:
    SettingsBinder(ModelPanel *model, SystemPromptPanel *system, ToolsPanel *tools,
                   QObject *parent = nullptr);

    /// @p run may be null (no tools for this chat). Neither is owned; both must outlive the
    /// binding (setTarget(nullptr, nullptr) before they go).
    void setTarget(Chat *chat, ConversationSession *session);
    Chat *chat() const { return m_chat; }
    QString problem() const { return m_problem; }
    /// Checks the request again (after the tool files or MCP servers changed).
    void recheck();

    /// What a request from @p chat (through @p run when it uses tools) would be refused for.
    static QString problemFor(Chat *chat, ConversationSession *session);

Q_SIGNALS:
    void problemChanged(const QString &problem);
    /// A setting was written to the chat.
    void settingsApplied();

private:
    void applyAll();

    ModelPanel *m_model;
    SystemPromptPanel *m_system;
    ToolsPanel *m_tools;
    Chat *m_chat = nullptr;
    ConversationSession *m_session = nullptr;
    QString m_problem;
    bool m_loading = false;
};

} // namespace claudette
