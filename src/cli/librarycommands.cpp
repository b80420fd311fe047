#include "cli/librarycommands.h"

#include "cli/console.h"
#include "core/store/conversation.h"
#include "core/store/conversationfile.h"
#include "core/store/library.h"
#include "core/store/libraryindex.h"
#include "render/conversationexporter.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace claudette::cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("claudette-cli", text);
}

QString oneLine(QString text)
{
    text.replace(u'\n', u' ').replace(u'\r', u' ').replace(u'\t', u' ');
    return text;
}

QString plainSnippet(QString snippet, bool marked)
{
    snippet.replace(LibraryIndex::kMatchStart, marked ? u"["_s : QString());
    snippet.replace(LibraryIndex::kMatchEnd, marked ? u"]"_s : QString());
    return snippet;
}

bool prepareLibrary(const AppPaths &paths)
{
    QString error;
    if (!paths.ensureDirs(&error)) {
        Console::error(error);
        return false;
    }
    return true;
}
} // namespace

int LibraryCommands::runExport(const CliOptions &options)
{
    const QString path = options.words.constFirst();
    const ConversationFile::LoadResult loaded = ConversationFile::load(path);
    if (!loaded.ok()) {
        Console::error(loaded.errorString);
        return ExitFileError;
    }
    const std::optional<ConversationExporter::Format> format =
        ConversationExporter::formatForName(options.exportFormat);
    if (!format) { // CommandLine checked it; kept for callers that did not
        Console::error(tr("--to takes md, html or json, not '%1'").arg(options.exportFormat));
        return ExitUsage;
    }
    const Conversation conversation(*loaded.data);
    const QByteArray bytes = ConversationExporter(conversation).exportAs(*format);
    if (options.outputFile.isEmpty()) {
        Console::outBytes(bytes);
        return ExitSuccess;
    }
    QSaveFile out(options.outputFile);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit()) {
        Console::error(tr("cannot write %1: %2").arg(options.outputFile, out.errorString()));
        return ExitFileError;
    }
    return ExitSuccess;
}

int LibraryCommands::runSearch(const CliOptions &options, const AppPaths &paths)
{
    if (!prepareLibrary(paths))
        return ExitFileError;
    if (!LibraryIndex::isAvailable()) {
        Console::error(tr("full-text search needs Qt's SQLite driver (QSQLITE), which is missing"));
        return ExitFileError;
    }
    Library library(paths.libraryDir(), paths.indexFile());
    library.refresh();
    library.waitForIndex();
    LibraryIndex *index = library.index();
    if (!index) {
        Console::error(tr("the search index cannot be opened"));
        return ExitFileError;
    }
    const QList<SearchHit> hits = index->search(options.words.join(u' '));
    if (options.json) {
        QJsonArray array;
        for (const SearchHit &hit : hits) {
            array.append(QJsonObject{{"path"_L1, hit.path},
                                     {"title"_L1, hit.title},
                                     {"snippet"_L1, plainSnippet(hit.snippet, false)},
                                     {"turn"_L1, hit.turnId}});
        }
        Console::outBytes(QJsonDocument(array).toJson(QJsonDocument::Compact) + '\n');
        return ExitSuccess;
    }
    QString text;
    for (const SearchHit &hit : hits) {
        text += hit.path % u'\t' % oneLine(hit.title) % u'\t' %
                oneLine(plainSnippet(hit.snippet, true)) % u'\n';
    }
    Console::out(text);
    return ExitSuccess;
}

int LibraryCommands::runList(const CliOptions &options, const AppPaths &paths)
{
    if (!prepareLibrary(paths))
        return ExitFileError;
    Library library(paths.libraryDir(),
                    LibraryIndex::isAvailable() ? paths.indexFile() : QString());
    library.refresh();
    library.waitForIndex();
    const QList<LibraryEntry> entries = library.entries();
    if (options.json) {
        QJsonArray array;
        for (const LibraryEntry &e : entries) {
            array.append(QJsonObject{{"path"_L1, e.path},
                                     {"title"_L1, e.title},
                                     {"last_used"_L1, e.lastUsed.toUTC().toString(Qt::ISODate)},
                                     {"pinned"_L1, e.pinned},
                                     {"size"_L1, e.size}});
        }
        Console::outBytes(QJsonDocument(array).toJson(QJsonDocument::Compact) + '\n');
        return ExitSuccess;
    }
    QString text;
    for (const LibraryEntry &e : entries) {
        text += e.path % u'\t' % oneLine(e.title) % u'\t' %
                e.lastUsed.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s) % u'\n';
    }
    Console::out(text);
    return ExitSuccess;
}

} // namespace claudette::cli
