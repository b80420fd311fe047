#include "core/store/conversation.h"
#include "core/store/conversationfile.h"
#include "core/store/library.h"
#include "core/store/libraryindex.h"
#include "gui/controller/librarylistmodel.h"
#include "gui/library/librarypane.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest/QTest>

using namespace claudette;
using namespace Qt::StringLiterals;

namespace {

void makeConversation(const QString &path, const QString &title, const QStringList &texts)
{
    Conversation c;
    c.setTitle(title);
    for (const QString &t : texts)
        c.appendUserTurn(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, t}}});
    QVERIFY(ConversationFile::save(path, c.data()).ok);
}

QStringList shownTitles(const QAbstractItemModel *model)
{
    QStringList titles;
    for (int row = 0; row < model->rowCount(); ++row)
        titles << model->index(row, 0).data(LibraryListModel::TitleRole).toString();
    return titles;
}

} // namespace

class TestLibraryPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void pinnedFirstThenByLastUse();
    void searchShowsSnippetsAndEscClears();
    void searchWithoutIndexMatchesTitles();
    void renameWithF2();
    void renameToNothingIsRefused();
    void renameOpenConversationGoesThroughTheHook();
    void deleteOffersUndo();
    void deleteHappensAfterTheUndoWindow();
    void busyConversationIsMarkedAndNotDeleted();
    void keyboardNavigation();
    void newConversationAppearsWhenSaved();

private:
    QString path(const QString &name) const { return m_dir->filePath(u"library/"_s + name); }
    void makeLibrary(bool withIndex = true);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Library> m_library;
    std::unique_ptr<LibraryListModel> m_model;
    std::unique_ptr<LibraryPane> m_pane;
};

void TestLibraryPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestLibraryPane::init()
{
    // The trash is that of the data location's file system: keep the library there.
    const QString data = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    QVERIFY(QDir().mkpath(data));
    m_dir = std::make_unique<QTemporaryDir>(data + u"/tst_librarypane-XXXXXX"_s);
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(m_dir->filePath(u"library"_s)));
    makeConversation(path(u"a.claudette"_s), u"Alpha"_s, {u"about giraffes and zebras"_s});
    makeConversation(path(u"b.claudette"_s), u"Bravo"_s, {u"cooking pasta"_s});
    makeConversation(path(u"c.claudette"_s), u"Charlie"_s, {u"the giraffe is tall"_s});
}

void TestLibraryPane::cleanup()
{
    m_pane.reset();
    m_model.reset();
    m_library.reset();
    // Clean up what went to the trash.
    const QString trash =
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/Trash"_s;
    QDir(trash).removeRecursively();
    m_dir.reset();
}

void TestLibraryPane::makeLibrary(bool withIndex)
{
    m_library = std::make_unique<Library>(
        m_dir->filePath(u"library"_s), withIndex ? m_dir->filePath(u"index.sqlite"_s) : QString());
    m_library->refresh();
    m_library->touch(path(u"a.claudette"_s));
    QTest::qWait(5);
    m_library->touch(path(u"b.claudette"_s));
    QTest::qWait(5);
    m_library->touch(path(u"c.claudette"_s));
    m_library->waitForIndex();
    m_model = std::make_unique<LibraryListModel>(m_library.get());
    m_pane = std::make_unique<LibraryPane>();
    m_pane->setModel(m_model.get());
    m_pane->resize(300, 500);
    m_pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));
}

