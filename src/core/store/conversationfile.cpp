#include "core/store/conversationfile.h"

#include "core/api/jsonparser.h"
#include "core/api/jsonwriter.h"
#include "core/store/conversation.h"
#include "core/util/heaptuning.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QScopeGuard>
#include <QSet>

#include <cmath>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcFile, "claudette.store.file")

namespace claudette {

namespace {

// Reading or writing a big file briefly takes several times its size in JSON values and buffers.
// The heap keeps freed memory for reuse (HeapTuning); after a big file, give it back so the
// process's footprint is the conversation, not the peak of reading or writing it.
void releaseMemoryAfter(qsizetype fileSize)
{
    constexpr qsizetype kBigFile = 8 * 1024 * 1024;
    if (fileSize >= kBigFile)
        HeapTuning::releaseFreeMemory();
}

const QLatin1StringView kTopKeys[] = {
    "format"_L1,   "version"_L1, "id"_L1,      "title"_L1, "created"_L1,     "modified"_L1,
    "settings"_L1, "draft"_L1,   "current"_L1, "turns"_L1, "attachments"_L1,
};

bool isTopKey(QStringView key)
{
    for (const auto &known : kTopKeys) {
        if (key == known)
            return true;
    }
    return false;
}

QString displayName(const QString &name)
{
    return name.isEmpty() ? u"conversation"_s : QFileInfo(name).fileName();
}

} // namespace

ConversationFile::LoadResult ConversationFile::fail(Error error, const QString &message)
{
    LoadResult r;
    r.error = error;
    r.errorString = message;
    qCWarning(lcFile) << message;
    return r;
}

ConversationFile::LoadResult ConversationFile::load(const QString &path, qint64 maxSize)
{
    const QFileInfo info(path);
    if (!info.exists())
        return fail(Error::CannotRead, tr("Cannot open %1: the file does not exist.").arg(path));
    if (info.size() > maxSize) {
        return fail(Error::TooLarge,
                    tr("Cannot open %1: the file is %2 MiB, larger than the limit of %3 MiB.")
                        .arg(path)
                        .arg(info.size() >> 20)
                        .arg(maxSize >> 20));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::CannotRead, tr("Cannot open %1: %2").arg(path, file.errorString()));
    // Read into a buffer with room for the JSON parser's padding after the data, so that it
    // parses the bytes where they are.
    const qsizetype padding = JsonParser::paddingSize();
    QByteArray buffer(info.size() + padding, Qt::Uninitialized);
    qsizetype size = 0;
    for (;;) {
        if (buffer.size() - size <= padding) // the file grew since it was measured
            buffer.resize(buffer.size() + qMax<qsizetype>(buffer.size(), 64 * 1024));
        const qint64 got = file.read(buffer.data() + size, buffer.size() - padding - size);
        if (got <= 0)
            break;
        size += got;
    }
    if (file.error() != QFileDevice::NoError)
        return fail(Error::CannotRead, tr("Cannot read %1: %2").arg(path, file.errorString()));
    LoadResult result = parse(QByteArrayView(buffer).first(size), buffer.size() - size, path);
    buffer = QByteArray();
    releaseMemoryAfter(size);
    return result;
}

ConversationFile::LoadResult ConversationFile::parse(const QByteArray &bytes,
                                                     const QString &fileName)
{
    return parse(QByteArrayView(bytes), 0, fileName);
}

ConversationFile::LoadResult ConversationFile::parse(QByteArrayView bytes, qsizetype readableAfter,
                                                     const QString &fileName)
{
    const QString name = displayName(fileName);
    if (bytes.trimmed().isEmpty())
        return fail(Error::Empty, tr("Cannot open %1: the file is empty.").arg(name));
    // The fast path: simdjson. Whatever it refuses (broken JSON, but also what QJsonDocument
    // tolerates, e.g. raw control characters in strings) goes through QJsonDocument, which
    // decides what the user is told, so both the error messages and what loads stay as they were.
    if (std::optional<QJsonValue> fast = JsonParser::parseDocument(bytes, readableAfter);
        fast && fast->isObject())
        return fromRoot(fast->toObject(), name);
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes.toByteArray(), &err);
    if (err.error != QJsonParseError::NoError) {
        // The parser stopped at the end of the data: the file was cut short.
        qsizetype end = bytes.size();
        while (end > 0 && QByteArrayView(" \t\r\n").contains(bytes.at(end - 1)))
            --end;
        if (err.offset >= end - 1 && err.error != QJsonParseError::GarbageAtEnd) {
            return fail(Error::Truncated,
                        tr("Cannot open %1: the file is truncated (it ends after %2 bytes, in the "
                           "middle of the data).")
                            .arg(name)
                            .arg(bytes.size()));
        }
        return fail(Error::Corrupt, tr("Cannot open %1: it is not valid JSON (%2 at byte %3).")
                                        .arg(name, err.errorString())
                                        .arg(err.offset));
    }
    if (!doc.isObject()) {
        return fail(Error::NotClaudette,
                    tr("Cannot open %1: it is not a claudette conversation.").arg(name));
    }
    return fromRoot(doc.object(), name);
}

