// 1,000 generated conversations of 20 turns (~1 KB of text each): index build time, and the time
// of two-word queries through LibraryIndex (target < 300 ms each).
#include "core/store/conversation.h"
#include "core/store/conversationfile.h"
#include "core/store/libraryindex.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace claudette;
using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    QRandomGenerator rng(42);
    // A vocabulary of 5,000 made-up words with a Zipf-like use, as prose has.
    QStringList vocab;
    for (int i = 0; i < 5000; ++i) {
        QString w;
        const int len = 3 + int(rng.bounded(8));
        for (int k = 0; k < len; ++k)
            w += QChar(u'a' + rng.bounded(26));
        vocab.append(w);
    }
    const auto word = [&] {
        const double u = rng.generateDouble();
        return vocab.at(qMin<int>(4999, int(5000 * u * u * u)));
    };
    QStringList paths;
    QElapsedTimer t;
    t.start();
    for (int n = 0; n < 1000; ++n) {
        Conversation c;
        c.setTitle(word() + u' ' + word());
        for (int i = 0; i < 20; ++i) {
            QString text;
            while (text.size() < 1000)
                text += word() + u' ';
            const QJsonArray content{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, text}}};
            if (i % 2 == 0) {
                c.appendUserTurn(content);
            } else {
                const QString a = c.beginAssistantTurn(u"m"_s, {});
                c.finishAssistantTurn(a, TurnStatus::Complete, {{"content"_L1, content}});
            }
        }
        const QString p = dir.filePath(u"c%1.claudette"_s.arg(n));
        ConversationFile::save(p, c.data());
        paths.append(p);
    }
    const qint64 genMs = t.elapsed();

    LibraryIndex index(dir.filePath(u"index.sqlite"_s));
    if (!index.open()) {
        std::printf("cannot open the index: %s\n", qPrintable(index.errorString()));
        return 2;
    }
    t.restart();
    const int indexed = index.rebuild(paths);
    const qint64 buildMs = t.elapsed();

    QList<double> times;
    int totalHits = 0;
    for (int q = 0; q < 50; ++q) {
        // Mix frequent and rare words.
        const QString query = vocab.at(int(rng.bounded(200))) + u' ' + vocab.at(int(rng.bounded(5000)));
        QElapsedTimer qt;
        qt.start();
        const auto hits = index.search(query, 50);
        times.append(qt.nsecsElapsed() / 1e6);
        totalHits += int(hits.size());
    }
    // Through the worker thread, as the GUI does.
    QElapsedTimer at;
    at.start();
    const auto asyncHits = index.searchAsync(vocab.at(0) + u' ' + vocab.at(1), 50).result();
    const double asyncMs = at.nsecsElapsed() / 1e6;
    std::sort(times.begin(), times.end());
    const double median = times.at(times.size() / 2);
    const double worst = times.last();
    std::printf("bench_library_search: 1000 conversations x 20 turns (~1 KB each), generated in %lld ms\n",
                static_cast<long long>(genMs));
    std::printf("  index build: %d files in %lld ms\n", indexed, static_cast<long long>(buildMs));
    std::printf("  two-word queries (50, limit 50): median %.2f ms, worst %.2f ms, %d hits in all "
                "(target < 300 ms)\n",
                median, worst, totalHits);
    std::printf("  one query through searchAsync: %.2f ms, %lld hits\n", asyncMs,
                static_cast<long long>(asyncHits.size()));
    const bool ok = indexed == 1000 && worst < 300 && asyncMs < 300;
    std::printf("  %s\n", ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
}
