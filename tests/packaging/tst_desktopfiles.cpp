// The Linux desktop integration of packaging/ (issue 18): the .desktop file and the AppStream
// metainfo pass their validators, a .claudette file is recognised by a MIME database made from
// packaging/claudette-mime.xml, the icons are rendered at every size, the man page and the
// completions list every option of the option table, and `cmake --install` of this build tree
// gives the layout the programs and the desktop expect.

#include "cli/optiontable.h"
#include "core/store/conversationfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QMimeDatabase>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kAppId = QStringLiteral(CLAUDETTE_APP_ID);
const QString kSource = QStringLiteral(CLAUDETTE_SOURCE_DIR);
const QString kBuild = QStringLiteral(CLAUDETTE_BINARY_DIR);
const QString kGenerated = QStringLiteral(CLAUDETTE_PACKAGING_BINARY_DIR);
const QString kMimeIcon = u"application-x-claudette+json"_s;
const QList<int> kIconSizes = {16, 22, 24, 32, 48, 64, 128, 256, 512};

struct Run
{
    int exitCode = -1;
    QString output; // stdout and stderr together
};

Run run(const QString &program, const QStringList &arguments,
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(120000))
        return {-1, u"%1 did not finish: %2"_s.arg(program, process.errorString())};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAll())};
}

QString requireTool(const QString &name)
{
    const QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        qWarning("%s is not installed (the build root has it: packaging/buildroot-packages.txt)",
                 qPrintable(name));
    return path;
}

QString readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

QString desktopFile()
{
    return kSource + u"/packaging/linux/"_s + kAppId + u".desktop"_s;
}

QString metainfoFile()
{
    return kSource + u"/packaging/linux/"_s + kAppId + u".metainfo.xml"_s;
}

} // namespace

class TestDesktopFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void desktopFileIsValid();
    void desktopFileNamesTheAppAndItsFiles();
    void metainfoIsValid();
    void metainfoNewestReleaseIsTheVersion();
    void claudetteFileIsRecognised();
    void iconsAreRenderedAtEverySize();
    void manPageHasEveryOptionAndExitCode();
    void bashCompletionOffersTheTable();
    void zshCompletionHasEveryOption();
    void installGivesTheLayout();
};

void TestDesktopFiles::desktopFileIsValid()
{
    const QString validator = requireTool(u"desktop-file-validate"_s);
    QVERIFY(!validator.isEmpty());
    const Run r = run(validator, {desktopFile()});
    QVERIFY2(r.exitCode == 0 && r.output.trimmed().isEmpty(), qPrintable(r.output));
}

void TestDesktopFiles::desktopFileNamesTheAppAndItsFiles()
{
    QSettings desktop(desktopFile(), QSettings::IniFormat);
    desktop.beginGroup(u"Desktop Entry"_s);
    QCOMPARE(desktop.value(u"Icon"_s).toString(), kAppId);
    QCOMPARE(desktop.value(u"Exec"_s).toString(), u"claudette-qt %f"_s);
    // QSettings reads "a;b;" as a list.
    QVariant mime = desktop.value(u"MimeType"_s);
    const QStringList types = mime.typeId() == QMetaType::QStringList
                                  ? mime.toStringList()
                                  : mime.toString().split(u';', Qt::SkipEmptyParts);
    QVERIFY2(types.contains(QString(claudette::ConversationFile::kMimeType)),
             qPrintable(types.join(u',')));
}

void TestDesktopFiles::metainfoIsValid()
{
    const QString validator = requireTool(u"appstreamcli"_s);
    QVERIFY(!validator.isEmpty());
    const Run r = run(validator, {u"validate"_s, u"--no-net"_s, u"--explain"_s, metainfoFile()});
    QVERIFY2(r.exitCode == 0, qPrintable(r.output));
}

