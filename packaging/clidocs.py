#!/usr/bin/env python3
"""Makes claudette-cli's man page and its bash and zsh completions.

    clidocs.py man GRAMMAR.json docs/cli.md OUT.1
    clidocs.py bash GRAMMAR.json OUT
    clidocs.py zsh GRAMMAR.json OUT

GRAMMAR.json is what `claudette-cli-options` prints (packaging/tools/clioptions.cpp): the
subcommands and every row of the option table, and the text of --help. The man page is that help
(synopsis and options) followed by docs/cli.md turned into roff; the completions offer the table's
options per subcommand, with the values --help lists (`--to md|html|json`) and files where --help
names a FILE or OUT. The build runs this (packaging/CMakeLists.txt); nothing here is edited by hand.
"""

import json
import re
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# ------------------------------------------------------------------------------------------------
# What --help says of each option's value.


def value_hints(grammar):
    """{name: (choices, is_file)} for every option that takes a value."""
    usage = grammar["usage"]
    hints = {}
    for opt in grammar["options"]:
        if not opt["value"]:
            continue
        m = re.search(r"--%s[ =](\S+)" % re.escape(opt["name"]), usage)
        metavar = m.group(1).rstrip(",;") if m else ""
        choices = []
        if "|" in metavar:
            choices = [w for w in metavar.split("|") if w and not w.isupper()]
        is_file = metavar in ("FILE", "OUT")
        hints[opt["name"]] = (choices, is_file)
    return hints


def options_of(grammar, subcommand):
    return [o for o in grammar["options"] if not o["applies_to"] or subcommand in o["applies_to"]]


def option_pattern(grammar, name):
    """The option's spellings as a shell case pattern: --name, or --name|-n."""
    opt = [o for o in grammar["options"] if o["name"] == name][0]
    return "--" + name + ("|-" + opt["short"] if opt["short"] else "")


def option_words(grammar, subcommand):
    """Every spelling of the subcommand's options, sorted, as one space-separated word list."""
    options = options_of(grammar, subcommand)
    return " ".join(sorted(["--" + o["name"] for o in options]
                           + ["-" + o["short"] for o in options if o["short"]]))


# ------------------------------------------------------------------------------------------------
# roff


def roff_escape(text):
    text = text.replace("\\", "\\e")
    text = text.replace("-", "\\-")
    return text


def roff_line(text):
    """Escapes one line of running text; a line may not start with . or ' in roff."""
    text = roff_escape(text)
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def inline(text):
    """Markdown inline markup to roff: `code` and **strong** bold, [text](link) as text."""
    text = text.replace("\\|", "|")
    out = []
    pos = 0
    for m in re.finditer(r"`([^`]*)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)]+)\)", text):
        out.append(roff_escape(text[pos:m.start()]))
        if m.group(1) is not None:
            out.append("\\fB" + roff_escape(m.group(1)) + "\\fR")
        elif m.group(2) is not None:
            out.append("\\fB" + roff_escape(m.group(2)) + "\\fR")
        else:
            out.append(roff_escape(m.group(3)))
        pos = m.end()
    out.append(roff_escape(text[pos:]))
    line = "".join(out)
    if line.startswith((".", "'")):
        line = "\\&" + line
    return line


def split_cells(row):
    cells = re.split(r"(?<!\\)\|", row.strip())
    return [c.strip() for c in cells[1:-1]]


