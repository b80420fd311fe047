#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace claudette {

class Conversation;
class PromptEditor;

/**
 * Keeps the composer's unsent text and attachments so that they survive a quit or a crash.
 *
 * Bound to a conversation, the draft lives in its `draft` object (`{"text": ..., "content":
 * [blocks]}`, attachments in the conversation's attachment table), saved with the conversation by
 * its autosave. Bound to nothing (a new conversation that has no file until its first message),
 * it lives in a file of its own (AppPaths::draftFile(), replaced atomically, removed when empty).
 * Edits are written 400 ms after the last keystroke, at the latest, and at once on flush().
 */
class ComposerDraft : public QObject
{
    Q_OBJECT
public:
    ComposerDraft(PromptEditor *editor, const QString &newDraftFile, QObject *parent = nullptr);
    ~ComposerDraft() override;

    /// Writes what is pending, then fills the composer with @p conversation's draft (nullptr:
    /// the new-conversation draft file) and keeps the composer's edits there from now on.
    void bind(Conversation *conversation);
    /// The composer keeps what it holds, which becomes @p conversation's draft (a new
    /// conversation got its file with its first message); the draft file is emptied.
    void adopt(Conversation *conversation);
    /// Writes pending edits now.
    void flush();
    /// The draft as it would be written now (text and draft blocks).
    QJsonObject snapshot() const;

Q_SIGNALS:
    /// A draft could not be read or written; the message says what and where.
    void problem(const QString &message);

private:
    void edited();
    void attachmentsEdited();
    /// The composer's attachments as draft blocks (base64 sources), built once per change.
    QJsonArray draftBlocks() const;
    void write(const QJsonObject &draft);
    void writeFile(const QJsonObject &draft);
    QJsonObject readFile();
    void fill(const QJsonObject &draft);

    PromptEditor *m_editor;
    QString m_file;
    QPointer<Conversation> m_conversation;
    bool m_toFile = true; ///< bound to the new-conversation draft file, not to a conversation
    QTimer m_timer;
    bool m_filling = false;
    bool m_dirty = false; ///< edits not written yet
    // Encoding attachments (base64) and interning them (SHA-256) costs megabytes of work for a
    // large image; most writes follow a change of the text only, so both results are kept until
    // the attachments change.
    mutable QJsonArray m_blocks;
    mutable bool m_blocksValid = false;
    QJsonArray m_internedBlocks; ///< m_internedFrom with attachment references
    QJsonArray m_internedFrom;
    QPointer<Conversation> m_internedFor;
};

} // namespace claudette
