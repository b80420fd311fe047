#include "render/conversationexporter.h"

#include "core/store/conversation.h"
#include "render/htmlescape.h"
#include "render/htmlpage.h"
#include "render/markdownrenderer.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ConversationExporter", text);
}

/// A fenced code block whose fence is longer than any backtick run in @p code.
QString fenced(const QString &code, const QString &language = {})
{
    int longest = 0;
    int run = 0;
    for (const QChar c : code) {
        run = c == u'`' ? run + 1 : 0;
        longest = qMax(longest, run);
    }
    const QString fence(qMax(3, longest + 1), u'`');
    QString body = code;
    if (!body.endsWith(u'\n'))
        body += u'\n';
    return fence % language % u'\n' % body % fence % u'\n';
}

QString prettyJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented))
            .trimmed();
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented))
            .trimmed();
    if (value.isString())
        return value.toString();
    return QString::fromUtf8(
               QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).chopped(1))
        .mid(1);
}

QString quoted(const QString &text)
{
    QString out;
    const QStringList lines = text.split(u'\n');
    for (const QString &line : lines)
        out += line.isEmpty() ? u">\n"_s : u"> "_s % line % u'\n';
    return out;
}

bool isToolUse(const QString &type)
{
    return type == "tool_use"_L1 || type == "server_tool_use"_L1 || type == "mcp_tool_use"_L1;
}

bool isToolResult(const QString &type)
{
    return type == "tool_result"_L1 || type.endsWith("_tool_result"_L1);
}

/// One rendered piece of a turn: markdown (or a details box around markdown) and images.
struct Piece
{
    QString markdown;
    QString details; ///< non-empty: the piece goes in a <details> with this summary
};

struct TurnParts
{
    QList<Piece> pieces;
    QList<HtmlImage> images;
};

/// The name of an attachment, from the original (not expanded) source.
QString attachmentName(const Conversation &conversation, const QJsonObject &source)
{
    if (source.value("type"_L1).toString() == "attachment"_L1) {
        const QJsonObject a = conversation.attachment(source.value("sha256"_L1).toString());
        return a.value("name"_L1).toString();
    }
    return {};
}

void addImage(TurnParts &parts, const QJsonObject &source, const QString &name)
{
    const QString type = source.value("type"_L1).toString();
    const QString media = source.value("media_type"_L1).toString();
    QString label = name.isEmpty() ? media : name % u" ("_s % media % u')';
    if (type == "base64"_L1) {
        HtmlImage image;
        image.data = QByteArray::fromBase64(source.value("data"_L1).toString().toLatin1());
        image.mimeType = media;
        image.alt = name.isEmpty() ? tr("image") : name;
        parts.images.append(image);
    } else if (type == "url"_L1) {
        label = source.value("url"_L1).toString();
    }
    parts.pieces.append({u"*["_s % tr("image: %1").arg(label) % u"]*\n"_s, {}});
}

QString toolResultText(const QJsonValue &content, TurnParts &parts)
{
    if (content.isString())
        return content.toString();
    if (!content.isArray())
        return prettyJson(content);
    QString text;
    for (const QJsonValue &v : content.toArray()) {
        const QJsonObject block = v.toObject();
        const QString type = block.value("type"_L1).toString();
        if (type == "text"_L1) {
            text += block.value("text"_L1).toString();
            if (!text.endsWith(u'\n'))
                text += u'\n';
        } else if (type == "image"_L1) {
            addImage(parts, block.value("source"_L1).toObject(), {});
        } else {
            text += prettyJson(block) % u'\n';
        }
    }
    return text;
}

TurnParts partsOf(const Conversation &conversation, const Turn &turn)
{
    TurnParts parts;
    const QJsonArray expanded = conversation.expandAttachments(turn.content);
    for (qsizetype i = 0; i < expanded.size(); ++i) {
        const QJsonObject block = expanded.at(i).toObject();
        const QJsonObject original = turn.content.at(i).toObject();
        const QString type = block.value("type"_L1).toString();
        if (type == "text"_L1) {
            parts.pieces.append({block.value("text"_L1).toString(), {}});
        } else if (type == "thinking"_L1) {
            parts.pieces.append({block.value("thinking"_L1).toString(), tr("Thinking")});
        } else if (type == "redacted_thinking"_L1) {
            parts.pieces.append({u"*"_s % tr("(redacted thinking)") % u"*\n"_s, {}});
        } else if (type == "image"_L1) {
            addImage(parts, block.value("source"_L1).toObject(),
                     attachmentName(conversation, original.value("source"_L1).toObject()));
        } else if (type == "document"_L1) {
            QString name = block.value("title"_L1).toString();
            if (name.isEmpty())
                name = attachmentName(conversation, original.value("source"_L1).toObject());
            if (name.isEmpty())
                name = block.value("source"_L1).toObject().value("media_type"_L1).toString();
            parts.pieces.append({u"*["_s % tr("document: %1").arg(name) % u"]*\n"_s, {}});
        } else if (isToolUse(type)) {
            const QString heading =
                u"**"_s % tr("Tool call: %1").arg(block.value("name"_L1).toString()) % u"**\n\n"_s;
            parts.pieces.append(
                {heading % fenced(prettyJson(block.value("input"_L1)), u"json"_s), {}});
        } else if (isToolResult(type)) {
            const bool error = block.value("is_error"_L1).toBool();
            const QString heading =
                u"**"_s % (error ? tr("Tool result (error)") : tr("Tool result")) % u"**\n\n"_s;
            const QString text = toolResultText(block.value("content"_L1), parts);
            parts.pieces.append({heading % (text.isEmpty() ? QString() : fenced(text)), {}});
        } else {
            parts.pieces.append({fenced(prettyJson(block), u"json"_s), {}});
        }
    }
    if (turn.status == TurnStatus::Error && !turn.error.isEmpty()) {
        QString error = turn.error.type.isEmpty() ? turn.error.kind : turn.error.type;
        if (!turn.error.message.isEmpty())
            error += u": "_s % turn.error.message;
        parts.pieces.append({u"**"_s % tr("Error") % u"**\n\n"_s % fenced(error), {}});
    } else if (turn.status == TurnStatus::Stopped || turn.status == TurnStatus::Interrupted) {
        parts.pieces.append(
            {u"*"_s % (turn.status == TurnStatus::Stopped ? tr("(stopped)") : tr("(interrupted)")) %
                 u"*\n"_s,
             {}});
    }
    return parts;
}

