#include "core/store/conversation.h"
#include "core/store/conversationfile.h"
#include "core/store/conversationstore.h"
#include "core/store/library.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace claudette;
using namespace Qt::StringLiterals;

namespace {

QString makeConversation(const QString &path, const QString &title, const QStringList &texts)
{
    Conversation c;
    c.setTitle(title);
    for (const QString &t : texts)
        c.appendUserTurn(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, t}}});
    ConversationFile::save(path, c.data());
    return c.currentLeaf();
}

QStringList titles(const QList<LibraryEntry> &entries)
{
    QStringList out;
    for (const LibraryEntry &e : entries)
        out.append(e.title);
    return out;
}

} // namespace

class TestLibrary : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void fts5Available();
    void orderingByUseAndPins();
    void renameUpdatesFileAndIndex();
    void renameRefusedWhileLocked();
    void trash();
    void moveFollowsFile();
    void searchFindsTurns();
    void searchQueryEscaping_data();
    void searchQueryEscaping();
    void indexRebuiltWhenMissing();
    void indexFollowsExternalChanges();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString folder() const { return m_dir->filePath(u"library"_s); }
    QString indexPath() const { return m_dir->filePath(u"index.sqlite"_s); }
};

void TestLibrary::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestLibrary::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QDir().mkpath(folder());
}

void TestLibrary::fts5Available()
{
    QVERIFY(LibraryIndex::isAvailable());
    LibraryIndex index(indexPath());
    QVERIFY2(index.open(), qPrintable(index.errorString()));
    QVERIFY(index.needsRebuild());
}

void TestLibrary::orderingByUseAndPins()
{
    const QString a = folder() + u"/a.claudette"_s;
    const QString b = folder() + u"/b.claudette"_s;
    const QString c = folder() + u"/c.claudette"_s;
    makeConversation(a, u"Alpha"_s, {u"one"_s});
    makeConversation(b, u"Beta"_s, {u"two"_s});
    makeConversation(c, u"Gamma"_s, {u"three"_s});
    {
        Library lib(folder(), indexPath());
        lib.refresh();
        QCOMPARE(lib.entries().size(), 3);
        lib.touch(b);
        lib.touch(a);
        lib.touch(c);
        QCOMPARE(titles(lib.entries()), (QStringList{u"Gamma"_s, u"Alpha"_s, u"Beta"_s}));
        QVERIFY(lib.setPinned(b, true));
        QCOMPARE(titles(lib.entries()), (QStringList{u"Beta"_s, u"Gamma"_s, u"Alpha"_s}));
        lib.waitForIndex();
    }
    // Pins and use survive a restart.
    Library again(folder(), indexPath());
    again.refresh();
    QCOMPARE(titles(again.entries()), (QStringList{u"Beta"_s, u"Gamma"_s, u"Alpha"_s}));
    QVERIFY(again.entries().first().pinned);
    again.waitForIndex();
}

void TestLibrary::renameUpdatesFileAndIndex()
{
    const QString a = folder() + u"/a.claudette"_s;
    makeConversation(a, u"Old name"_s, {u"content words"_s});
    Library lib(folder(), indexPath());
    lib.refresh();
    QSignalSpy changed(&lib, &Library::changed);
    QString error;
    QVERIFY2(lib.rename(a, u"Zeppelin notes"_s, &error), qPrintable(error));
    QCOMPARE(lib.entry(a).title, u"Zeppelin notes"_s);
    QCOMPARE(ConversationFile::load(a).data->title, u"Zeppelin notes"_s);
    QVERIFY(changed.size() >= 1);
    lib.waitForIndex();
    const auto hits = lib.search(u"zeppelin"_s).result();
    QCOMPARE(hits.size(), 1);
    QCOMPARE(hits.first().title, u"Zeppelin notes"_s);
    QVERIFY(hits.first().turnId.isEmpty()); // the title row
}