void TestDesktopFiles::metainfoNewestReleaseIsTheVersion()
{
    const QString xml = readText(metainfoFile());
    const QRegularExpressionMatch first =
        QRegularExpression(uR"re(<release version="([^"]+)")re"_s).match(xml);
    QVERIFY2(first.hasMatch(), "the metainfo has no <release>");
    QCOMPARE(first.captured(1), QStringLiteral(CLAUDETTE_VERSION));
    QVERIFY(xml.contains(u"<screenshot type=\"default\">"_s));
    QVERIFY(xml.contains(u"<id>"_s + kAppId + u"</id>"_s));
}

void TestDesktopFiles::claudetteFileIsRecognised()
{
    const QString updater = requireTool(u"update-mime-database"_s);
    QVERIFY(!updater.isEmpty());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString packages = dir.filePath(u"data/mime/packages"_s);
    QVERIFY(QDir().mkpath(packages));
    QVERIFY(QFile::copy(kSource + u"/packaging/claudette-mime.xml"_s,
                        packages + u'/' + kAppId + u".xml"_s));
    const Run r = run(updater, {dir.filePath(u"data/mime"_s)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    QVERIFY(QFileInfo::exists(dir.filePath(u"data/mime/mime.cache"_s)));

    // QMimeDatabase reads the XDG data folders when first used: this test's are the only ones.
    qputenv("XDG_DATA_DIRS", dir.filePath(u"data"_s).toLocal8Bit());
    qputenv("XDG_DATA_HOME", dir.filePath(u"home"_s).toLocal8Bit());
    const QMimeDatabase db;
    const QString sample = kSource + u"/samples/showcase.claudette"_s;
    const QMimeType byName = db.mimeTypeForFile(sample, QMimeDatabase::MatchExtension);
    QCOMPARE(byName.name(), QString(claudette::ConversationFile::kMimeType));
    QCOMPARE(byName.iconName(), kMimeIcon);
    QCOMPARE(byName.comment(), u"Claudette conversation"_s);

    // The content alone (a conversation saved under another name) is recognised by its magic.
    const QString renamed = dir.filePath(u"conversation.txt"_s);
    QVERIFY(QFile::copy(sample, renamed));
    QCOMPARE(db.mimeTypeForFile(renamed, QMimeDatabase::MatchContent).name(),
             QString(claudette::ConversationFile::kMimeType));
    // ...and other JSON is not.
    const QString other = dir.filePath(u"other.txt"_s);
    QFile file(other);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "something else", "version": 1})");
    file.close();
    QVERIFY(db.mimeTypeForFile(other, QMimeDatabase::MatchContent).name() !=
            QString(claudette::ConversationFile::kMimeType));
}

void TestDesktopFiles::iconsAreRenderedAtEverySize()
{
    for (const int size : kIconSizes) {
        const QString dir = kGenerated + u"/icons/%1x%1/"_s.arg(size);
        const QStringList paths = {dir + u"apps/"_s + kAppId + u".png"_s,
                                   dir + u"mimetypes/"_s + kMimeIcon + u".png"_s};
        for (const QString &path : paths) {
            const QImage image(path);
            QVERIFY2(!image.isNull(), qPrintable(path + u" cannot be read"_s));
            QCOMPARE(image.size(), QSize(size, size));
            // The drawing is there: the middle is opaque, the corner (rounded off) is not.
            QCOMPARE(qAlpha(image.pixel(size / 2, size / 2)), 255);
            QVERIFY2(qAlpha(image.pixel(0, 0)) < 255, qPrintable(path));
        }
    }
}

void TestDesktopFiles::manPageHasEveryOptionAndExitCode()
{
    const QString man = readText(kGenerated + u"/claudette-cli.1"_s);
    QVERIFY2(!man.isEmpty(), "the man page was not generated");
    QVERIFY(man.contains(u".TH CLAUDETTE\\-CLI 1"_s));
    for (const QString &section : {u".SH NAME"_s, u".SH SYNOPSIS"_s, u".SH DESCRIPTION"_s,
                                   u".SH OPTIONS"_s, u".SH \"EXIT CODES\""_s})
        QVERIFY2(man.contains(section), qPrintable(section));
    for (const claudette::cli::OptionSpec &spec : claudette::cli::optionTable()) {
        const QString roffName = u"\\-\\-"_s + QString(spec.name).replace(u'-', u"\\-"_s);
        QVERIFY2(man.contains(roffName),
                 qPrintable(u"--"_s + spec.name + u" is not in the man page"_s));
    }
    for (const char *code : {"0", "1", "2", "3", "4", "130"})
        QVERIFY2(man.contains(u"\n.TP\n"_s + QLatin1StringView(code) + u'\n'), code);
    // Every roff request line is one roff knows how to read: nothing raw from the markdown.
    for (const QString &line : man.split(u'\n')) {
        QVERIFY2(!line.startsWith(u'\'') && !line.startsWith(u"```"_s), qPrintable(line));
        QVERIFY2(!line.contains(u'`'), qPrintable(line));
    }
}

void TestDesktopFiles::bashCompletionOffersTheTable()
{
    const QString bash = requireTool(u"bash"_s);
    QVERIFY(!bash.isEmpty());
    const QString script = kGenerated + u"/completions/claudette-cli"_s;
    QVERIFY(QFileInfo::exists(script));
    const auto complete = [&](const QString &line) {
        const Run r = run(bash, {u"-c"_s, uR"(source "$1"; read -ra COMP_WORDS <<<"$2";
[[ $2 == *' ' ]] && COMP_WORDS+=("");
COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _claudette_cli; printf '%s\n' "${COMPREPLY[@]}")"_s,
                                 u"bash"_s, script, line});
        return r.exitCode == 0 ? r.output.split(u'\n', Qt::SkipEmptyParts)
                               : QStringList{u"failed: "_s + r.output};
    };
    QCOMPARE(complete(u"claudette-cli "_s), QStringList({u"chat"_s, u"models"_s, u"count-tokens"_s,
                                                         u"export"_s, u"search"_s, u"list"_s}));
    QCOMPARE(complete(u"claudette-cli --effort "_s),
             QStringList({u"low"_s, u"medium"_s, u"high"_s, u"xhigh"_s, u"max"_s}));
    QCOMPARE(complete(u"claudette-cli export x.claudette --to "_s),
             QStringList({u"md"_s, u"html"_s, u"json"_s}));
    // Options are those of the subcommand: export has --to and -o, not --model.
    const QStringList exportOptions = complete(u"claudette-cli export x.claudette -"_s);
    QVERIFY2(exportOptions.contains(u"--to"_s) && exportOptions.contains(u"-o"_s),
             qPrintable(exportOptions.join(u' ')));
    QVERIFY(!exportOptions.contains(u"--model"_s));
    // A chat (the default) offers every chat option of the table.
    const QStringList chatOptions = complete(u"claudette-cli --"_s);
    for (const claudette::cli::OptionSpec &spec : claudette::cli::optionTable()) {
        if (spec.appliesTo.isEmpty() || spec.appliesTo.contains(claudette::cli::Subcommand::Chat))
            QVERIFY2(chatOptions.contains(u"--"_s + spec.name), qPrintable(spec.name));
    }
    // After a value-taking option's value, words are the prompt again: nothing offered.
    QCOMPARE(complete(u"claudette-cli --model claude-x hello "_s), QStringList());
}

void TestDesktopFiles::zshCompletionHasEveryOption()
{
    const QString script = readText(kGenerated + u"/completions/_claudette-cli"_s);
    QVERIFY(script.startsWith(u"#compdef claudette-cli\n"_s));
    for (const claudette::cli::OptionSpec &spec : claudette::cli::optionTable())
        QVERIFY2(script.contains(u"--"_s + spec.name), qPrintable(spec.name));
    if (const QString zsh = QStandardPaths::findExecutable(u"zsh"_s); !zsh.isEmpty()) {
        const Run r = run(zsh, {u"-n"_s, kGenerated + u"/completions/_claudette-cli"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    }
}

void TestDesktopFiles::installGivesTheLayout()
{
    QTemporaryDir prefix;
    QVERIFY(prefix.isValid());
    const Run install = run(u"cmake"_s, {u"--install"_s, kBuild, u"--prefix"_s, prefix.path()});
    QVERIFY2(install.exitCode == 0, qPrintable(install.output));

    QStringList expected = {
        u"bin/claudette-qt"_s,
        u"bin/claudette-cli"_s,
        u"share/applications/"_s + kAppId + u".desktop"_s,
        u"share/metainfo/"_s + kAppId + u".metainfo.xml"_s,
        u"share/mime/packages/"_s + kAppId + u".xml"_s,
        u"share/icons/hicolor/scalable/apps/"_s + kAppId + u".svg"_s,
        u"share/icons/hicolor/scalable/mimetypes/"_s + kMimeIcon + u".svg"_s,
        u"share/man/man1/claudette-cli.1"_s,
        u"share/bash-completion/completions/claudette-cli"_s,
        u"share/zsh/vendor-completions/_claudette-cli"_s,
        u"share/claudette/samples/showcase.claudette"_s,
        u"share/claudette/samples/tools/calc.json"_s,
        u"share/claudette/samples/tools/calc.py"_s,
        u"share/claudette/samples/tools/files/hello.txt"_s,
    };
    for (const int size : kIconSizes) {
        expected << u"share/icons/hicolor/%1x%1/apps/"_s.arg(size) + kAppId + u".png"_s
                 << u"share/icons/hicolor/%1x%1/mimetypes/"_s.arg(size) + kMimeIcon + u".png"_s;
    }
    for (const QString &file : std::as_const(expected))
        QVERIFY2(QFileInfo(prefix.filePath(file)).isFile(), qPrintable(file + u" not installed"_s));
    QVERIFY(QFileInfo(prefix.filePath(u"bin/claudette-qt"_s)).isExecutable());

    // AppStream's check of an installed tree: the metainfo, its desktop file and icon together.
    const Run tree = run(u"appstreamcli"_s, {u"validate-tree"_s, u"--no-net"_s, prefix.path()});
    QVERIFY2(tree.exitCode == 0, qPrintable(tree.output));

    // The installed command line runs from there.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"ASAN_OPTIONS"_s, u"detect_leaks=0"_s);
    const Run version = run(prefix.filePath(u"bin/claudette-cli"_s), {u"--version"_s}, env);
    QCOMPARE(version.output.trimmed(), u"claudette-cli "_s + QStringLiteral(CLAUDETTE_VERSION));
}

QTEST_GUILESS_MAIN(TestDesktopFiles)
#include "tst_desktopfiles.moc"