QString label(const Turn &turn)
{
    if (turn.isUser())
        return tr("User");
    return turn.model.isEmpty() ? tr("Claude") : tr("Claude (%1)").arg(turn.model);
}

} // namespace

ConversationExporter::ConversationExporter(const Conversation &conversation)
    : m_conversation(conversation)
{}

std::optional<ConversationExporter::Format> ConversationExporter::formatForName(QStringView name)
{
    const QString n = name.toString().toLower();
    if (n == "md"_L1 || n == "markdown"_L1)
        return Format::Markdown;
    if (n == "html"_L1 || n == "htm"_L1)
        return Format::Html;
    if (n == "json"_L1)
        return Format::ApiJson;
    return std::nullopt;
}

std::optional<ConversationExporter::Format> ConversationExporter::formatForPath(const QString &path)
{
    return formatForName(QFileInfo(path).suffix());
}

QString ConversationExporter::suffix(Format format)
{
    switch (format) {
    case Format::Markdown:
        return u"md"_s;
    case Format::Html:
        return u"html"_s;
    case Format::ApiJson:
        return u"json"_s;
    }
    return {};
}

QString ConversationExporter::title() const
{
    const QString t = m_conversation.title().trimmed();
    return t.isEmpty() ? tr("Conversation") : t;
}

QString ConversationExporter::toMarkdown() const
{
    QString md = u"# "_s % title() % u"\n"_s;
    const QString system = m_conversation.settings().value("system"_L1).toString();
    if (!system.isEmpty())
        md += u"\n## "_s % tr("System") % u"\n\n"_s % system % u'\n';
    for (const QString &id : m_conversation.currentBranch()) {
        const Turn turn = m_conversation.turn(id);
        md += u"\n## "_s % label(turn) % u"\n"_s;
        const TurnParts parts = partsOf(m_conversation, turn);
        for (const Piece &piece : parts.pieces) {
            md += u'\n';
            if (!piece.details.isEmpty())
                md += quoted(u"**"_s % piece.details % u"**\n\n"_s % piece.markdown);
            else
                md += piece.markdown;
            if (!md.endsWith(u'\n'))
                md += u'\n';
        }
    }
    return md;
}

QString ConversationExporter::toHtml() const
{
    const MarkdownRenderer renderer(m_highlighter);
    QList<HtmlSection> sections;
    const QString system = m_conversation.settings().value("system"_L1).toString();
    if (!system.isEmpty())
        sections.append({u"system"_s, tr("System"), renderer.toHtml(system), {}});
    for (const QString &id : m_conversation.currentBranch()) {
        const Turn turn = m_conversation.turn(id);
        const TurnParts parts = partsOf(m_conversation, turn);
        HtmlSection section;
        section.role = turn.role;
        section.label = label(turn);
        section.images = parts.images;
        for (const Piece &piece : parts.pieces) {
            if (piece.details.isEmpty()) {
                section.bodyHtml += renderer.toHtml(piece.markdown);
            } else {
                section.bodyHtml += u"<details class=\"thinking\"><summary>"_s %
                                    htmlEscaped(piece.details) % u"</summary>\n"_s %
                                    renderer.toHtml(piece.markdown) % u"</details>\n"_s;
            }
        }
        sections.append(section);
    }
    return HtmlPage::build(title(), sections);
}

QByteArray ConversationExporter::toApiJson() const
{
    QJsonObject root;
    const QJsonObject settings = m_conversation.settings();
    QString model = settings.value("model"_L1).toString();
    for (const QString &id : m_conversation.currentBranch()) {
        if (model.isEmpty() || !settings.contains("model"_L1)) {
            const Turn turn = m_conversation.turn(id);
            if (turn.isAssistant() && !turn.model.isEmpty())
                model = turn.model;
        }
    }
    if (!model.isEmpty())
        root.insert("model"_L1, model);
    if (const QString system = settings.value("system"_L1).toString(); !system.isEmpty())
        root.insert("system"_L1, system);
    root.insert("messages"_L1, m_conversation.messagesForApi());
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray ConversationExporter::exportAs(Format format) const
{
    switch (format) {
    case Format::Markdown:
        return toMarkdown().toUtf8();
    case Format::Html:
        return toHtml().toUtf8();
    case Format::ApiJson:
        return toApiJson();
    }
    return {};
}

} // namespace claudette
