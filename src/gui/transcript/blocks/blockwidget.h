#pragma once

#include <QJsonObject>
#include <QWidget>

namespace claudette {

class Conversation;
class MarkdownRenderer;

/// What a block widget needs besides its block's JSON.
struct BlockContext
{
    const MarkdownRenderer *renderer = nullptr;
    /// For attachment references in image and document sources; may be null.
    const Conversation *conversation = nullptr;
    /// The block may still grow: it is the last block of a reply that is streaming.
    bool open = false;
};

/**
 * Shows one content block of a message. setBlock() is called with the block's latest JSON each
 * time the message changes; implementations do work in proportion to what changed (a streaming
 * text block renders only its open markdown tail) and nothing when nothing did.
 */
class BlockWidget : public QWidget
{
    Q_OBJECT
public:
    explicit BlockWidget(QWidget *parent = nullptr);

    virtual void setBlock(const QJsonObject &block, const BlockContext &context) = 0;
    /// Selects the first occurrence of @p text; returns whether it was found.
    virtual bool highlight(const QString &text);

    /// The block type a widget made by create() handles ("text", "thinking", ...); the unknown
    /// block widget reports the type it was made for.
    QString blockType() const { return m_type; }
    /// A widget for a block of @p type (unknown types get a labelled JSON box).
    static BlockWidget *create(const QString &type, QWidget *parent);

Q_SIGNALS:
    void linkActivated(const QUrl &url);

protected:
    QString m_type;
};

} // namespace claudette