def markdown_to_roff(lines):
    out = []
    para = []

    def flush():
        if para:
            out.append(".PP")
            # One line each: a code span may run over the markdown's line breaks.
            out.append(inline(" ".join(para)))
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\n")
        if line.startswith("```"):
            flush()
            out.append(".PP")
            out.append(".nf")
            out.append(".RS 4")
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                out.append(roff_line(lines[i].rstrip("\n")))
                i += 1
            out.append(".RE")
            out.append(".fi")
        elif line.startswith("### "):
            flush()
            out.append('.SS "%s"' % inline(line[4:]).replace('"', ""))
        elif line.startswith("## "):
            flush()
            out.append('.SH "%s"' % inline(line[3:]).upper().replace('"', "").replace("\\FB", "").replace("\\FR", ""))
        elif line.startswith("|"):
            flush()
            header = True
            while i < len(lines) and lines[i].startswith("|"):
                cells = split_cells(lines[i])
                i += 1
                if header or all(re.fullmatch(r":?-+:?", c) for c in cells):
                    header = False
                    continue
                out.append(".TP")
                out.append(inline(cells[0]))
                out.append(inline(" ".join(cells[1:])))
            continue
        elif re.match(r"^- ", line):
            flush()
            item = [line[2:]]
            i += 1
            while i < len(lines) and lines[i].startswith("  ") and lines[i].strip():
                item.append(lines[i].strip())
                i += 1
            out.append('.IP "\\(bu" 2')
            out.append(inline(" ".join(item)))
            continue
        elif not line.strip():
            flush()
        else:
            para.append(line.strip())
        i += 1
    flush()
    return out


def man_page(grammar, cli_md):
    usage = grammar["usage"].rstrip("\n").split("\n")
    md = cli_md.split("\n")
    # docs/cli.md: a title, the description, then its sections.
    first_section = next(i for i, l in enumerate(md) if l.startswith("## "))
    description = [l for l in md[1:first_section]]

    out = [
        '.\\" Generated by packaging/clidocs.py from claudette-cli --help and docs/cli.md.',
        '.TH CLAUDETTE\\-CLI 1 "" "claudette-cli %s" "User Commands"' % grammar["version"],
        ".SH NAME",
        "claudette\\-cli \\- the command line of claudette\\-qt, a client for Claude",
        ".SH SYNOPSIS",
        ".nf",
    ]
    i = 0
    while i < len(usage) and usage[i].strip():
        out.append(roff_line(re.sub(r"^usage: ", "", usage[i]).strip()))
        i += 1
    out.append(".fi")
    out.append(".SH DESCRIPTION")
    out.extend(markdown_to_roff(description)[1:] if description else [])
    out.append(".SH OPTIONS")
    for line in usage[i:]:
        if not line.strip():
            continue
        if not line.startswith(" "):
            if line.endswith(":"):
                out.append('.SS "%s"' % roff_escape(line[:-1]))
            else:
                out.append(".PP" if not out[-1].startswith(".PP") and not out[-1][:1].isalnum() else "")
                out.append(roff_line(line.strip()))
            continue
        m = re.match(r"^\s+(\S.*?)(?:\s{2,}(\S.*))?$", line)
        out.append(".TP")
        out.append("\\fB" + roff_escape(m.group(1)) + "\\fR")
        if m.group(2):
            out.append(roff_line(m.group(2)))
    out = [l for l in out if l != ""]
    out.extend(markdown_to_roff(md[first_section:]))
    out.append('.SH "SEE ALSO"')
    out.append("The README of claudette\\-qt and docs/cli.md: https://github.com/claudette\\-qt/claudette\\-qt")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------------
# Completions


