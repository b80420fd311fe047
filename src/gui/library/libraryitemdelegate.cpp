#include "gui/library/libraryitemdelegate.h"

#include "core/store/libraryindex.h"
#include "gui/controller/librarylistmodel.h"

#include <QApplication>
#include <QFontMetrics>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {
constexpr int kPadding = 5;
constexpr int kMargin = 6;
} // namespace

void LibraryItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString title = opt.text;
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group =
        opt.state & QStyle::State_Enabled
            ? (opt.state & QStyle::State_Active ? QPalette::Active : QPalette::Inactive)
            : QPalette::Disabled;
    const QColor text =
        opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor dim = selected ? text : opt.palette.color(group, QPalette::PlaceholderText);

    painter->save();
    QRect line = opt.rect.adjusted(kMargin, kPadding, -kMargin, 0);
    line.setHeight(opt.fontMetrics.height());
    QFont font = opt.font;
    const bool pinned = index.data(LibraryListModel::PinnedRole).toBool();
    QString shown = title;
    if (pinned)
        shown = u"★ "_s + shown;
    painter->setFont(font);
    painter->setPen(text);
    painter->drawText(line, Qt::AlignLeft | Qt::AlignVCenter,
                      opt.fontMetrics.elidedText(shown, Qt::ElideRight, line.width()));

    const QString snippet = index.data(LibraryListModel::SnippetRole).toString();
    if (!snippet.isEmpty()) {
        QFont small = font;
        small.setPointSizeF(font.pointSizeF() * 0.9);
        QFont bold = small;
        bold.setBold(true);
        QRect second = line.translated(0, line.height() + 2);
        int x = second.left();
        const int right = second.right();
        bool inMatch = false;
        qsizetype start = 0;
        const auto drawRun = [&](QStringView run) {
            if (run.isEmpty() || x >= right)
                return;
            const QFont &f = inMatch ? bold : small;
            const QFontMetrics fm(f);
            const QString part = run.toString().replace(u'\n', u' ');
            const QString elided = fm.elidedText(part, Qt::ElideRight, right - x);
            painter->setFont(f);
            painter->setPen(inMatch ? text : dim);
            painter->drawText(QRect(x, second.top(), right - x, second.height()),
                              Qt::AlignLeft | Qt::AlignVCenter, elided);
            x += fm.horizontalAdvance(elided);
        };
        for (qsizetype i = 0; i < snippet.size(); ++i) {
            const QChar c = snippet.at(i);
            if (c == LibraryIndex::kMatchStart || c == LibraryIndex::kMatchEnd) {
                drawRun(QStringView(snippet).sliced(start, i - start));
                inMatch = c == LibraryIndex::kMatchStart;
                start = i + 1;
            }
        }
        drawRun(QStringView(snippet).sliced(start));
    }
    painter->restore();
}

QSize LibraryItemDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    const int lineHeight = option.fontMetrics.height();
    const bool snippet = !index.data(LibraryListModel::SnippetRole).toString().isEmpty();
    return {option.rect.width() > 0 ? option.rect.width() : 200,
            2 * kPadding + lineHeight + (snippet ? lineHeight + 2 : 0)};
}

} // namespace claudette
