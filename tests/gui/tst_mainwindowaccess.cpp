#include "core/api/client.h"
#include "core/api/credentials.h"
#include "core/store/conversation.h"
#include "core/store/conversationfile.h"
#include "gui/composer/prompteditor.h"
#include "gui/controller/conversationcontroller.h"
#include "gui/controller/librarylistmodel.h"
#include "gui/library/librarypane.h"
#include "gui/transcript/blocks/codeblockwidget.h"
#include "gui/transcript/blocks/markdownview.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptview.h"
#include "gui/windows/mainwindow.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QListView>
#include <QMenu>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QtTest/QTest>

using namespace claudette;
using namespace Qt::StringLiterals;

namespace {

/// A conversation with a prompt and a reply that has prose and a code block.
void writeConversation(const QString &path, const QString &title)
{
    Conversation c;
    c.setTitle(title);
    c.appendUserTurn(
        QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, u"Show me some code"_s}}});
    const QString turn = c.beginAssistantTurn(u"claude-sonnet-4-5"_s, {});
    const QString reply = u"Here it is:\n\n```cpp\nint main() { return 42; }\n```\n\nDone."_s;
    c.finishAssistantTurn(turn, TurnStatus::Complete,
                          QJsonObject{{"role"_L1, "assistant"_L1},
                                      {"content"_L1, QJsonArray{QJsonObject{{"type"_L1, "text"_L1},
                                                                            {"text"_L1, reply}}}}});
    QVERIFY(ConversationFile::save(path, c.data()).ok);
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
    p.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    p.setColor(QPalette::Base, QColor(0x18, 0x18, 0x1c));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x2c));
    p.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::Button, QColor(0x2c, 0x2c, 0x32));
    p.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x98));
    return p;
}

/// Drops @p urls onto @p target as a file manager would.
void dropUrls(QWidget *target, const QList<QUrl> &urls)
{
    QMimeData mime;
    mime.setUrls(urls);
    const QPoint pos = target->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    QVERIFY(drop.isAccepted());
}

QString accessibleName(QWidget *widget)
{
    if (!widget->accessibleName().isEmpty())
        return widget->accessibleName();
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(widget);
    return iface ? iface->text(QAccessible::Name) : QString();
}

} // namespace

class TestMainWindowAccess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void dropConversationFileOpensIt();
    void dropOtherFilesGivesClearMessages();
    void recentFilesReopen();
    void openedFileJoinsTheLibrary();
    void everyFocusableWidgetHasANameAndIsReachable();
    void darkPaletteChangesTextAndCodeColours();

private:
    void makeWindow();
    CodeBlockWidget *shownCodeBlock() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Client> m_client;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<ConversationController> m_controller;
    QString m_file;
};

void TestMainWindowAccess::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(u"claudette-test"_s);
    QApplication::setApplicationName(u"claudette-test-access"_s);
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
    QSettings().clear();
}

void TestMainWindowAccess::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_file = m_dir->filePath(u"elsewhere/Shared chat.claudette"_s);
    QVERIFY(QDir().mkpath(m_dir->filePath(u"elsewhere"_s)));
    writeConversation(m_file, u"A shared chat"_s);
    m_client = std::make_unique<Client>(Credentials());
    makeWindow();
}

void TestMainWindowAccess::makeWindow()
{
    m_controller.reset();
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1200, 800);
    m_controller = std::make_unique<ConversationController>(m_window.get(), m_client.get(),
                                                            AppPaths(m_dir->path()));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindowAccess::cleanup()
{
    m_controller.reset();
    m_window.reset();
    m_client.reset();
    m_dir.reset();
    QSettings().clear();
    QApplication::setPalette(QApplication::style()->standardPalette());
}

CodeBlockWidget *TestMainWindowAccess::shownCodeBlock() const
{
    m_window->transcriptView()->updateLayoutNow();
    const QList<CodeBlockWidget *> blocks =
        m_window->transcriptView()->findChildren<CodeBlockWidget *>();
    for (CodeBlockWidget *block : blocks) {
        if (!block->code().isEmpty())
            return block;
    }
    return nullptr;
}

