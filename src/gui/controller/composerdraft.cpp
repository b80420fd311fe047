#include "gui/controller/composerdraft.h"

#include "core/store/conversation.h"
#include "gui/composer/attachmentcontent.h"
#include "gui/composer/prompteditor.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSaveFile>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDraft, "claudette.gui.draft")

namespace claudette {

namespace {
constexpr int kWriteDelayMs = 400;

bool isEmptyDraft(const QJsonObject &draft)
{
    return draft.value("text"_L1).toString().isEmpty() &&
           draft.value("content"_L1).toArray().isEmpty();
}
} // namespace

ComposerDraft::ComposerDraft(PromptEditor *editor, const QString &newDraftFile, QObject *parent)
    : QObject(parent)
    , m_editor(editor)
    , m_file(newDraftFile)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kWriteDelayMs);
    connect(&m_timer, &QTimer::timeout, this, &ComposerDraft::flush);
    connect(editor, &PromptEditor::textChanged, this, &ComposerDraft::edited);
    connect(editor, &PromptEditor::attachmentsChanged, this, &ComposerDraft::attachmentsEdited);
}

ComposerDraft::~ComposerDraft()
{
    flush();
}

QJsonObject ComposerDraft::snapshot() const
{
    QJsonObject draft;
    if (const QString text = m_editor->text(); !text.isEmpty())
        draft.insert(u"text"_s, text);
    if (const QJsonArray blocks = draftBlocks(); !blocks.isEmpty())
        draft.insert(u"content"_s, blocks);
    return draft;
}

QJsonArray ComposerDraft::draftBlocks() const
{
    if (!m_blocksValid) {
        m_blocks = AttachmentContent::draftBlocks(m_editor->attachments());
        m_blocksValid = true;
    }
    return m_blocks;
}

void ComposerDraft::attachmentsEdited()
{
    m_blocksValid = false;
    edited();
}

void ComposerDraft::edited()
{
    if (m_filling)
        return;
    m_dirty = true;
    m_timer.start();
}

void ComposerDraft::flush()
{
    m_timer.stop();
    if (!m_dirty)
        return;
    m_dirty = false;
    write(snapshot());
}

void ComposerDraft::write(const QJsonObject &draft)
{
    if (!m_toFile) {
        if (!m_conversation)
            return; // its session is gone
        QJsonObject stored = draft;
        if (draft.contains("content"_L1)) {
            const QJsonArray blocks = draft.value("content"_L1).toArray();
            // Reuse the interned blocks unless the blocks changed, the conversation did, or its
            // attachment table was replaced since (reloaded from disk).
            if (m_internedFor != m_conversation || blocks != m_internedFrom ||
                m_conversation->referencedAttachments(m_internedBlocks).isEmpty()) {
                m_internedBlocks = m_conversation->internAttachments(blocks);
                m_internedFrom = blocks;
                m_internedFor = m_conversation;
            }
            stored.insert(u"content"_s, m_internedBlocks);
        }
        if (stored != m_conversation->draft())
            m_conversation->setDraft(stored);
        return;
    }
    writeFile(draft);
}

void ComposerDraft::writeFile(const QJsonObject &draft)
{
    if (isEmptyDraft(draft)) {
        if (QFile::exists(m_file) && !QFile::remove(m_file))
            Q_EMIT problem(tr("The unsent draft \"%1\" could not be removed.").arg(m_file));
        return;
    }
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    QSaveFile file(m_file);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(draft).toJson(QJsonDocument::Compact)) < 0 || !file.commit())
        Q_EMIT problem(tr("The unsent draft could not be saved to \"%1\": %2")
                           .arg(m_file, file.errorString()));
}

QJsonObject ComposerDraft::readFile()
{
    QFile file(m_file);
    if (!file.exists())
        return {};
    QJsonParseError error{};
    QJsonDocument doc;
    if (file.open(QIODevice::ReadOnly))
        doc = QJsonDocument::fromJson(file.readAll(), &error);
    file.close();
    if (error.error == QJsonParseError::NoError && doc.isObject())
        return doc.object();
    // Unreadable: keep its bytes aside for the user rather than overwrite them with the next edit.
    const QString aside =
        m_file + u".unreadable-"_s + QDateTime::currentDateTime().toString(u"yyyyMMdd-hhmmss"_s);
    QFile::rename(m_file, aside);
    qCWarning(lcDraft).noquote() << "unreadable draft moved to" << aside;
    Q_EMIT problem(tr("The unsent draft could not be read; it was kept as \"%1\".").arg(aside));
    return {};
}

void ComposerDraft::fill(const QJsonObject &draft)
{
    m_filling = true;
    m_editor->setDraft(draft.value("text"_L1).toString(),
                       AttachmentContent::fromContent(draft.value("content"_L1).toArray()));
    m_filling = false;
}

void ComposerDraft::bind(Conversation *conversation)
{
    flush();
    m_conversation = conversation;
    m_toFile = conversation == nullptr;
    if (conversation) {
        QJsonObject draft = conversation->draft();
        draft.insert(u"content"_s,
                     conversation->expandAttachments(draft.value("content"_L1).toArray()));
        fill(draft);
    } else {
        fill(readFile());
    }
}

void ComposerDraft::adopt(Conversation *conversation)
{
    m_timer.stop();
    m_dirty = false;
    const QJsonObject draft = snapshot();
    if (m_toFile)
        writeFile({});
    m_conversation = conversation;
    m_toFile = conversation == nullptr;
    write(draft);
}

} // namespace claudette
