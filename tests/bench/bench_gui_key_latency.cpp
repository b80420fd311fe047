// Typing while a reply streams: the time from a key event posted to the composer to the
// composer's next paint, while deltas arrive at 200 a second.
//
// Usage: bench_gui_key_latency [--messages 100] [--keys 200] [--rate 200]
// The window shows a conversation of --messages messages and a reply that grows by one delta
// every 1000/rate ms (a timer, as the network would), through the model's usual 16 ms coalescing
// and the view's layout timer. Every 25 ms a key press + release is posted to the composer's text
// box; the latency is measured from the post to the first paint of the text box's viewport
// after it. Prints the median, the 95th percentile and the maximum.
#include "guibench.h"

#include "core/util/heaptuning.h"
#include "gui/composer/prompteditor.h"
#include "gui/composer/prompttextedit.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QKeyEvent>
#include <QTimer>
#include <QWindow>

#include <cstdio>

using namespace claudette;
using namespace claudette::bench;

namespace {

class PaintWatcher : public QObject
{
public:
    qint64 posted = 0; ///< time of the key event waiting for its paint; 0 when none
    QList<double> latencies;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && posted != 0) {
            latencies << double(monotonicNs() - posted) / 1e6;
            posted = 0;
        }
        return false;
    }
};

} // namespace

int main(int argc, char *argv[])
{
    claudette::HeapTuning::apply(claudette::HeapTuning::Arenas::PerThread); // as the app does
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({u"messages"_s, u"Messages before the streamed reply."_s, u"n"_s, u"100"_s});
    parser.addOption({u"keys"_s, u"Key presses to measure."_s, u"n"_s, u"200"_s});
    parser.addOption({u"rate"_s, u"Deltas per second."_s, u"n"_s, u"200"_s});
    parser.process(app);
    const int messages = parser.value(u"messages"_s).toInt();
    const int keys = parser.value(u"keys"_s).toInt();
    const int rate = parser.value(u"rate"_s).toInt();

    std::unique_ptr<Conversation> conversation = makeConversation(messages);
    conversation->appendUserTurn(textContent(u"Now stream a long answer."_s));
    const QString turn = conversation->beginAssistantTurn(u"claude-sonnet-4-5"_s, {});
    Window w(conversation.get());
    w.window.setTranscriptModel(&w.model);
    w.window.show();
    while (!w.window.windowHandle() || !w.window.windowHandle()->isExposed())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    w.window.transcriptView()->scrollToBottom();
    w.window.promptEditor()->focusEditor();
    w.window.activateWindow();
    auto *edit = w.window.findChild<PromptTextEdit *>();
    if (!edit) {
        std::fprintf(stderr, "no composer text box\n");
        return 1;
    }
    PaintWatcher watcher;
    edit->viewport()->installEventFilter(&watcher);

    // The stream: a delta every 1000/rate ms (timer precision; the count is reported).
    QString text;
    int deltas = 0;
    QTimer stream;
    stream.setTimerType(Qt::PreciseTimer);
    stream.setInterval(std::max(1, 1000 / rate));
    QObject::connect(&stream, &QTimer::timeout, [&] {
        ++deltas;
        text += u"word%1 "_s.arg(deltas % 97);
        if (deltas % 40 == 0)
            text += u"\n\n"_s;
        conversation->setTurnContent(turn, textContent(text));
    });
    const qint64 streamStart = monotonicNs();
    stream.start();

    int posted = 0;
    QTimer typist;
    typist.setTimerType(Qt::PreciseTimer);
    typist.setInterval(25);
    QObject::connect(&typist, &QTimer::timeout, [&] {
        if (watcher.posted != 0)
            return; // the last key has not been painted yet
        if (posted == keys) {
            QCoreApplication::quit();
            return;
        }
        const QChar c = QChar(u'a' + posted % 26);
        watcher.posted = monotonicNs();
        QCoreApplication::postEvent(edit, new QKeyEvent(QEvent::KeyPress, Qt::Key_A + posted % 26,
                                                        Qt::NoModifier, QString(c)));
        QCoreApplication::postEvent(edit, new QKeyEvent(QEvent::KeyRelease, Qt::Key_A + posted % 26,
                                                        Qt::NoModifier, QString(c)));
        ++posted;
    });
    // Let the stream run a moment before typing.
    QTimer::singleShot(300, &typist, qOverload<>(&QTimer::start));
    QTimer::singleShot(120000, &app, &QCoreApplication::quit);
    QApplication::exec();
    const double seconds = double(monotonicNs() - streamStart) / 1e9;
    const QList<double> &l = watcher.latencies;
    if (l.isEmpty()) {
        std::fprintf(stderr, "no key was painted\n");
        return 1;
    }
    std::printf("keys=%lld deltas=%d (%.0f/s) messages=%d typed=%lld chars\n",
                static_cast<long long>(l.size()), deltas, deltas / seconds, messages,
                static_cast<long long>(edit->toPlainText().size()));
    std::printf("key_to_paint_ms median=%.2f p95=%.2f max=%.2f\n", median(l), percentile(l, 0.95),
                *std::max_element(l.begin(), l.end()));
    return 0;
}