void TestMainWindowAccess::dropConversationFileOpensIt()
{
    dropUrls(m_window.get(), {QUrl::fromLocalFile(m_file)});
    QCOMPARE(m_controller->currentPath(), QFileInfo(m_file).absoluteFilePath());
    QVERIFY(m_window->windowTitle().contains(u"A shared chat"_s));
    QCOMPARE(m_controller->model()->rowCount(), 2);
    // Nothing went to the composer.
    QVERIFY(m_window->promptEditor()->attachments().isEmpty());
    QVERIFY(m_window->promptEditor()->errorText().isEmpty());
}

void TestMainWindowAccess::dropOtherFilesGivesClearMessages()
{
    // A binary file that is no attachment the API takes.
    const QString binary = m_dir->filePath(u"archive.zip"_s);
    QFile file(binary);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray("PK\x03\x04\x00\x00\xff\xfe\x00\x01", 10));
    file.close();
    dropUrls(m_window.get(), {QUrl::fromLocalFile(binary)});
    QVERIFY(m_controller->currentPath().isEmpty());
    QVERIFY(m_window->promptEditor()->attachments().isEmpty());
    const QString error = m_window->promptEditor()->errorText();
    QVERIFY2(error.contains(u"archive.zip"_s), qPrintable(error));

    // A text file is attached instead.
    const QString text = m_dir->filePath(u"notes.txt"_s);
    QFile notes(text);
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("some notes\n");
    notes.close();
    dropUrls(m_window.get(), {QUrl::fromLocalFile(text)});
    QCOMPARE(m_window->promptEditor()->attachments().size(), 1);

    // A web address is not a file on this computer.
    dropUrls(m_window.get(), {QUrl(u"https://example.com/x.claudette"_s)});
    QVERIFY(m_window->statusBar()->currentMessage().contains(u"Only files on this computer"_s));
    QVERIFY(m_controller->currentPath().isEmpty());

    // A .claudette file that is not a conversation: a clear error, nothing opened.
    const QString broken = m_dir->filePath(u"broken.claudette"_s);
    QFile bad(broken);
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("this is not json");
    bad.close();
    QSignalSpy errors(m_controller.get(), &ConversationController::errorShown);
    dropUrls(m_window.get(), {QUrl::fromLocalFile(broken)});
    QCOMPARE(errors.size(), 1);
    QVERIFY(!errors.first().at(0).toString().isEmpty());
    QVERIFY(m_controller->currentPath().isEmpty());
}

void TestMainWindowAccess::recentFilesReopen()
{
    QVERIFY(m_controller->openFile(m_file));
    const QString absolute = QFileInfo(m_file).absoluteFilePath();
    QCOMPARE(m_window->recentFiles().value(0), absolute);
    m_controller->newConversation();
    QVERIFY(m_controller->currentPath().isEmpty());
    auto *recent = m_window->findChild<QMenu *>(u"recentMenu"_s);
    QVERIFY(recent);
    QVERIFY(recent->menuAction()->isVisible());
    QAction *entry = nullptr;
    for (QAction *action : recent->actions()) {
        if (action->toolTip() == absolute)
            entry = action;
    }
    QVERIFY(entry);
    QCOMPARE(entry->text(), u"Shared chat.claudette"_s);
    entry->trigger();
    QCOMPARE(m_controller->currentPath(), absolute);
    // The list survives a restart of the window.
    makeWindow();
    QCOMPARE(m_window->recentFiles().value(0), absolute);
}

void TestMainWindowAccess::openedFileJoinsTheLibrary()
{
    QVERIFY(m_controller->openFile(m_file));
    LibraryListModel *library = m_controller->libraryModel();
    const int row = library->rowOf(QFileInfo(m_file).absoluteFilePath());
    QVERIFY(row >= 0);
    QCOMPARE(library->index(row).data(LibraryListModel::TitleRole).toString(), u"A shared chat"_s);
    // Save As moves it into the new place; the library follows.
    const QString moved = m_dir->filePath(u"moved.claudette"_s);
    QVERIFY(m_controller->saveAs(moved));
    QCOMPARE(m_controller->currentPath(), QFileInfo(moved).absoluteFilePath());
    QVERIFY(!QFile::exists(m_file));
    QVERIFY(library->rowOf(QFileInfo(moved).absoluteFilePath()) >= 0);
    QCOMPARE(library->rowOf(QFileInfo(m_file).absoluteFilePath()), -1);
    QCOMPARE(m_controller->model()->rowCount(), 2);
}

