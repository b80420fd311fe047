// How long a long conversation takes to show its first screen: from handing the loaded
// conversation to the window (TranscriptModel::setConversation + MainWindow::setTranscriptModel +
// scrolling to the bottom, as ConversationController::show does) to the first paint of the
// transcript's viewport showing the last message. With --from-file the clock starts before the
// conversation's file is read instead (ConversationFile::load + the Conversation), so the figure
// is what the user waits for after File › Open; bench_file_load measures the load alone.
//
// Usage: bench_gui_first_screen [--messages 10000] [--runs 10] [--from-file]
//        (prints each run and the median)
#include "core/store/conversationfile.h"
#include "core/util/heaptuning.h"
#include "guibench.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QEvent>
#include <QTemporaryDir>
#include <QWindow>

#include <functional>

#include <cstdio>

using namespace claudette;
using namespace claudette::bench;

namespace {

/// The time of the first paint of the viewport once the last message's widget is in it.
class PaintWatcher : public QObject
{
public:
    explicit PaintWatcher(std::function<bool()> ready)
        : m_ready(std::move(ready))
    {}
    qint64 firstPaint = 0;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && firstPaint == 0 && m_ready())
            firstPaint = monotonicNs();
        return false;
    }

private:
    std::function<bool()> m_ready;
};

} // namespace

int main(int argc, char *argv[])
{
    claudette::HeapTuning::apply(claudette::HeapTuning::Arenas::PerThread); // as the app does
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({u"messages"_s, u"Messages in the conversation."_s, u"n"_s, u"10000"_s});
    parser.addOption({u"runs"_s, u"Runs."_s, u"n"_s, u"10"_s});
    parser.addOption({u"from-file"_s, u"Start the clock before the file is read."_s});
    parser.process(app);
    const int messages = parser.value(u"messages"_s).toInt();
    const int runs = parser.value(u"runs"_s).toInt();
    const bool fromFile = parser.isSet(u"from-file"_s);

    std::unique_ptr<Conversation> conversation = makeConversation(messages);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"long.claudette"_s);
    if (fromFile && !ConversationFile::save(path, conversation->data()).ok) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
        return 2;
    }
    QList<double> times;
    for (int run = 0; run < runs; ++run) {
        MainWindow window;
        window.transcriptView()->setFactory(std::make_unique<TranscriptMessageFactory>());
        window.resize(1280, 820);
        window.show();
        while (!window.windowHandle() || !window.windowHandle()->isExposed())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        for (int i = 0; i < 10; ++i)
            QCoreApplication::processEvents();
        TranscriptModel model;
        TranscriptView *view = window.transcriptView();
        PaintWatcher watcher([view, &model] {
            QWidget *last = view->widgetForRow(model.rowCount() - 1);
            return last && last->isVisible();
        });
        QWidget *viewport = view->viewport();
        const qint64 start = monotonicNs();
        if (fromFile) {
            ConversationFile::LoadResult loaded = ConversationFile::load(path);
            if (!loaded.ok()) {
                std::fprintf(stderr, "%s\n", qPrintable(loaded.errorString));
                return 2;
            }
            conversation = std::make_unique<Conversation>(std::move(*loaded.data));
        }
        model.setConversation(conversation.get());
        window.setTranscriptModel(&model);
        window.transcriptView()->scrollToBottom();
        viewport->installEventFilter(&watcher);
        while (watcher.firstPaint == 0)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        const double ms = double(watcher.firstPaint - start) / 1e6;
        // The last message must be what was painted.
        const bool lastShown = window.transcriptView()->widgetForRow(model.rowCount() - 1);
        viewport->removeEventFilter(&watcher);
        window.setTranscriptModel(nullptr);
        times << ms;
        std::printf("run %d: %.1f ms (last message shown: %s)\n", run + 1, ms,
                    lastShown ? "yes" : "NO");
        std::fflush(stdout);
    }
    std::printf("first_screen_ms median=%.1f min=%.1f max=%.1f messages=%d%s\n", median(times),
                *std::min_element(times.begin(), times.end()),
                *std::max_element(times.begin(), times.end()), messages,
                fromFile ? " (from the file)" : "");
    return 0;
}
