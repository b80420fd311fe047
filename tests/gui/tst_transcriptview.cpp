#include "gui/transcript/messagewidgetfactory.h"
#include "gui/transcript/transcriptroles.h"
#include "gui/transcript/transcriptview.h"

#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QtTest/QTest>

using namespace claudette;

namespace {

constexpr int HeightRole = Qt::UserRole + 100;

/// A widget whose height comes from the row, so the test knows every true height.
class RowWidget : public QWidget
{
public:
    using QWidget::QWidget;
    int rowHeight = 10;
    QString text;
    QSize sizeHint() const override { return {100, rowHeight}; }
};

class CountingFactory : public MessageWidgetFactory
{
public:
    QWidget *createWidget(int, QWidget *parent) override
    {
        ++created;
        return new RowWidget(parent);
    }
    void updateWidget(QWidget *widget, const QModelIndex &index, const QList<int> &) override
    {
        auto *row = static_cast<RowWidget *>(widget);
        row->rowHeight = index.data(HeightRole).toInt();
        row->text = index.data(Qt::DisplayRole).toString();
        row->updateGeometry();
        ++updates[index.row()];
    }
    void releaseWidget(QWidget *) override { ++released; }
    int estimatedHeight(int) const override { return 60; }
    bool highlightText(QWidget *widget, const QString &text) override
    {
        highlighted = static_cast<RowWidget *>(widget)->text + u'|' + text;
        return true;
    }

    int created = 0;
    int released = 0;
    QHash<int, int> updates;
    QString highlighted;
};

int trueHeight(int row)
{
    return 40 + (row % 7) * 10; // 40..100 px
}

QStandardItem *makeItem(int row)
{
    auto *item = new QStandardItem(QStringLiteral("message %1").arg(row));
    item->setData(QStringLiteral("id-%1").arg(row), TranscriptRoles::MessageIdRole);
    item->setData(qint64(1), TranscriptRoles::RevisionRole);
    item->setData(trueHeight(row), HeightRole);
    return item;
}

void fill(QStandardItemModel &model, int rows)
{
    for (int row = 0; row < rows; ++row)
        model.appendRow(makeItem(row));
}

} // namespace

class TestTranscriptView : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        QStandardItemModel model;
        TranscriptView view;
        CountingFactory *factory = nullptr;

        explicit Fixture(int rows)
        {
            fill(model, rows);
            auto owned = std::make_unique<CountingFactory>();
            factory = owned.get();
            view.setFactory(std::move(owned));
            view.setSpacing(10);
            view.setContentMargins(10, 10);
            view.setOverscan(100);
            view.resize(400, 600);
            view.setModel(&model);
            view.show();
            view.updateLayoutNow();
        }
        // Widgets that can exist at once: viewport plus overscan on both sides, smallest rows.
        int maxLive() const { return (600 + 2 * 100) / (40 + 10) + 2; }
    };