void TestLibraryPane::pinnedFirstThenByLastUse()
{
    makeLibrary();
    QAbstractItemModel *shown = m_pane->listView()->model();
    QCOMPARE(shownTitles(shown), (QStringList{u"Charlie"_s, u"Bravo"_s, u"Alpha"_s}));
    // Pin the last one from the keyboard's current row.
    m_pane->listView()->setCurrentIndex(shown->index(2, 0));
    m_pane->togglePinCurrent();
    QCOMPARE(shownTitles(shown), (QStringList{u"Alpha"_s, u"Charlie"_s, u"Bravo"_s}));
    QVERIFY(shown->index(0, 0).data(LibraryListModel::PinnedRole).toBool());
    QVERIFY(
        shown->index(0, 0).data(Qt::AccessibleDescriptionRole).toString().contains(u"Pinned"_s));
    // The current row follows the pinned conversation.
    QCOMPARE(m_pane->listView()->currentIndex().data(LibraryListModel::TitleRole).toString(),
             u"Alpha"_s);
    // The pin is kept in library.json: a new library sees it.
    Library again(m_dir->filePath(u"library"_s));
    QVERIFY(again.entries().constFirst().pinned);
    m_pane->togglePinCurrent();
    QCOMPARE(shownTitles(shown), (QStringList{u"Charlie"_s, u"Bravo"_s, u"Alpha"_s}));
}

void TestLibraryPane::searchShowsSnippetsAndEscClears()
{
    makeLibrary();
    QSignalSpy finished(m_model.get(), &LibraryListModel::searchFinished);
    QTest::keyClicks(m_pane->searchBox(), u"giraf"_s);
    // The search runs on a worker after the typing pauses.
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(0).toString(), u"giraf"_s);
    QAbstractItemModel *shown = m_pane->listView()->model();
    QCOMPARE(shown->rowCount(), 2);
    QStringList titles = shownTitles(shown);
    titles.sort();
    QCOMPARE(titles, (QStringList{u"Alpha"_s, u"Charlie"_s}));
    for (int row = 0; row < 2; ++row) {
        const QString snippet = shown->index(row, 0).data(LibraryListModel::SnippetRole).toString();
        QVERIFY2(snippet.contains(LibraryIndex::kMatchStart), qPrintable(snippet));
        QVERIFY(snippet.contains(u"giraffe"_s));
    }
    // Rows with snippets are taller than title-only rows (the delegate draws the snippet).
    QVERIFY(m_pane->listView()->sizeHintForRow(0) > m_pane->fontMetrics().height() * 2);

    // Nothing matches: the "no matches" state shows.
    m_pane->searchBox()->clear();
    QTest::keyClicks(m_pane->searchBox(), u"xylophone"_s);
    QTRY_COMPARE(finished.last().at(0).toString(), u"xylophone"_s);
    QCOMPARE(shown->rowCount(), 0);
    QTRY_VERIFY(m_pane->findChild<QWidget *>(u"libraryNoMatches"_s)->isVisible());

    // Esc clears the search and brings everything back, without waiting.
    m_pane->searchBox()->setFocus();
    QTest::keyClick(m_pane->searchBox(), Qt::Key_Escape);
    QVERIFY(m_pane->searchBox()->text().isEmpty());
    QCOMPARE(shown->rowCount(), 3);
    QVERIFY(shown->index(0, 0).data(LibraryListModel::SnippetRole).toString().isEmpty());
    QVERIFY(m_pane->listView()->isVisible());
}

void TestLibraryPane::searchWithoutIndexMatchesTitles()
{
    makeLibrary(false);
    m_model->search(u"rav"_s);
    QCOMPARE(shownTitles(m_pane->listView()->model()), QStringList{u"Bravo"_s});
    m_model->search(QString());
    QCOMPARE(m_pane->listView()->model()->rowCount(), 3);
}

void TestLibraryPane::renameWithF2()
{
    makeLibrary();
    QListView *list = m_pane->listView();
    list->setFocus();
    list->setCurrentIndex(list->model()->index(1, 0)); // Bravo
    QTest::keyClick(list, Qt::Key_F2);
    auto *editor = list->findChild<QLineEdit *>();
    QVERIFY(editor);
    QTRY_VERIFY(editor->isVisible());
    editor->selectAll();
    QTest::keyClicks(editor, u"Pasta night"_s);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_VERIFY(shownTitles(list->model()).contains(u"Pasta night"_s));
    // The file says so too.
    const auto loaded = ConversationFile::load(path(u"b.claudette"_s));
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.data->title, u"Pasta night"_s);
    QCOMPARE(m_library->entry(path(u"b.claudette"_s)).title, u"Pasta night"_s);
}