void TestLibrary::renameRefusedWhileLocked()
{
    const QString a = folder() + u"/a.claudette"_s;
    makeConversation(a, u"Busy"_s, {u"x"_s});
    ConversationStore store(m_dir->filePath(u"journals"_s));
    QVERIFY(store.open(a).ok);
    Library lib(folder());
    lib.refresh();
    QString error;
    QVERIFY(!lib.rename(a, u"Other"_s, &error));
    QVERIFY2(error.contains(u"a.claudette"_s), qPrintable(error));
    QCOMPARE(ConversationFile::load(a).data->title, u"Busy"_s);
}

void TestLibrary::trash()
{
    // The trash is that of the (test-mode) data location's file system: keep the library there.
    const QString data = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    QVERIFY(QDir().mkpath(data));
    QTemporaryDir home(data + u"/tst_library-XXXXXX"_s);
    QVERIFY(home.isValid());
    const QString lib_folder = home.filePath(u"library"_s);
    QDir().mkpath(lib_folder);
    const QString a = lib_folder + u"/a.claudette"_s;
    makeConversation(a, u"Doomed"_s, {u"unique-trash-word"_s});
    QFile::copy(a, ConversationFile::backupPath(a));
    Library lib(lib_folder, home.filePath(u"index.sqlite"_s));
    lib.refresh();
    lib.waitForIndex();
    QCOMPARE(lib.search(u"unique-trash-word"_s).result().size(), 1);
    QString error;
    QVERIFY2(lib.moveToTrash(a, &error), qPrintable(error));
    QVERIFY(!QFile::exists(a));
    QVERIFY(!QFile::exists(ConversationFile::backupPath(a)));
    QVERIFY(!lib.contains(a));
    QVERIFY(lib.entries().isEmpty());
    QCOMPARE(lib.search(u"unique-trash-word"_s).result().size(), 0);
    // It is in the trash, not gone; clean it up.
    const QString trashed = data + u"/Trash/files"_s;
    bool found = false;
    for (const QString &name : QDir(trashed).entryList({u"a*.claudette"_s}, QDir::Files)) {
        found = true;
        QFile::remove(trashed + u'/' + name);
    }
    QVERIFY(found);
    // A file open for writing elsewhere is not trashed.
    const QString b = lib_folder + u"/b.claudette"_s;
    makeConversation(b, u"Busy"_s, {u"x"_s});
    ConversationStore store(home.filePath(u"journals"_s));
    QVERIFY(store.open(b).ok);
    lib.refresh();
    QVERIFY(!lib.moveToTrash(b, &error));
    QVERIFY(QFile::exists(b));
}

void TestLibrary::moveFollowsFile()
{
    const QString a = folder() + u"/a.claudette"_s;
    makeConversation(a, u"Traveller"_s, {u"wanderlust"_s});
    Library lib(folder(), indexPath());
    lib.refresh();
    lib.touch(a);
    lib.setPinned(a, true);
    lib.waitForIndex();
    const QString elsewhere = m_dir->filePath(u"elsewhere"_s);
    QDir().mkpath(elsewhere);
    const QString b = elsewhere + u"/moved.claudette"_s;
    QSignalSpy moved(&lib, &Library::moved);
    QString error;
    QVERIFY2(lib.move(a, b, &error), qPrintable(error));
    QCOMPARE(moved.size(), 1);
    QVERIFY(!QFile::exists(a));
    QVERIFY(lib.contains(b));
    QVERIFY(lib.entry(b).pinned);
    QCOMPARE(lib.search(u"wanderlust"_s).result().first().path, b);
    // Still listed after a rescan though it is outside the folder.
    lib.refresh();
    QCOMPARE(lib.entries().size(), 1);
    QCOMPARE(lib.entries().first().path, b);
    // A target that exists is refused and nothing moves.
    const QString c = folder() + u"/c.claudette"_s;
    makeConversation(c, u"Other"_s, {u"x"_s});
    QVERIFY(!lib.move(b, c, &error));
    QVERIFY(QFile::exists(b));
    lib.waitForIndex();
}

