#include "gui/composer/prompteditor.h"
#include "gui/composer/prompttextedit.h"
#include "gui/library/librarypane.h"
#include "gui/sidebar/modelpanel.h"
#include "gui/sidebar/sidebar.h"
#include "gui/transcript/messagewidget.h"
#include "gui/transcript/transcriptroles.h"
#include "gui/transcript/transcriptview.h"
#include "gui/windows/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QtTest/QTest>

using namespace claudette;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("claudette-test"));
        QApplication::setApplicationName(QStringLiteral("claudette-test"));
        QSettings().clear();
    }

    void everyAreaExistsAndEmptyStatesShow()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (const char *name :
             {"libraryPane", "librarySearch", "libraryList", "transcriptView", "promptEditor",
              "promptTextEdit", "sendButton", "attachButton", "tokenEstimate", "sidebar",
              "modelPanel", "statusIndicators", "contextMeter", "mainSplitter"}) {
            QWidget *widget = window.findChild<QWidget *>(QString::fromLatin1(name));
            QVERIFY2(widget, name);
        }
        auto *libraryEmpty = window.findChild<QWidget *>(QStringLiteral("libraryEmptyState"));
        QVERIFY(libraryEmpty && libraryEmpty->isVisible());
        auto *empty = window.findChild<QWidget *>(QStringLiteral("transcriptEmptyState"));
        QVERIFY(empty && empty->isVisible());
        auto *demo = window.findChild<QPushButton *>(QStringLiteral("emptyStateDemoButton"));
        QVERIFY(demo && !demo->isVisible());
        window.setDemoAvailable(true);
        QVERIFY(demo->isVisible());
        QSignalSpy demoSpy(&window, &MainWindow::demoRequested);
        demo->click();
        QCOMPARE(demoSpy.count(), 1);
        QVERIFY(window.findChild<QProgressBar *>(QStringLiteral("contextMeter"))
                    ->toolTip()
                    .contains(QStringLiteral("Context window")));
    }

    void transcriptReplacesTheEmptyState()
    {
        MainWindow window;
        window.show();
        QStandardItemModel model;
        window.setTranscriptModel(&model);
        auto *empty = window.findChild<QWidget *>(QStringLiteral("transcriptEmptyState"));
        QVERIFY(empty->isVisible());
        auto *item = new QStandardItem;
        item->setData(QStringLiteral("m1"), TranscriptRoles::MessageIdRole);
        item->setData(int(MessageWidget::Author::Assistant), TranscriptRoles::AuthorRole);
        item->setData(QStringLiteral("<p>Hello <b>there</b></p>"), TranscriptRoles::HtmlRole);
        item->setData(QStringLiteral("Hello **there**"), TranscriptRoles::MarkdownRole);
        model.appendRow(item);
        QVERIFY(!empty->isVisible());
        QVERIFY(window.transcriptView()->isVisible());
        QTRY_VERIFY(window.transcriptView()->widgetForRow(0));
        auto *message = qobject_cast<MessageWidget *>(window.transcriptView()->widgetForRow(0));
        QVERIFY(message);
        QCOMPARE(message->plainText(), QStringLiteral("Hello there"));

        // Edit > Copy Last Reply copies its markdown.
        QAction *copy = nullptr;
        for (QAction *action : window.findChildren<QAction *>())
            if (action->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C))
                copy = action;
        QVERIFY(copy);
        copy->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("Hello **there**"));
        window.setTranscriptModel(nullptr);
        QVERIFY(empty->isVisible());
    }

    void menusHaveNoDeadEntries()
    {
        MainWindow window;
        const QList<QAction *> menus = window.menuBar()->actions();
        QCOMPARE(menus.size(), 4);
        int checked = 0;
        std::function<void(QMenu *)> walk = [&](QMenu *menu) {
            for (QAction *action : menu->actions()) {
                if (action->isSeparator() || !action->isVisible())
                    continue;
                QVERIFY2(action->isEnabled(), qPrintable(action->text()));
                QVERIFY(!action->text().contains(QStringLiteral("soon"), Qt::CaseInsensitive));
                ++checked;
                if (action->menu())
                    walk(action->menu());
            }
        };
        for (QAction *menu : menus)
            walk(menu->menu());
        QVERIFY(checked >= 15);
        // Open Recent shows only once there is something to open.
        auto *recent = window.findChild<QMenu *>(QStringLiteral("recentMenu"));
        QVERIFY(!recent->menuAction()->isVisible());
        window.addRecentFile(QStringLiteral("/tmp/a.claudette"));
        QVERIFY(recent->menuAction()->isVisible());
        QSignalSpy open(&window, &MainWindow::openRequested);
        recent->actions().first()->trigger();
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.first().first().toString(), QStringLiteral("/tmp/a.claudette"));
    }

    void composerSignalsReachTheWindow()
    {
        MainWindow window;
        QSignalSpy send(&window, &MainWindow::sendRequested);
        QSignalSpy stop(&window, &MainWindow::stopRequested);
        window.promptEditor()->setText(QStringLiteral("hi"));
        QTest::keyClick(window.promptEditor()->textEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(send.count(), 1);
        QTest::keyClick(window.promptEditor()->textEdit(), Qt::Key_Escape);
        QCOMPARE(stop.count(), 1);
        QSignalSpy model(window.sidebar()->modelPanel(), &ModelPanel::modelChanged);
        window.sidebar()->modelPanel()->setModels(
            {{QStringLiteral("claude-a"), QStringLiteral("Claude A")},
             {QStringLiteral("claude-b"), QStringLiteral("Claude B")}});
        window.sidebar()->modelPanel()->setCurrentModelId(QStringLiteral("claude-b"));
        QCOMPARE(window.sidebar()->modelPanel()->currentModelId(), QStringLiteral("claude-b"));
        window.sidebar()->modelPanel()->setCurrentModelId(QStringLiteral("my-custom-model"));
        QCOMPARE(window.sidebar()->modelPanel()->currentModelId(),
                 QStringLiteral("my-custom-model"));
    }

    void panesHideAndGeometryIsRestored()
    {
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            // Within the offscreen platform's 800×600 screen: restoreGeometry() keeps windows on
            // screen.
            window.resize(700, 500);
            auto *showLibrary = window.findChild<QAction *>(QStringLiteral("actionShowLibrary"));
            QVERIFY(showLibrary);
            showLibrary->trigger();
            QVERIFY(!window.libraryPane()->isVisible());
            QTRY_COMPARE(window.size(), QSize(700, 500));
            window.close(); // saves
        }
        QSettings settings;
        QVERIFY(settings.contains(QStringLiteral("window/geometry")));
        QVERIFY(settings.contains(QStringLiteral("window/splitter")));
        MainWindow restored;
        restored.show();
        QVERIFY(QTest::qWaitForWindowExposed(&restored));
        QCOMPARE(restored.size(), QSize(700, 500));
        QVERIFY(!restored.libraryPane()->isVisible());
        QVERIFY(restored.sidebar()->isVisible());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
