#pragma once

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/State>

#include <QFrame>
#include <QList>

class QLabel;
class QToolButton;

namespace claudette {

class CodeHighlighter;
class MarkdownView;

/// One fenced code block: a header with the language and a Copy button, and the highlighted code,
/// which scrolls horizontally instead of wrapping long lines.
///
/// Highlighting is incremental: when new code extends the code shown (a streaming fence), only the
/// lines completed since, and the unfinished last line, go through the highlighter; the
/// KSyntaxHighlighting state after every complete line is kept, so a line is never highlighted
/// twice once its newline arrived.
class CodeBlockWidget : public QFrame
{
    Q_OBJECT
public:
    explicit CodeBlockWidget(QWidget *parent = nullptr);

    /// Shows @p code highlighted as @p language (plain text when unknown or empty).
    void setCode(const QString &code, const QString &language, const CodeHighlighter &highlighter);
    QString code() const { return m_code; }
    QString language() const { return m_language; }
    MarkdownView *view() const { return m_view; }
    /// How many lines went through the highlighter since the widget was made (a measure of work:
    /// a growing block adds its new lines plus the unfinished last one per update).
    qint64 highlightedLineCount() const { return m_highlightedLines; }

    /// The code between the fences of a fenced block's markdown @p source. When @p closed, the
    /// closing fence (and the blank lines after it) are dropped too.
    static QString codeFromFence(QStringView source, bool closed);

public Q_SLOTS:
    void copyToClipboard();

private:
    void restart(const QString &language, const CodeHighlighter &highlighter);
    void highlightFrom(const QString &code, const CodeHighlighter &highlighter);

    QLabel *m_languageLabel;
    QToolButton *m_copyButton;
    MarkdownView *m_view;
    QString m_code;
    QString m_language;
    QString m_themeName;
    KSyntaxHighlighting::Definition m_definition;
    /// The state after each complete (newline-terminated) line shown.
    QList<KSyntaxHighlighting::State> m_states;
    /// Characters of m_code covered by complete lines (including their newlines).
    qsizetype m_doneChars = 0;
    qint64 m_highlightedLines = 0;
    bool m_started = false;
};

} // namespace claudette