void TestLibrary::searchFindsTurns()
{
    const QString a = folder() + u"/a.claudette"_s;
    const QString b = folder() + u"/b.claudette"_s;
    const QString lastA = makeConversation(a, u"Cooking"_s,
                                           {u"How long to boil an egg?"_s,
                                            u"And a soft-boiled quail egg, please"_s});
    makeConversation(b, u"Physics"_s, {u"Why does water boil at lower temperature on mountains?"_s});
    Library lib(folder(), indexPath());
    lib.refresh();
    lib.waitForIndex();
    auto hits = lib.search(u"quail egg"_s).result();
    QCOMPARE(hits.size(), 1);
    QCOMPARE(hits.first().path, QFileInfo(a).absoluteFilePath());
    QCOMPARE(hits.first().turnId, lastA);
    QCOMPARE(hits.first().title, u"Cooking"_s);
    QVERIFY2(hits.first().snippet.contains(QString(LibraryIndex::kMatchStart) + u"quail"_s),
             qPrintable(hits.first().snippet));
    hits = lib.search(u"boil"_s).result();
    QCOMPARE(hits.size(), 3); // "boil" and the prefix "boiled"
    QCOMPARE(lib.search(u"Mountain"_s).result().size(), 1); // case and prefix
    QCOMPARE(lib.search(u"nothing-like-this"_s).result().size(), 0);
    QCOMPARE(lib.search(u"   "_s).result().size(), 0);
}

void TestLibrary::searchQueryEscaping_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("quote") << u"say \"hi"_s;
    QTest::newRow("operators") << u"AND OR NOT NEAR("_s;
    QTest::newRow("column filter") << u"body: x"_s;
    QTest::newRow("star") << u"*"_s;
    QTest::newRow("caret") << u"^x"_s;
}

void TestLibrary::searchQueryEscaping()
{
    QFETCH(QString, query);
    makeConversation(folder() + u"/a.claudette"_s, u"T"_s, {u"say hi AND OR NOT NEAR body x"_s});
    Library lib(folder(), indexPath());
    lib.refresh();
    lib.waitForIndex();
    // Whatever is typed is words, never FTS5 syntax: no SQL error, no crash.
    const auto hits = lib.search(query).result();
    QVERIFY(hits.size() <= 1);
    QVERIFY(!lib.index()->errorString().contains(u"syntax"_s));
}

void TestLibrary::indexRebuiltWhenMissing()
{
    makeConversation(folder() + u"/a.claudette"_s, u"A"_s, {u"xylophone"_s});
    makeConversation(folder() + u"/b.claudette"_s, u"B"_s, {u"xylophone marimba"_s});
    {
        Library lib(folder(), indexPath());
        lib.refresh();
        lib.waitForIndex();
        QCOMPARE(lib.search(u"xylophone"_s).result().size(), 2);
    }
    QVERIFY(QFile::remove(indexPath()));
    QFile::remove(indexPath() + u"-wal"_s);
    QFile::remove(indexPath() + u"-shm"_s);
    Library lib(folder(), indexPath());
    QVERIFY(lib.index()->needsRebuild());
    lib.refresh();
    lib.waitForIndex();
    QCOMPARE(lib.search(u"xylophone"_s).result().size(), 2);
    QCOMPARE(lib.index()->indexedPaths().size(), 2);
}

void TestLibrary::indexFollowsExternalChanges()
{
    const QString a = folder() + u"/a.claudette"_s;
    makeConversation(a, u"A"_s, {u"before"_s});
    Library lib(folder(), indexPath());
    lib.refresh();
    lib.waitForIndex();
    QCOMPARE(lib.search(u"before"_s).result().size(), 1);
    // A store saves a new turn; the library hears of it.
    ConversationStore store(m_dir->filePath(u"journals"_s));
    QVERIFY(store.open(a).ok);
    connect(&store, &ConversationStore::saved, &lib, [&] { lib.noteSaved(store.path()); });
    store.commitUserTurn(QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, "afterwards"_L1}}});
    QVERIFY(store.waitForSaved());
    QTRY_VERIFY(!lib.search(u"afterwards"_s).result().isEmpty());
    // A file appearing in the folder is picked up by the next refresh.
    makeConversation(folder() + u"/new.claudette"_s, u"New"_s, {u"fresh"_s});
    lib.refresh();
    lib.waitForIndex();
    QCOMPARE(lib.search(u"fresh"_s).result().size(), 1);
}

QTEST_GUILESS_MAIN(TestLibrary)
#include "tst_library.moc"