void TestLibraryPane::renameToNothingIsRefused()
{
    makeLibrary();
    QSignalSpy message(m_pane.get(), &LibraryPane::messageRequested);
    QAbstractItemModel *shown = m_pane->listView()->model();
    QVERIFY(!shown->setData(shown->index(0, 0), u"   "_s));
    QCOMPARE(message.size(), 1);
    QVERIFY(message.first().at(0).toString().contains(u"title"_s));
    QCOMPARE(shownTitles(shown), (QStringList{u"Charlie"_s, u"Bravo"_s, u"Alpha"_s}));
}

void TestLibraryPane::renameOpenConversationGoesThroughTheHook()
{
    makeLibrary();
    QStringList renamed;
    m_model->setRenameHook([&renamed](const QString &p, const QString &title) {
        renamed << p + u'=' + title;
        return true;
    });
    QAbstractItemModel *shown = m_pane->listView()->model();
    QVERIFY(shown->setData(shown->index(0, 0), u"Renamed while open"_s));
    QCOMPARE(renamed, QStringList{path(u"c.claudette"_s) + u"=Renamed while open"_s});
    QCOMPARE(shown->index(0, 0).data(LibraryListModel::TitleRole).toString(),
             u"Renamed while open"_s);
}

void TestLibraryPane::deleteOffersUndo()
{
    makeLibrary();
    QListView *list = m_pane->listView();
    list->setFocus();
    list->setCurrentIndex(list->model()->index(0, 0)); // Charlie
    QTest::keyClick(list, Qt::Key_Delete);
    QCOMPARE(shownTitles(list->model()), (QStringList{u"Bravo"_s, u"Alpha"_s}));
    QVERIFY(m_pane->undoBar()->isVisible());
    auto *label = m_pane->findChild<QLabel *>(u"libraryUndoLabel"_s);
    QVERIFY(label->text().contains(u"Charlie"_s));
    // Not deleted yet.
    QVERIFY(QFile::exists(path(u"c.claudette"_s)));
    // The keyboard stays on the list.
    QCOMPARE(list->currentIndex().data(LibraryListModel::TitleRole).toString(), u"Bravo"_s);
    m_pane->findChild<QToolButton *>(u"libraryUndoButton"_s)->click();
    QVERIFY(!m_pane->undoBar()->isVisible());
    QCOMPARE(shownTitles(list->model()), (QStringList{u"Charlie"_s, u"Bravo"_s, u"Alpha"_s}));
    QVERIFY(QFile::exists(path(u"c.claudette"_s)));
    QCOMPARE(list->currentIndex().data(LibraryListModel::TitleRole).toString(), u"Charlie"_s);
}

void TestLibraryPane::deleteHappensAfterTheUndoWindow()
{
    makeLibrary();
    m_pane->setUndoTimeout(50);
    QSignalSpy aboutToTrash(m_model.get(), &LibraryListModel::aboutToTrash);
    QListView *list = m_pane->listView();
    list->setCurrentIndex(list->model()->index(2, 0)); // Alpha
    m_pane->trashCurrent();
    QVERIFY(QFile::exists(path(u"a.claudette"_s)));
    QTRY_VERIFY(!QFile::exists(path(u"a.claudette"_s)));
    QCOMPARE(aboutToTrash.size(), 1);
    QCOMPARE(aboutToTrash.first().at(0).toString(), path(u"a.claudette"_s));
    QVERIFY(!m_pane->undoBar()->isVisible());
    QVERIFY(!m_library->contains(path(u"a.claudette"_s)));
    QCOMPARE(shownTitles(list->model()), (QStringList{u"Charlie"_s, u"Bravo"_s}));
    // Gone from the search too.
    m_library->waitForIndex();
    QCOMPARE(m_library->search(u"zebras"_s).result().size(), 0);

    // A second delete while one waits commits the first at once.
    m_pane->setUndoTimeout(60000);
    list->setCurrentIndex(list->model()->index(0, 0));
    m_pane->trashCurrent();
    list->setCurrentIndex(list->model()->index(0, 0));
    m_pane->trashCurrent();
    QVERIFY(!QFile::exists(path(u"c.claudette"_s)));
    QVERIFY(QFile::exists(path(u"b.claudette"_s)));
    // Closing the pane commits the pending one.
    m_pane.reset();
    QVERIFY(!QFile::exists(path(u"b.claudette"_s)));
}

