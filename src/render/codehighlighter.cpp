#include "render/codehighlighter.h"

#include "render/htmlescape.h"

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>

#include <QColor>
#include <QFont>
#include <QHash>
#include <QList>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {

Q_GLOBAL_STATIC(KSyntaxHighlighting::Repository, s_repository)

/// Fence names that are not a definition's name (case-insensitive keys).
const QHash<QString, QString> &aliases()
{
    static const QHash<QString, QString> table = {
        {u"c++"_s, u"C++"_s},
        {u"cpp"_s, u"C++"_s},
        {u"cxx"_s, u"C++"_s},
        {u"cc"_s, u"C++"_s},
        {u"hpp"_s, u"C++"_s},
        {u"h"_s, u"C"_s},
        {u"js"_s, u"JavaScript"_s},
        {u"javascript"_s, u"JavaScript"_s},
        {u"node"_s, u"JavaScript"_s},
        {u"mjs"_s, u"JavaScript"_s},
        {u"jsx"_s, u"JavaScript React (JSX)"_s},
        {u"ts"_s, u"TypeScript"_s},
        {u"typescript"_s, u"TypeScript"_s},
        {u"tsx"_s, u"TypeScript React (TSX)"_s},
        {u"py"_s, u"Python"_s},
        {u"python3"_s, u"Python"_s},
        {u"py3"_s, u"Python"_s},
        {u"sh"_s, u"Bash"_s},
        {u"shell"_s, u"Bash"_s},
        {u"bash"_s, u"Bash"_s},
        {u"console"_s, u"Bash"_s},
        {u"shellsession"_s, u"Bash"_s},
        {u"zsh"_s, u"Zsh"_s},
        {u"json"_s, u"JSON"_s},
        {u"jsonc"_s, u"JSON"_s},
        {u"jsonl"_s, u"JSON"_s},
        {u"yaml"_s, u"YAML"_s},
        {u"yml"_s, u"YAML"_s},
        {u"rs"_s, u"Rust"_s},
        {u"rust"_s, u"Rust"_s},
        {u"go"_s, u"Go"_s},
        {u"golang"_s, u"Go"_s},
        {u"rb"_s, u"Ruby"_s},
        {u"cs"_s, u"C#"_s},
        {u"csharp"_s, u"C#"_s},
        {u"kt"_s, u"Kotlin"_s},
        {u"md"_s, u"Markdown"_s},
        {u"html"_s, u"HTML"_s},
        {u"xml"_s, u"XML"_s},
        {u"toml"_s, u"TOML"_s},
        {u"ini"_s, u"INI Files"_s},
        {u"php"_s, u"PHP/PHP"_s},
        {u"ps1"_s, u"PowerShell"_s},
        {u"powershell"_s, u"PowerShell"_s},
        {u"make"_s, u"Makefile"_s},
        {u"makefile"_s, u"Makefile"_s},
        {u"dockerfile"_s, u"Dockerfile"_s},
        {u"docker"_s, u"Dockerfile"_s},
        {u"diff"_s, u"Diff"_s},
        {u"patch"_s, u"Diff"_s},
        {u"objc"_s, u"Objective-C"_s},
        {u"objective-c"_s, u"Objective-C"_s},
        {u"r"_s, u"R Script"_s},
        {u"tex"_s, u"LaTeX"_s},
        {u"latex"_s, u"LaTeX"_s},
        {u"cmake"_s, u"CMake"_s},
    };
    return table;
}

QString colorName(QColor color)
{
    return color.name(QColor::HexRgb);
}

/// Collects the formatted runs of one line as HTML.
class HtmlLineHighlighter : public KSyntaxHighlighting::AbstractHighlighter
{
public:
    QString run(QStringView line, const KSyntaxHighlighting::State &state,
                KSyntaxHighlighting::State *next)
    {
        m_line = line;
        m_html.clear();
        m_done = 0;
        *next = highlightLine(line, state);
        if (m_done < line.size()) {
            appendEscaped(m_html, line.sliced(m_done));
        }
        return m_html;
    }

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override
    {
        if (length <= 0 || offset < m_done || offset + length > m_line.size()) {
            return;
        }
        if (offset > m_done) {
            appendEscaped(m_html, m_line.sliced(m_done, offset - m_done));
        }
        const QStringView text = m_line.sliced(offset, length);
        const KSyntaxHighlighting::Theme t = theme();
        if (format.isDefaultTextStyle(t)) {
            appendEscaped(m_html, text);
        } else {
            QString style;
            if (format.hasTextColor(t)) {
                style += u"color:"_s + colorName(format.textColor(t)) + u';';
            }
            if (format.hasBackgroundColor(t)) {
                style += u"background-color:"_s + colorName(format.backgroundColor(t)) + u';';
            }
            if (format.isBold(t)) {
                style += u"font-weight:bold;"_s;
            }
            if (format.isItalic(t)) {
                style += u"font-style:italic;"_s;
            }
            if (format.isUnderline(t)) {
                style += u"text-decoration:underline;"_s;
            } else if (format.isStrikeThrough(t)) {
                style += u"text-decoration:line-through;"_s;
            }
            if (style.isEmpty()) {
                appendEscaped(m_html, text);
            } else {
                m_html += u"<span style=\""_s + style + u"\">"_s;
                appendEscaped(m_html, text);
                m_html += u"</span>"_s;
            }
        }
        m_done = offset + length;
    }

private:
    QStringView m_line;
    QString m_html;
    qsizetype m_done = 0;
};

