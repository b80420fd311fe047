#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace claudette {

class CodeHighlighter;
class MarkdownView;

/// One fenced code block: a header with the language and a Copy button, and the highlighted code,
/// which scrolls horizontally instead of wrapping long lines.
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

    /// The code between the fences of a fenced block's markdown @p source. When @p closed, the
    /// closing fence (and the blank lines after it) are dropped too.
    static QString codeFromFence(QStringView source, bool closed);

public Q_SLOTS:
    void copyToClipboard();

private:
    QLabel *m_languageLabel;
    QToolButton *m_copyButton;
    MarkdownView *m_view;
    QString m_code;
    QString m_language;
};

} // namespace claudette