private Q_SLOTS:
    void bigModelKeepsOnlyVisibleWidgets()
    {
        Fixture f(10'000);
        QVERIFY(f.view.isFollowingBottom());
        const QList<int> rows = f.view.materializedRows();
        QVERIFY(!rows.isEmpty());
        QCOMPARE(rows.last(), 9'999);
        QVERIFY2(f.view.widgetCount() <= f.maxLive(),
                 qPrintable(QString::number(f.view.widgetCount())));
        QVERIFY(f.factory->created <= f.maxLive());
        // Only what was shown was measured; the rest is estimated.
        QVERIFY(!f.view.isRowMeasured(0));
        QCOMPARE(f.view.rowHeight(0), 60);
        QVERIFY(f.view.isRowMeasured(9'999));
        QCOMPARE(f.view.rowHeight(9'999), trueHeight(9'999));
        QVERIFY(f.view.cachedHeightCount() >= rows.size());
        QVERIFY(f.view.cachedHeightCount() <= f.maxLive());
        QScrollBar *bar = f.view.verticalScrollBar();
        QCOMPARE(bar->value(), bar->maximum());
    }

    void scrollingRecyclesWidgets()
    {
        Fixture f(10'000);
        const int createdAtStart = f.factory->created;
        QScrollBar *bar = f.view.verticalScrollBar();
        QSignalSpy following(&f.view, &TranscriptView::followingBottomChanged);
        for (int step = 0; step < 50; ++step) {
            bar->setValue(bar->value() - 450);
            QVERIFY(f.view.widgetCount() <= f.maxLive());
        }
        QCOMPARE(following.count(), 1);
        QCOMPARE(following.first().first().toBool(), false);
        QVERIFY(!f.view.isFollowingBottom());
        // Scrolling reused widgets instead of creating new ones.
        // Scrolling ~300 rows reused widgets: no more were ever made than fit on screen at once.
        QVERIFY2(f.factory->created <= f.maxLive(),
                 qPrintable(QStringLiteral("%1 -> %2").arg(createdAtStart).arg(f.factory->created)));
        QVERIFY(f.factory->released > 0);
        // The rows on screen are measured and placed one after the other.
        const QList<int> rows = f.view.materializedRows();
        for (int row : rows) {
            QWidget *widget = f.view.widgetForRow(row);
            QVERIFY(widget && widget->isVisible());
            QCOMPARE(widget->height(), trueHeight(row));
            QCOMPARE(f.view.rowHeight(row), trueHeight(row));
            if (f.view.widgetForRow(row + 1))
                QCOMPARE(f.view.widgetForRow(row + 1)->y(), widget->y() + widget->height() + 10);
        }
        // Jump to the top: the first row sits at the top margin.
        bar->setValue(0);
        QCOMPARE(f.view.materializedRows().first(), 0);
        QCOMPARE(f.view.widgetForRow(0)->y(), 10);
    }

    void heightsComeFromTheCache()
    {
        Fixture f(200);
        const QList<int> shown = f.view.materializedRows();
        f.view.setModel(nullptr);
        QCOMPARE(f.view.materializedRows().size(), 0);
        f.view.setModel(&f.model);
        // Before any layout, heights measured earlier are known exactly; others are estimates.
        QCOMPARE(f.view.rowHeight(shown.first()), trueHeight(shown.first()));
        const int estimate = f.view.rowHeight(0);
        QVERIFY(!f.view.isRowMeasured(0));
        QVERIFY(estimate % 10 != 0); // the running average, not a true height
        // A new revision invalidates the cached height.
        f.model.item(shown.first())->setData(qint64(2), TranscriptRoles::RevisionRole);
        f.view.setModel(nullptr);
        f.view.setModel(&f.model);
        QCOMPARE(f.view.rowHeight(shown.first()), estimate);
    }

    void dataChangedUpdatesOnlyThatRow()
    {
        Fixture f(10'000);
        f.factory->updates.clear();
        const QList<int> rows = f.view.materializedRows();
        const int target = rows.at(rows.size() / 2);
        QStandardItem *item = f.model.item(target);
        item->setData(qint64(2), TranscriptRoles::RevisionRole);
        item->setData(333, HeightRole);
        // QStandardItemModel emits one dataChanged per setData.
        QCOMPARE(f.factory->updates.size(), 1);
        QCOMPARE(f.factory->updates.value(target), 2);
        QCOMPARE(f.view.rowHeight(target), 333);
        QCOMPARE(f.view.widgetForRow(target)->height(), 333);
        // A change off screen touches no widget.
        f.factory->updates.clear();
        f.model.item(5)->setData(77, HeightRole);
        QCOMPARE(f.factory->updates.size(), 0);
        QVERIFY(!f.view.isRowMeasured(5));
    }

    void followsTheBottomUntilTheUserScrollsUp()
    {
        Fixture f(100);
        QScrollBar *bar = f.view.verticalScrollBar();
        QVERIFY(f.view.isFollowingBottom());
        f.model.appendRow(makeItem(100));
        QTRY_COMPARE(f.view.materializedRows().last(), 100);
        QCOMPARE(bar->value(), bar->maximum());
        // The streaming row grows: still at the bottom.
        f.model.item(100)->setData(500, HeightRole);
        QCOMPARE(bar->value(), bar->maximum());

        bar->setValue(bar->maximum() / 2);
        QVERIFY(!f.view.isFollowingBottom());
        const int value = bar->value();
        const int firstRow = f.view.materializedRows().first();
        f.model.appendRow(makeItem(101));
        f.model.item(101)->setData(300, HeightRole);
        f.view.updateLayoutNow();
        QCOMPARE(bar->value(), value);
        QCOMPARE(f.view.materializedRows().first(), firstRow);

        bar->setValue(bar->maximum());
        QVERIFY(f.view.isFollowingBottom());
        f.model.appendRow(makeItem(102));
        f.view.updateLayoutNow();
        QCOMPARE(bar->value(), bar->maximum());
        QCOMPARE(f.view.materializedRows().last(), 102);
    }

    void insertingAboveKeepsTheViewStill()
    {
        Fixture f(1'000);
        f.view.scrollToRow(500);
        QWidget *widget = f.view.widgetForRow(500);
        QVERIFY(widget);
        const int y = widget->y();
        for (int i = 0; i < 10; ++i)
            f.model.insertRow(0, makeItem(2'000 + i));
        f.view.updateLayoutNow();
        QCOMPARE(f.view.widgetForRow(510), widget);
        QCOMPARE(widget->y(), y);
    }

    void removingAndResetting()
    {
        Fixture f(1'000);
        f.model.removeRows(990, 10);
        f.view.updateLayoutNow();
        QCOMPARE(f.view.materializedRows().last(), 989);
        QVERIFY(f.view.widgetCount() <= f.maxLive() + 8);
        f.model.clear();
        f.view.updateLayoutNow();
        QVERIFY(f.view.materializedRows().isEmpty());
        QCOMPARE(f.view.verticalScrollBar()->maximum(), 0);
        fill(f.model, 3);
        f.view.updateLayoutNow();
        QCOMPARE(f.view.materializedRows(), (QList<int>{0, 1, 2}));
    }

    void resizeRemeasuresAtTheNewWidth()
    {
        Fixture f(50);
        const int cached = f.view.cachedHeightCount();
        f.view.resize(600, 600);
        f.view.updateLayoutNow();
        QVERIFY(f.view.cachedHeightCount() > cached);
        for (int row : f.view.materializedRows())
            QCOMPARE(f.view.widgetForRow(row)->width(), 600 - 2 * 10 -
                                                            (f.view.verticalScrollBar()->isVisible()
                                                                 ? f.view.verticalScrollBar()->width()
                                                                 : 0));
    }

    void findScrollsToTheMatch()
    {
        Fixture f(1'000);
        f.model.item(123)->setText(QStringLiteral("the needle is here"));
        QCOMPARE(f.view.find(QStringLiteral("NEEDLE")), 123);
        QVERIFY(f.view.widgetForRow(123));
        QCOMPARE(f.factory->highlighted, QStringLiteral("the needle is here|NEEDLE"));
        QVERIFY(!f.view.isFollowingBottom());
        QCOMPARE(f.view.find(QStringLiteral("no such text")), -1);
    }
};

QTEST_MAIN(TestTranscriptView)
#include "tst_transcriptview.moc"