ConversationFile::LoadResult ConversationFile::fromRoot(const QJsonObject &root,
                                                        const QString &name)
{
    if (root.value("format"_L1).toString() != "claudette"_L1) {
        return fail(Error::NotClaudette,
                    tr("Cannot open %1: it is not a claudette conversation (no \"format\": "
                       "\"claudette\").")
                        .arg(name));
    }
    const QJsonValue version = root.value("version"_L1);
    const double v = version.toDouble(-1);
    if (!version.isDouble() || v < 0 || v != std::trunc(v)) {
        return fail(
            Error::Invalid,
            tr("Cannot open %1: its format version is missing or not a whole number.").arg(name));
    }
    if (v > kVersion) {
        return fail(Error::NewerVersion,
                    tr("Cannot open %1: it was made by a newer claudette, version %2; this one "
                       "reads up to %3.")
                        .arg(name, QString::number(v, 'f', 0))
                        .arg(kVersion));
    }
    if (v == 0)
        return migrateV0(root, name);
    return fromJson(root, name);
}

ConversationFile::LoadResult ConversationFile::fromJson(const QJsonObject &root,
                                                        const QString &name)
{
    const auto invalid = [&name](const QString &what) {
        return fail(Error::Invalid,
                    tr("Cannot open %1: the file is damaged (%2).").arg(name, what));
    };
    ConversationData d;
    d.sourceVersion = root.value("version"_L1).toInt();
    d.id = root.value("id"_L1).toString();
    if (d.id.isEmpty())
        return invalid(u"no conversation id"_s);
    d.title = root.value("title"_L1).toString();
    d.created = QDateTime::fromString(root.value("created"_L1).toString(), Qt::ISODateWithMs);
    d.modified = QDateTime::fromString(root.value("modified"_L1).toString(), Qt::ISODateWithMs);
    for (const char *key : {"settings", "draft", "attachments"}) {
        const QJsonValue value = root.value(QLatin1StringView(key));
        if (!value.isUndefined() && !value.isObject())
            return invalid(u"\"%1\" is not an object"_s.arg(QLatin1StringView(key)));
    }
    d.settings = root.value("settings"_L1).toObject();
    d.draft = root.value("draft"_L1).toObject();
    d.attachments = root.value("attachments"_L1).toObject();
    for (auto it = d.attachments.constBegin(); it != d.attachments.constEnd(); ++it) {
        if (!it.value().isObject() || !it.value().toObject().value("data"_L1).isString())
            return invalid(u"attachment %1 has no data"_s.arg(it.key()));
    }
    const QJsonValue turnsValue = root.value("turns"_L1);
    if (!turnsValue.isUndefined() && !turnsValue.isArray())
        return invalid(u"\"turns\" is not a list"_s);
    const QJsonArray turns = turnsValue.toArray();
    d.turns.reserve(turns.size());
    QSet<QString> seen;
    seen.reserve(turns.size());
    for (qsizetype i = 0; i < turns.size(); ++i) {
        if (!turns.at(i).isObject())
            return invalid(u"turn %1 is not an object"_s.arg(i + 1));
        QString error;
        std::optional<Turn> t = Turn::fromJson(turns.at(i).toObject(), &error);
        if (!t)
            return invalid(error);
        if (seen.contains(t->id))
            return invalid(u"turn id %1 appears twice"_s.arg(t->id));
        // Parents come first: this also rules out cycles.
        if (!t->parentId.isEmpty() && !seen.contains(t->parentId))
            return invalid(
                u"turn %1 refers to an unknown or later parent %2"_s.arg(t->id, t->parentId));
        seen.insert(t->id);
        d.turns.append(std::move(*t));
    }
    d.currentLeaf = root.value("current"_L1).toString();
    if (!d.currentLeaf.isEmpty() && !seen.contains(d.currentLeaf))
        return invalid(u"the current turn %1 does not exist"_s.arg(d.currentLeaf));
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        if (!isTopKey(it.key()))
            d.extra.insert(it.key(), it.value());
    }
    LoadResult r;
    r.data = std::move(d);
    return r;
}