void TestLibraryPane::busyConversationIsMarkedAndNotDeleted()
{
    makeLibrary();
    m_model->setBusy(path(u"b.claudette"_s), true);
    QAbstractItemModel *shown = m_pane->listView()->model();
    QVERIFY(shown->index(1, 0).data(Qt::DisplayRole).toString().startsWith(u"●"_s));
    QVERIFY(shown->index(1, 0).data(LibraryListModel::BusyRole).toBool());
    QSignalSpy message(m_pane.get(), &LibraryPane::messageRequested);
    m_pane->listView()->setCurrentIndex(shown->index(1, 0));
    m_pane->trashCurrent();
    QCOMPARE(message.size(), 1);
    QVERIFY(message.first().at(0).toString().contains(u"reply"_s));
    QCOMPARE(shown->rowCount(), 3);
    QVERIFY(!m_pane->undoBar()->isVisible());
    m_model->setBusy(path(u"b.claudette"_s), false);
    QCOMPARE(shown->index(1, 0).data(Qt::DisplayRole).toString(), u"Bravo"_s);
}

void TestLibraryPane::keyboardNavigation()
{
    makeLibrary();
    QSignalSpy open(m_pane.get(), &LibraryPane::openRequested);
    m_pane->focusSearch();
    QVERIFY(m_pane->searchBox()->hasFocus());
    // Down leaves the search box for the list, on the first row.
    QTest::keyClick(m_pane->searchBox(), Qt::Key_Down);
    QListView *list = m_pane->listView();
    QVERIFY(list->hasFocus());
    QCOMPARE(list->currentIndex().row(), 0);
    QTest::keyClick(list, Qt::Key_Down);
    QCOMPARE(list->currentIndex().row(), 1);
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.first().at(0).toString(), path(u"b.claudette"_s));
    // Every control of the pane is reachable with Tab and named.
    for (QWidget *widget : m_pane->findChildren<QWidget *>()) {
        if (!widget->isVisible() || !(widget->focusPolicy() & Qt::TabFocus))
            continue;
        QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
    }
}

void TestLibraryPane::newConversationAppearsWhenSaved()
{
    makeLibrary();
    const QString fresh = path(u"d.claudette"_s);
    makeConversation(fresh, u"Delta"_s, {u"a new prompt"_s});
    m_library->noteSaved(fresh);
    QCOMPARE(m_pane->listView()->model()->rowCount(), 4);
    QVERIFY(shownTitles(m_pane->listView()->model()).contains(u"Delta"_s));
    // Save As moves it; the library follows.
    QSignalSpy moved(m_library.get(), &Library::moved);
    QString error;
    QVERIFY2(m_library->move(fresh, path(u"elsewhere.claudette"_s), &error), qPrintable(error));
    QCOMPARE(moved.size(), 1);
    const int row = m_model->rowOf(path(u"elsewhere.claudette"_s));
    QVERIFY(row >= 0);
    QCOMPARE(m_model->rowOf(fresh), -1);
    QCOMPARE(m_model->index(row).data(LibraryListModel::TitleRole).toString(), u"Delta"_s);
}

QTEST_MAIN(TestLibraryPane)
#include "tst_librarypane.moc"
