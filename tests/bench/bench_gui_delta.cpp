// The GUI cost of one streamed delta, against the length of the conversation before it.
//
// Usage: bench_gui_delta --messages N [--deltas 10000] [--repaint-window]
// A conversation of N complete messages is shown in the main window, scrolled to the bottom; a
// new assistant reply then grows by one delta at a time (a few words, now and then a new
// paragraph or a code block). After each delta the model's coalescing timer is fired at once
// (TranscriptModel::flush), events are processed, the transcript's layout timer is fired at once
// (updateLayoutNow) and the update requests that posted are processed, which paints what changed
// (with --repaint-window: the whole window is repainted instead, which costs several times more
// and is not what the app does). Run it under
//   valgrind --tool=callgrind --instr-atstart=no bench_gui_delta --messages N
// so that only the loop of deltas is counted (CALLGRIND_START/STOP_INSTRUMENTATION around it);
// the instructions per delta are the callgrind total divided by the number of deltas. Without
// valgrind it prints the wall time per delta.
#include "core/util/heaptuning.h"
#include "guibench.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QScrollBar>

#include <valgrind/callgrind.h>

#include <cstdio>

using namespace claudette;
using namespace claudette::bench;

int main(int argc, char *argv[])
{
    claudette::HeapTuning::apply(claudette::HeapTuning::Arenas::PerThread); // as the app does
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({u"messages"_s, u"Messages before the streamed reply."_s, u"n"_s, u"10"_s});
    parser.addOption({u"deltas"_s, u"Deltas to stream."_s, u"n"_s, u"10000"_s});
    parser.addOption({u"repaint-window"_s,
                      u"After each delta repaint the whole window, not only what changed."_s});
    parser.process(app);
    const bool repaintWindow = parser.isSet(u"repaint-window"_s);
    const int messages = parser.value(u"messages"_s).toInt();
    const int deltas = parser.value(u"deltas"_s).toInt();

    std::unique_ptr<Conversation> conversation = makeConversation(messages);
    conversation->appendUserTurn(textContent(u"Now stream a long answer."_s));
    const QString turn = conversation->beginAssistantTurn(u"claude-sonnet-4-5"_s, {});
    Window w(conversation.get());
    w.window.setTranscriptModel(&w.model);
    w.window.show();
    w.window.transcriptView()->updateLayoutNow();
    w.window.transcriptView()->scrollToBottom();
    for (int i = 0; i < 20; ++i)
        QCoreApplication::processEvents();

    // The deltas: words, a paragraph break every 40, a code block every 400 deltas (open for
    // 60 deltas, a line each 6).
    QStringList pieces;
    pieces.reserve(deltas);
    for (int i = 0; i < deltas; ++i) {
        QString piece = u"word%1 "_s.arg(i % 97);
        const int inBlock = i % 400;
        if (inBlock == 300)
            piece = u"\n\n```python\n"_s;
        else if (inBlock > 300 && inBlock < 360)
            piece = inBlock % 6 == 0 ? u"x = compute(%1)\n"_s.arg(i) : u"y%1 "_s.arg(i % 7);
        else if (inBlock == 360)
            piece = u"\n```\n\n"_s;
        else if (i % 40 == 39)
            piece += u"\n\n"_s;
        pieces << piece;
    }

    QString text;
    QElapsedTimer timer;
    timer.start();
    CALLGRIND_START_INSTRUMENTATION;
    for (int i = 0; i < deltas; ++i) {
        text += pieces.at(i);
        conversation->setTurnContent(turn, textContent(text));
        w.model.flush();
        QCoreApplication::processEvents();
        w.window.transcriptView()->updateLayoutNow();
        if (repaintWindow)
            w.window.repaint();
        else // the update requests the delta posted: paints what changed, as the app does
            QCoreApplication::processEvents();
    }
    CALLGRIND_STOP_INSTRUMENTATION;
    const qint64 ns = timer.nsecsElapsed();
    std::printf("messages=%d deltas=%d wall_ms=%.1f us_per_delta=%.1f rows=%d\n", messages, deltas,
                double(ns) / 1e6, double(ns) / 1e3 / deltas, w.model.rowCount());
    return 0;
}