ConversationFile::LoadResult ConversationFile::migrateV0(const QJsonObject &root,
                                                         const QString &name)
{
    // Version 0 was the early linear format: the API's `messages` list with base64 sources
    // inline, and `model` and `system` at the top level. See docs/file-format.md.
    const QJsonValue messagesValue = root.value("messages"_L1);
    if (!messagesValue.isArray()) {
        return fail(Error::Invalid,
                    tr("Cannot open %1: the file is damaged (a version 0 file needs a \"messages\" "
                       "list).")
                        .arg(name));
    }
    ConversationData d;
    d.id = root.value("id"_L1).toString();
    if (d.id.isEmpty())
        d.id = Turn::newId();
    d.title = root.value("title"_L1).toString();
    d.created = QDateTime::fromString(root.value("created"_L1).toString(), Qt::ISODateWithMs);
    d.modified = d.created;
    if (root.contains("model"_L1))
        d.settings.insert("model"_L1, root.value("model"_L1));
    if (root.contains("system"_L1))
        d.settings.insert("system"_L1, root.value("system"_L1));
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        if (!isTopKey(it.key()) && it.key() != "messages"_L1 && it.key() != "model"_L1 &&
            it.key() != "system"_L1)
            d.extra.insert(it.key(), it.value());
    }
    Conversation c(d);
    QString parent;
    const QJsonArray messages = messagesValue.toArray();
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QJsonObject m = messages.at(i).toObject();
        const QString role = m.value("role"_L1).toString();
        if (role != "user"_L1 && role != "assistant"_L1) {
            return fail(Error::Invalid,
                        tr("Cannot open %1: the file is damaged (message %2 has no valid role).")
                            .arg(name)
                            .arg(i + 1));
        }
        Turn t;
        t.id = Turn::newId();
        t.parentId = parent;
        t.role = role;
        const QJsonValue content = m.value("content"_L1);
        t.content = content.isString()
                        ? QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, content}}}
                        : c.internAttachments(content.toArray());
        t.created = d.created;
        for (auto it = m.constBegin(); it != m.constEnd(); ++it) {
            if (it.key() != "role"_L1 && it.key() != "content"_L1)
                t.extra.insert(it.key(), it.value());
        }
        c.addTurn(t);
        parent = t.id;
    }
    LoadResult r;
    r.data = c.data();
    r.data->sourceVersion = 0;
    return r;
}

QJsonObject ConversationFile::toJson(const ConversationData &d)
{
    QJsonObject root = d.extra;
    root.insert("format"_L1, "claudette"_L1);
    root.insert("version"_L1, kVersion);
    root.insert("id"_L1, d.id);
    root.insert("title"_L1, d.title);
    if (d.created.isValid())
        root.insert("created"_L1, d.created.toUTC().toString(Qt::ISODateWithMs));
    if (d.modified.isValid())
        root.insert("modified"_L1, d.modified.toUTC().toString(Qt::ISODateWithMs));
    root.insert("settings"_L1, d.settings);
    root.insert("draft"_L1, d.draft);
    root.insert("current"_L1,
                d.currentLeaf.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(d.currentLeaf));
    QJsonArray turns;
    for (const Turn &t : d.turns)
        turns.append(t.toJson());
    root.insert("turns"_L1, turns);
    root.insert("attachments"_L1, d.attachments);
    return root;
}

QByteArray ConversationFile::serialize(const ConversationData &data)
{
    return JsonWriter::compact(toJson(data));
}

ConversationFile::SaveResult ConversationFile::save(const QString &path,
                                                    const ConversationData &data)
{
    SaveResult r;
    if (data.sourceVersion < kVersion && QFile::exists(path) && !QFile::exists(backupPath(path))) {
        if (!QFile::copy(path, backupPath(path))) {
            r.errorString = tr("Cannot save %1: the backup of the older version could not be "
                               "written to %2.")
                                .arg(path, backupPath(path));
            qCWarning(lcFile) << r.errorString;
            return r;
        }
        r.backupWritten = true;
    }
    QByteArray bytes = serialize(data);
    const auto release = qScopeGuard([&bytes] {
        const qsizetype size = bytes.size();
        bytes = QByteArray();
        releaseMemoryAfter(size);
    });
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        r.errorString = tr("Cannot save %1: %2").arg(path, file.errorString());
        qCWarning(lcFile) << r.errorString;
        return r;
    }
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        r.errorString = tr("Cannot save %1: %2").arg(path, file.errorString());
        qCWarning(lcFile) << r.errorString;
        return r;
    }
    r.ok = true;
    return r;
}

} // namespace claudette