/// Collects the formatted runs of one line as QTextCharFormats.
class FormatLineHighlighter : public KSyntaxHighlighting::AbstractHighlighter
{
public:
    QList<CodeHighlighter::FormatRun> run(QStringView line, const KSyntaxHighlighting::State &state,
                                          KSyntaxHighlighting::State *next)
    {
        m_runs.clear();
        m_size = int(line.size());
        *next = highlightLine(line, state);
        return m_runs;
    }

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override
    {
        if (length <= 0 || offset < 0 || offset + length > m_size)
            return;
        const KSyntaxHighlighting::Theme t = theme();
        if (format.isDefaultTextStyle(t))
            return;
        QTextCharFormat chars;
        if (format.hasTextColor(t))
            chars.setForeground(format.textColor(t));
        if (format.hasBackgroundColor(t))
            chars.setBackground(format.backgroundColor(t));
        if (format.isBold(t))
            chars.setFontWeight(QFont::Bold);
        if (format.isItalic(t))
            chars.setFontItalic(true);
        if (format.isUnderline(t))
            chars.setFontUnderline(true);
        else if (format.isStrikeThrough(t))
            chars.setFontStrikeOut(true);
        if (chars.properties().isEmpty())
            return;
        m_runs.append({offset, length, chars});
    }

private:
    QList<CodeHighlighter::FormatRun> m_runs;
    int m_size = 0;
};

} // namespace

CodeHighlighter::CodeHighlighter()
    : m_theme(defaultTheme(false))
{}

CodeHighlighter::CodeHighlighter(const KSyntaxHighlighting::Theme &theme)
    : m_theme(theme.isValid() ? theme : defaultTheme(false))
{}

KSyntaxHighlighting::Repository &CodeHighlighter::sharedRepository()
{
    return *s_repository;
}

KSyntaxHighlighting::Theme CodeHighlighter::themeForPalette(const QPalette &palette)
{
    return sharedRepository().themeForPalette(palette);
}

KSyntaxHighlighting::Theme CodeHighlighter::defaultTheme(bool dark)
{
    return sharedRepository().defaultTheme(dark ? KSyntaxHighlighting::Repository::DarkTheme
                                                : KSyntaxHighlighting::Repository::LightTheme);
}

KSyntaxHighlighting::Definition CodeHighlighter::definitionForLanguage(QStringView language)
{
    const QString lang = language.trimmed().toString().toLower();
    if (lang.isEmpty()) {
        return {};
    }
    const KSyntaxHighlighting::Repository &repo = sharedRepository();
    const auto alias = aliases().constFind(lang);
    if (alias != aliases().cend()) {
        const KSyntaxHighlighting::Definition def = repo.definitionForName(alias.value());
        if (def.isValid()) {
            return def;
        }
    }
    KSyntaxHighlighting::Definition def = repo.definitionForName(lang);
    if (def.isValid()) {
        return def;
    }
    // File names only: a fence language never names a path.
    if (lang.contains(u'/') || lang.contains(u'\\')) {
        return {};
    }
    def = repo.definitionForFileName(u"x."_s + lang);
    if (!def.isValid()) {
        def = repo.definitionForFileName(lang); // "Makefile", "CMakeLists.txt", "Dockerfile"
    }
    return def;
}

QString CodeHighlighter::blockStyle() const
{
    const QColor background =
        QColor::fromRgba(m_theme.editorColor(KSyntaxHighlighting::Theme::BackgroundColor));
    const QColor text = QColor::fromRgba(m_theme.textColor(KSyntaxHighlighting::Theme::Normal));
    return u"background-color:"_s + colorName(background) + u";color:"_s + colorName(text) + u';';
}

QString CodeHighlighter::toHtml(QStringView code, QStringView language) const
{
    const KSyntaxHighlighting::Definition def = definitionForLanguage(language);
    if (!def.isValid()) {
        return htmlEscaped(code);
    }
    HtmlLineHighlighter highlighter;
    highlighter.setTheme(m_theme);
    highlighter.setDefinition(def);
    KSyntaxHighlighting::State state;
    QString html;
    html.reserve(code.size() * 2);
    qsizetype start = 0;
    while (start <= code.size()) {
        qsizetype end = code.indexOf(u'\n', start);
        const bool last = end < 0;
        if (last) {
            end = code.size();
        }
        if (!last || end > start) {
            KSyntaxHighlighting::State next;
            html += highlighter.run(code.sliced(start, end - start), state, &next);
            state = next;
        }
        if (last) {
            break;
        }
        html += u'\n';
        start = end + 1;
    }
    return html;
}

QString CodeHighlighter::highlightLine(QStringView line,
                                       const KSyntaxHighlighting::Definition &definition,
                                       KSyntaxHighlighting::State &state) const
{
    if (!definition.isValid()) {
        return htmlEscaped(line);
    }
    HtmlLineHighlighter highlighter;
    highlighter.setTheme(m_theme);
    highlighter.setDefinition(definition);
    KSyntaxHighlighting::State next;
    QString html = highlighter.run(line, state, &next);
    state = next;
    return html;
}

} // namespace claudette

namespace claudette {

QList<CodeHighlighter::FormatRun>
CodeHighlighter::formatLine(QStringView line, const KSyntaxHighlighting::Definition &definition,
                            KSyntaxHighlighting::State &state) const
{
    if (!definition.isValid())
        return {};
    FormatLineHighlighter highlighter;
    highlighter.setTheme(m_theme);
    highlighter.setDefinition(definition);
    KSyntaxHighlighting::State next;
    QList<FormatRun> runs = highlighter.run(line, state, &next);
    state = next;
    return runs;
}

QColor CodeHighlighter::backgroundColor() const
{
    return QColor::fromRgba(m_theme.editorColor(KSyntaxHighlighting::Theme::BackgroundColor));
}

QColor CodeHighlighter::textColor() const
{
    return QColor::fromRgba(m_theme.textColor(KSyntaxHighlighting::Theme::Normal));
}

} // namespace claudette
