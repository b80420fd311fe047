#pragma once

#include "core/store/turn.h"
#include "core/util/apppaths.h"
#include "gui/composer/attachment.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <memory>

class QLabel;

namespace claudette {

class Chat;
class ComposerDraft;
class ConversationSession;
class Client;
class Conversation;
class DemoPlayer;
class DialogToolApprover;
class McpServers;
class ModelListSource;
class SettingsBinder;
class ToolLibrary;
class Library;
class LibraryListModel;
class MainWindow;
class TranscriptMessageFactory;
class TranscriptModel;

/**
 * Connects the main window to the core: the composer's send and stop, the transcript's message
 * actions (regenerate, retry, edit into a branch, switch branch, links), the library (open, new,
 * save as) and the offline demo, and keeps the status bar's figures (tokens, cost, context meter).
 *
 * Each open conversation is a session: a core ConversationSession (its file, Chat, journal and
 * tool runs; the controller sends only through it and renders its signals) and a TranscriptModel.
 * The window builds no API request and calls no Client method for it. Switching to
 * another conversation while a reply streams leaves that session streaming and saving; the library
 * marks it busy until the reply ends.
 *
 * The client and the window are not owned and must outlive the controller.
 */
class ConversationController : public QObject
{
    Q_OBJECT
public:
    using LinkHandler = std::function<void(const QUrl &)>;
    /// Asked before a prompt is sent (with the chat it goes to, or nullptr for a new
    /// conversation); returning false sends nothing and keeps the prompt.
    using SendGuard = std::function<bool(Chat *, const QJsonArray &content,
                                         const QList<Attachment> &attachments)>;

    ConversationController(MainWindow *window, Client *client, const AppPaths &paths,
                           QObject *parent = nullptr);
    ~ConversationController() override;

    /// The conversation shown now (nullptr when none).
    Conversation *conversation() const;
    TranscriptModel *model() const;
    Chat *chat() const;
    /// The file of the conversation shown (empty for a new one not sent yet, or the demo).
    QString currentPath() const;
    LibraryListModel *libraryModel() const { return m_library; }
    /// The conversations on disk (pins, last use, full-text index) behind libraryModel().
    Library *library() const { return m_libraryStore; }
    TranscriptMessageFactory *factory() const { return m_factory; }
    DemoPlayer *demoPlayer() const { return m_demo; }
    bool isDemoShown() const;
    bool isDemoRunning() const;
    /// The tool files offered in the Tools panel (`<data>/tools`).
    ToolLibrary *toolLibrary() const { return m_toolLibrary.get(); }
    McpServers *mcpServers() const { return m_mcp; }
    DialogToolApprover *toolApprover() const { return m_approver.get(); }
    ModelListSource *modelList() const { return m_modelList; }
    SettingsBinder *settingsBinder() const { return m_binder; }
    /// The chat whose settings the sidebar shows (the new conversation's before its first send).
    Chat *settingsChat() const;
    /// The engine of the conversation shown (nullptr for none, the demo or a read-only file).
    ConversationSession *session() const;
    /// The engine whose settings the sidebar shows: session(), or the new conversation's.
    ConversationSession *settingsSession() const;
    /// "Step 2 of 10" while a tool loop runs, else empty.
    QString stepText() const;
    /// The last error shown to the user (also on the status bar).
    QString lastError() const { return m_lastError; }

    /// What clicking a link does (default: http(s) opens in the browser, anything else asks).
    void setLinkHandler(LinkHandler handler) { m_linkHandler = std::move(handler); }
    void setSendGuard(SendGuard guard) { m_sendGuard = std::move(guard); }
    /// The pace of the demo: bytes per tick and ms per tick (defaults 48 and 30).
    void setDemoPace(int chunkBytes, int intervalMs);

public Q_SLOTS:
    bool openFile(const QString &path);
    void newConversation();
    bool saveAs(const QString &path);
    /// Writes the conversation shown to @p path (atomically) as Markdown, HTML or API JSON, by
    /// the file's suffix (ConversationExporter); a failure is shown with showError().
    bool exportTo(const QString &path);
    bool send(const QString &text, const QList<claudette::Attachment> &attachments = {});
    void stop();
    bool regenerate(const QString &turnId);
    bool retry(const QString &turnId);
    bool editTurn(const QString &turnId, const QString &text);
    bool selectSibling(const QString &turnId, int index);
    bool startDemo();
    void openLink(const QUrl &url);
    void setModelId(const QString &model);

Q_SIGNALS:
    /// A session's reply started or ended (key: its file path, or "demo").
    void busyChanged(const QString &key, bool busy);
    void replyFinished(const QString &key);
    void demoFinished();
    void errorShown(const QString &message);
    /// Another conversation (or none) is shown now.
    void currentChanged();
    /// A reply of any session ended (before replyFinished()).
    void turnFinished(claudette::Chat *chat, const QString &turnId, claudette::TurnStatus status);

private:
    struct Session;

    Session *current() const;
    Session *sessionFor(const QString &key) const;
    Session *createFileSession(const QString &path, bool create);
    void attachChat(Session *session);
    void show(Session *session);
    void showError(const QString &message);
    void updateFigures();
    void updateComposer();
    void setBusy(Session *session, bool busy);
    void bindSettings();
    void playDemoStep();
    void onDemoProgress();
    void onDemoFinished(const QJsonObject &message);
    QString newConversationPath() const;
    /// Closes the session of @p path (not busy) and forgets it; false when it is busy.
    bool closeSession(const QString &path);

    MainWindow *m_window;
    Client *m_client;
    AppPaths m_paths;
    TranscriptMessageFactory *m_factory;
    Library *m_libraryStore;
    LibraryListModel *m_library;
    DemoPlayer *m_demo;
    ComposerDraft *m_draft;
    std::vector<std::unique_ptr<Session>> m_sessions;
    QString m_currentKey;
    QString m_modelId;
    QString m_lastError;
    LinkHandler m_linkHandler;
    SendGuard m_sendGuard;
    int m_demoStep = -1;
    QString m_demoTurn;
    QString m_demoPrefill;
    // Settings and tools (the sidebar's Model, System and Tools panels)
    std::unique_ptr<ToolLibrary> m_toolLibrary;
    std::unique_ptr<DialogToolApprover> m_approver;
    McpServers *m_mcp = nullptr;
    ModelListSource *m_modelList = nullptr;
    SettingsBinder *m_binder = nullptr;
    /// The new conversation's settings before its first send (in memory).
    std::unique_ptr<ConversationSession> m_draftSession;
    QLabel *m_stepLabel = nullptr;
};

} // namespace claudette
