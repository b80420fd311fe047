#pragma once

#include "gui/composer/attachment.h"

#include <QMainWindow>
#include <QPointer>

class QAbstractItemModel;
class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QSplitter;
class QStackedWidget;

namespace claudette {

class LibraryPane;
class PromptEditor;
class Sidebar;
class StatusIndicators;
class TranscriptEmptyState;
class TranscriptView;

/// The main window. It only lays out and wires the panes (library, transcript, composer, sidebar,
/// status bar) and turns menu commands into signals; the application connects those to the core.
/// Window geometry, splitter sizes and which panes are shown are kept in QSettings group "window".
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    LibraryPane *libraryPane() const { return m_library; }
    TranscriptView *transcriptView() const { return m_transcript; }
    PromptEditor *promptEditor() const { return m_composer; }
    Sidebar *sidebar() const { return m_sidebar; }
    StatusIndicators *statusIndicators() const { return m_status; }

    /// The open conversation's rows (TranscriptRoles); nullptr when none is open. Not owned.
    /// The empty state shows while there is no model or it has no rows.
    void setTranscriptModel(QAbstractItemModel *model);
    /// Shows "Try the offline demo" in the empty state (when no API key is set).
    void setDemoAvailable(bool available);
    /// The title bar names the conversation; empty for an unsaved new one.
    void setConversationTitle(const QString &title);
    /// A line above the transcript (the offline demo's label); hidden when empty.
    void setBanner(const QString &text);
    QString bannerText() const;
    /// Remembers @p path at the top of File > Open Recent.
    void addRecentFile(const QString &path);
    QStringList recentFiles() const;

    /// Puts @p widget (reparented) in the centre column just above the composer.
    void insertAboveComposer(QWidget *widget);

    void saveWindowState() const;
    void restoreWindowState();

Q_SIGNALS:
    void newConversationRequested();
    void openRequested(const QString &path);
    void saveAsRequested(const QString &path);
    void exportRequested(const QString &path);
    void sendRequested(const QString &text, const QList<claudette::Attachment> &attachments);
    void stopRequested();
    void demoRequested();
    /// Edit › Settings… (Ctrl+,).
    void settingsRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createMenus();
    void rebuildRecentMenu();
    void updateCentre();
    void chooseFileToOpen();
    void chooseSaveAs();
    void chooseExport();
    void copyLastReply();
    void showFindBar();
    void findNext(bool backward);

    LibraryPane *m_library;
    TranscriptView *m_transcript;
    TranscriptEmptyState *m_emptyState;
    QStackedWidget *m_centreStack;
    QLabel *m_banner;
    QWidget *m_findBar;
    QLineEdit *m_findEdit;
    PromptEditor *m_composer;
    Sidebar *m_sidebar;
    StatusIndicators *m_status;
    QSplitter *m_splitter;
    QMenu *m_recentMenu = nullptr;
    QAction *m_showLibrary = nullptr;
    QAction *m_showSidebar = nullptr;
    QPointer<QAbstractItemModel> m_model;
    QList<QMetaObject::Connection> m_modelConnections;
};

} // namespace claudette