def bash_completion(grammar):
    hints = value_hints(grammar)
    valued = sorted("--" + o["name"] for o in grammar["options"] if o["value"])
    valued += sorted("-" + o["short"] for o in grammar["options"] if o["value"] and o["short"])
    subs = grammar["subcommands"]
    lines = [
        "# bash completion for claudette-cli. Generated by packaging/clidocs.py from the option",
        "# table of claudette-cli (src/cli/optiontable.cpp) and its --help: do not edit.",
        "_claudette_cli()",
        "{",
        "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}",
        "    local sub='' words=0 i w",
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        "        w=${COMP_WORDS[i]}",
        "        case $w in",
        "            --) COMPREPLY=(); return 0 ;;",
        "            %s) ((i++)); continue ;;" % "|".join(valued),
        "            -*) continue ;;",
        "        esac",
        "        if [[ -z $sub ]]; then",
        "            case $w in",
        "                %s) sub=$w; continue ;;" % "|".join(subs),
        "                *) sub=chat ;;",
        "            esac",
        "        fi",
        "        ((words++))",
        "    done",
        "    case $prev in",
    ]
    for name in sorted(hints):
        choices, is_file = hints[name]
        pattern = option_pattern(grammar, name)
        if choices:
            action = "COMPREPLY=($(compgen -W '%s' -- \"$cur\"))" % " ".join(choices)
        elif is_file:
            action = "COMPREPLY=($(compgen -f -- \"$cur\")); compopt -o filenames 2>/dev/null"
        else:
            action = "COMPREPLY=()"
        lines.append("        %s) %s; return 0 ;;" % (pattern, action))
    lines += ["    esac", "    local opts"]
    lines.append('    case ${sub:-chat} in')
    for sub in subs:
        names = option_words(grammar, sub)
        lines.append("        %s) opts='%s' ;;" % (sub, names))
    lines += [
        "    esac",
        "    if [[ $cur == -* ]]; then",
        "        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))",
        "    elif [[ -z $sub ]]; then",
        "        COMPREPLY=($(compgen -W '%s' -- \"$cur\"))" % " ".join(subs),
        "    elif [[ $sub == export && $words -eq 0 ]]; then",
        "        COMPREPLY=($(compgen -f -X '!*.claudette' -- \"$cur\") $(compgen -d -- \"$cur\"))",
        "        compopt -o filenames 2>/dev/null",
        "    else",
        "        COMPREPLY=()",
        "    fi",
        "    return 0",
        "}",
        "complete -F _claudette_cli claudette-cli",
    ]
    return "\n".join(lines) + "\n"


def zsh_completion(grammar):
    hints = value_hints(grammar)
    valued = sorted("--" + o["name"] for o in grammar["options"] if o["value"])
    valued += sorted("-" + o["short"] for o in grammar["options"] if o["value"] and o["short"])
    subs = grammar["subcommands"]
    lines = [
        "#compdef claudette-cli",
        "# zsh completion for claudette-cli. Generated by packaging/clidocs.py from the option",
        "# table of claudette-cli (src/cli/optiontable.cpp) and its --help: do not edit.",
        "",
        "_claudette_cli() {",
        "    local cur=${words[CURRENT]} prev=${words[CURRENT-1]}",
        "    local sub='' count=0 i w",
        "    for ((i = 2; i < CURRENT; i++)); do",
        "        w=${words[i]}",
        "        case $w in",
        "            (--) return 1 ;;",
        "            (%s) ((i++)); continue ;;" % "|".join(valued),
        "            (-*) continue ;;",
        "        esac",
        "        if [[ -z $sub ]]; then",
        "            case $w in",
        "                (%s) sub=$w; continue ;;" % "|".join(subs),
        "                (*) sub=chat ;;",
        "            esac",
        "        fi",
        "        ((count++))",
        "    done",
        "    case $prev in",
    ]
    for name in sorted(hints):
        choices, is_file = hints[name]
        pattern = option_pattern(grammar, name)
        if choices:
            action = "compadd -- %s" % " ".join(choices)
        elif is_file:
            action = "_files"
        else:
            action = "_message value"
        lines.append("        (%s) %s; return ;;" % (pattern, action))
    lines += ["    esac", "    local -a opts"]
    lines.append("    case ${sub:-chat} in")
    for sub in subs:
        names = option_words(grammar, sub)
        lines.append("        (%s) opts=(%s) ;;" % (sub, names))
    lines += [
        "    esac",
        "    if [[ $cur == -* ]]; then",
        "        compadd -- $opts",
        "    elif [[ -z $sub ]]; then",
        "        compadd -- %s" % " ".join(subs),
        "    elif [[ $sub == export && $count -eq 0 ]]; then",
        "        _files -g '*.claudette'",
        "    fi",
        "}",
        "",
        '_claudette_cli "$@"',
    ]
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) < 4 or argv[1] not in ("man", "bash", "zsh"):
        sys.stderr.write(__doc__)
        return 2
    grammar = load(argv[2])
    if argv[1] == "man":
        with open(argv[3], encoding="utf-8") as f:
            text = man_page(grammar, f.read())
        out = argv[4]
    else:
        text = bash_completion(grammar) if argv[1] == "bash" else zsh_completion(grammar)
        out = argv[3]
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
