// What can be checked of the Flatpak manifest without its runtime (issue 18, point 3): it parses,
// it names the app's id and command on the KDE runtime, it builds a module for every library
// CMakeLists.txt looks for that the runtime does not ship, and its permissions (finish-args) are
// exactly the ones the README's Flatpak section lists.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QVersionNumber>

using namespace Qt::StringLiterals;

namespace {

const QString kSource = QStringLiteral(CLAUDETTE_SOURCE_DIR);

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QJsonObject manifest()
{
    return QJsonDocument::fromJson(readFile(kSource + u"/packaging/flatpak/"_s +
                                            QStringLiteral(CLAUDETTE_APP_ID) + u".json"_s))
        .object();
}

QStringList strings(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &v : value.toArray())
        list.append(v.toString());
    return list;
}

} // namespace

class TestFlatpakManifest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesAndNamesTheApp();
    void modulesMatchTheLibrariesWeLink();
    void finishArgsAreTheDocumentedOnes();
};

void TestFlatpakManifest::parsesAndNamesTheApp()
{
    QJsonParseError error;
    const QByteArray bytes = readFile(kSource + u"/packaging/flatpak/"_s +
                                      QStringLiteral(CLAUDETTE_APP_ID) + u".json"_s);
    QVERIFY(!bytes.isEmpty());
    QVERIFY2(QJsonDocument::fromJson(bytes, &error).isObject(), qPrintable(error.errorString()));
    const QJsonObject m = manifest();
    QCOMPARE(m.value("app-id"_L1).toString(), QStringLiteral(CLAUDETTE_APP_ID));
    QCOMPARE(m.value("command"_L1).toString(), u"claudette-qt"_s);
    QCOMPARE(m.value("runtime"_L1).toString(), u"org.kde.Platform"_s);
    QCOMPARE(m.value("sdk"_L1).toString(), u"org.kde.Sdk"_s);
    // The KDE runtime's version is its Qt's: at least the 6.8 that CMakeLists.txt requires.
    const QString cmake = QString::fromUtf8(readFile(kSource + u"/CMakeLists.txt"_s));
    const QRegularExpressionMatch qt =
        QRegularExpression(u"find_package\\(Qt6 (\\d+\\.\\d+) REQUIRED"_s).match(cmake);
    QVERIFY(qt.hasMatch());
    QVERIFY2(QVersionNumber::fromString(m.value("runtime-version"_L1).toString()) >=
                 QVersionNumber::fromString(qt.captured(1)),
             qPrintable(m.value("runtime-version"_L1).toString()));

    // The app itself is the last module, built from this checkout without the tests.
    const QJsonArray modules = m.value("modules"_L1).toArray();
    QVERIFY(!modules.isEmpty());
    const QJsonObject app = modules.last().toObject();
    QCOMPARE(app.value("name"_L1).toString(), u"claudette-qt"_s);
    QVERIFY(strings(app.value("config-opts"_L1)).contains(u"-DCLAUDETTE_TESTS=OFF"_s));
    for (const QJsonValue &module : modules) {
        for (const QJsonValue &source : module.toObject().value("sources"_L1).toArray()) {
            const QJsonObject s = source.toObject();
            if (s.value("type"_L1).toString() == "git"_L1)
                QVERIFY2(!s.value("tag"_L1).toString().isEmpty() ||
                             !s.value("commit"_L1).toString().isEmpty(),
                         qPrintable(module.toObject().value("name"_L1).toString()));
        }
    }
}

void TestFlatpakManifest::modulesMatchTheLibrariesWeLink()
{
    // Every package CMakeLists.txt finds outside the tests, and where the Flatpak gets it: from
    // the KDE runtime, or from a module of the manifest. A new find_package() fails here until
    // it is placed.
    const QHash<QString, QString> module = {
        {u"Qt6"_s, u"runtime"_s},
        {u"KF6SyntaxHighlighting"_s, u"runtime"_s},
        {u"Qt6Keychain"_s, u"qtkeychain"_s},
        {u"simdjson"_s, u"simdjson"_s},
        {u"md4c"_s, u"md4c"_s},
        {u"VALIJSON_INCLUDE_DIR"_s, u"valijson"_s},
        {u"Python3"_s, u"runtime"_s}, // the SDK's, at build time (packaging/clidocs.py)
    };
    QSet<QString> found;
    for (const QString &file : {u"/CMakeLists.txt"_s, u"/packaging/CMakeLists.txt"_s}) {
        const QString cmake = QString::fromUtf8(readFile(kSource + file));
        // Without the block that only the tests use.
        QString withoutTests = cmake;
        withoutTests.remove(QRegularExpression(u"if\\(CLAUDETTE_TESTS\\).*?endif\\(\\)"_s,
                                               QRegularExpression::DotMatchesEverythingOption));
        const QRegularExpression call(u"find_(?:package|path)\\((\\w+)"_s);
        for (auto it = call.globalMatch(withoutTests); it.hasNext();)
            found.insert(it.next().captured(1));
    }
    QVERIFY(found.contains(u"Qt6Keychain"_s));
    QStringList modules;
    for (const QJsonValue &m : manifest().value("modules"_L1).toArray())
        modules.append(m.toObject().value("name"_L1).toString());
    QSet<QString> needed;
    for (const QString &package : std::as_const(found)) {
        QVERIFY2(module.contains(package),
                 qPrintable(package + u" is not placed in the Flatpak (runtime or module)"_s));
        if (module.value(package) != "runtime"_L1) {
            needed.insert(module.value(package));
            QVERIFY2(modules.contains(module.value(package)),
                     qPrintable(u"no module "_s + module.value(package) + u" for "_s + package));
        }
    }
    // ...and no module that nothing needs.
    for (const QString &name : std::as_const(modules))
        QVERIFY2(name == "claudette-qt"_L1 || needed.contains(name), qPrintable(name));
}

void TestFlatpakManifest::finishArgsAreTheDocumentedOnes()
{
    const QStringList args = strings(manifest().value("finish-args"_L1));
    QVERIFY(!args.isEmpty());
    // No file system access: documents come through the file chooser portal.
    for (const QString &arg : args)
        QVERIFY2(!arg.startsWith(u"--filesystem"_s) &&
                     arg != "--talk-name=org.freedesktop.Flatpak"_L1,
                 qPrintable(arg));
    // The README's Flatpak section lists them, one `--…` per row of its permission table.
    const QString readme = QString::fromUtf8(readFile(kSource + u"/README.md"_s));
    const qsizetype start = readme.indexOf(u"### Flatpak"_s);
    QVERIFY2(start >= 0, "README.md has no Flatpak section");
    const qsizetype end = readme.indexOf(u"\n### "_s, start + 1);
    const QString section = readme.mid(start, end < 0 ? -1 : end - start);
    QStringList documented;
    const QRegularExpression row(u"^\\| `(--[a-z-]+=?[^`]*)` \\|"_s,
                                 QRegularExpression::MultilineOption);
    for (auto it = row.globalMatch(section); it.hasNext();)
        documented.append(it.next().captured(1));
    QStringList sortedArgs = args;
    sortedArgs.sort();
    documented.sort();
    QCOMPARE(documented, sortedArgs);
}

QTEST_GUILESS_MAIN(TestFlatpakManifest)
#include "tst_flatpakmanifest.moc"