void TestMainWindowAccess::everyFocusableWidgetHasANameAndIsReachable()
{
    // Something in every area: a conversation with a code block, the library with an entry.
    QVERIFY(m_controller->openFile(m_file));
    QTRY_VERIFY(shownCodeBlock());
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QStringList unnamed;
    QList<QWidget *> focusable;
    for (QWidget *widget : m_window->findChildren<QWidget *>()) {
        if (!widget->isVisible() || !widget->isEnabled() ||
            !(widget->focusPolicy() & Qt::TabFocus) || widget->focusProxy())
            continue;
        focusable << widget;
        if (accessibleName(widget).trimmed().isEmpty())
            unnamed << QString::fromLatin1(widget->metaObject()->className()) + u' ' +
                           widget->objectName();
    }
    QVERIFY(focusable.size() > 8);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));

    // Tab visits every one of them (the composer's Tab moves focus instead of typing a tab).
    m_window->promptEditor()->focusEditor();
    QWidget *start = QApplication::focusWidget();
    QVERIFY(start);
    QSet<QWidget *> visited{start};
    for (int i = 0; i < 4 * focusable.size(); ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QWidget *now = QApplication::focusWidget();
        QVERIFY(now);
        visited.insert(now);
    }
    QStringList missed;
    for (QWidget *widget : std::as_const(focusable)) {
        if (!visited.contains(widget))
            missed << QString::fromLatin1(widget->metaObject()->className()) + u' ' +
                          widget->objectName();
    }
    QVERIFY2(missed.isEmpty(), qPrintable(missed.join(u", "_s)));
    // From the library's search box, Tab reaches the library list and the transcript.
    m_window->libraryPane()->focusSearch();
    QSet<QWidget *> fromLibrary{QApplication::focusWidget()};
    for (int i = 0; i < 6; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        fromLibrary.insert(QApplication::focusWidget());
    }
    QVERIFY(fromLibrary.contains(m_window->libraryPane()->listView()));
}

void TestMainWindowAccess::darkPaletteChangesTextAndCodeColours()
{
    QVERIFY(m_controller->openFile(m_file));
    QTRY_VERIFY(shownCodeBlock());
    const QColor lightCode =
        shownCodeBlock()->view()->document()->rootFrame()->frameFormat().background().color();
    MarkdownView *prose = nullptr;
    for (MarkdownView *view : m_window->transcriptView()->findChildren<MarkdownView *>()) {
        if (view->toPlainText().contains(u"Here it is"_s))
            prose = view;
    }
    QVERIFY(prose);
    const QColor lightText = prose->palette().color(QPalette::Text);

    QApplication::setPalette(darkPalette());
    makeWindow();
    QVERIFY(m_controller->openFile(m_file));
    QTRY_VERIFY(shownCodeBlock());
    const QColor darkCode =
        shownCodeBlock()->view()->document()->rootFrame()->frameFormat().background().color();
    prose = nullptr;
    for (MarkdownView *view : m_window->transcriptView()->findChildren<MarkdownView *>()) {
        if (view->toPlainText().contains(u"Here it is"_s))
            prose = view;
    }
    QVERIFY(prose);
    const QColor darkText = prose->palette().color(QPalette::Text);
    QVERIFY2(darkCode.lightness() < lightCode.lightness(),
             qPrintable(darkCode.name() + u" vs "_s + lightCode.name()));
    QVERIFY2(darkText.lightness() > lightText.lightness(),
             qPrintable(darkText.name() + u" vs "_s + lightText.name()));
    // The code's own colours come from a dark theme: its normal text is light.
    QTextCursor cursor(shownCodeBlock()->view()->document());
    QVERIFY(cursor.blockCharFormat().foreground().color().lightness() > 128);
}

QTEST_MAIN(TestMainWindowAccess)
#include "tst_mainwindowaccess.moc"
