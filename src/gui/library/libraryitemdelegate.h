#pragma once

#include <QStyledItemDelegate>

namespace claudette {

/// Draws a library row: the title (a star before pinned ones) and, for a search result, a second
/// line with the snippet around the match, the matched words in bold.
class LibraryItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace claudette
