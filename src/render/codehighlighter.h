#pragma once

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>

#include <QList>
#include <QString>
#include <QStringView>
#include <QTextCharFormat>

class QPalette;

namespace KSyntaxHighlighting {
class Repository;
}

namespace claudette {

/**
 * Syntax highlighting of code blocks into HTML, with KSyntaxHighlighting.
 *
 * All highlighters share ONE KSyntaxHighlighting::Repository per process (sharedRepository(),
 * created on first use; loading the definitions is the expensive part). A CodeHighlighter is a
 * cheap value holding a theme; it can be copied and used from the thread that created the
 * repository (the GUI thread, or the CLI's main thread).
 *
 * The output escapes every character of the code and carries the colours as inline styles, so
 * it works in a QTextDocument and in an exported page alike, and references nothing external.
 */
class CodeHighlighter
{
public:
    /// Colours from the repository's default light theme.
    CodeHighlighter();
    explicit CodeHighlighter(const KSyntaxHighlighting::Theme &theme);

    /// The process-wide repository.
    static KSyntaxHighlighting::Repository &sharedRepository();
    /// The theme matching @p palette (dark palette: a dark theme).
    static KSyntaxHighlighting::Theme themeForPalette(const QPalette &palette);
    /// The default light or dark theme.
    static KSyntaxHighlighting::Theme defaultTheme(bool dark);

    /**
     * The definition for a fence language: matched case-insensitively against definition names
     * and common aliases (cpp, c++, js, ts, py, sh, shell, bash, json, yaml, yml, rs, go, ...),
     * then as a file extension ("x." + lang). Invalid (plain text) when nothing matches.
     */
    static KSyntaxHighlighting::Definition definitionForLanguage(QStringView language);

    const KSyntaxHighlighting::Theme &theme() const { return m_theme; }
    void setTheme(const KSyntaxHighlighting::Theme &theme) { m_theme = theme; }

    /// Inline CSS for the block holding the code: the theme's background and normal text colour.
    QString blockStyle() const;

    /// @p code highlighted as @p language: escaped HTML with <span style> runs, lines joined with
    /// LF (no <pre> wrapper). An unknown language gives the escaped plain text.
    QString toHtml(QStringView code, QStringView language) const;

    /// One line of @p definition highlighted from @p state; @p state becomes the state after the
    /// line. Lets callers highlight a growing block line by line, keeping the state per line.
    QString highlightLine(QStringView line, const KSyntaxHighlighting::Definition &definition,
                          KSyntaxHighlighting::State &state) const;

    /// One formatted run of a highlighted line (characters [offset, offset + length)).
    struct FormatRun
    {
        int offset = 0;
        int length = 0;
        QTextCharFormat format;
    };
    /// Like highlightLine(), as character formats for a QTextCursor instead of HTML: runs in the
    /// theme's normal text colour are left out (the caller's default format covers them).
    QList<FormatRun> formatLine(QStringView line, const KSyntaxHighlighting::Definition &definition,
                                KSyntaxHighlighting::State &state) const;
    /// The theme's background colour and normal text colour.
    QColor backgroundColor() const;
    QColor textColor() const;

private:
    KSyntaxHighlighting::Theme m_theme;
};

} // namespace claudette
