// Helpers shared by the GUI benchmarks (tests/bench/bench_gui_*.cpp): a conversation of N
// messages, the transcript set up as the application does, and process helpers.
#pragma once

#include "core/store/conversation.h"
#include "gui/transcript/transcriptmessagefactory.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptview.h"
#include "gui/windows/mainwindow.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QThread>

#include <algorithm>
#include <memory>
#include <time.h>

namespace claudette::bench {

using namespace Qt::StringLiterals;

inline QJsonArray textContent(const QString &text)
{
    return QJsonArray{QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, text}}};
}

/// A prompt/reply pair of ~@p replyChars characters of markdown (a paragraph, a list, and every
/// fourth reply a code block), as a real conversation has.
inline QString replyText(int i, int replyChars = 600)
{
    QString text =
        u"Answer %1: the **transcript** keeps every message, and the view lays out "
        u"only what is on screen.\n\n- first point\n- second point with `code`\n\n"_s.arg(i);
    if (i % 4 == 0)
        text += u"```cpp\nint value%1 = compute(%1);\nreturn value%1 * 2;\n```\n\n"_s.arg(i);
    while (text.size() < replyChars)
        text += u"More words follow here, a sentence after another, to fill the reply. "_s;
    return text;
}

/// @p messages messages (alternating user and assistant), all complete.
inline std::unique_ptr<Conversation> makeConversation(int messages)
{
    auto conversation = std::make_unique<Conversation>();
    conversation->setTitle(u"Benchmark"_s);
    for (int i = 0; i < messages; ++i) {
        if (i % 2 == 0) {
            conversation->appendUserTurn(textContent(u"Question %1: how does it scale?"_s.arg(i)));
        } else {
            const QString id = conversation->beginAssistantTurn(u"claude-sonnet-4-5"_s, {});
            conversation->finishAssistantTurn(
                id, TurnStatus::Complete,
                QJsonObject{{"role"_L1, "assistant"_L1},
                            {"content"_L1, textContent(replyText(i))}});
        }
    }
    return conversation;
}

/// The main window showing @p conversation through a TranscriptModel, as the application does.
struct Window
{
    explicit Window(Conversation *conversation)
    {
        window.transcriptView()->setFactory(std::make_unique<TranscriptMessageFactory>());
        model.setConversation(conversation);
        window.resize(1280, 820);
    }
    MainWindow window;
    TranscriptModel model;
};

inline qint64 monotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

inline qint64 statusKb(qint64 pid, const char *field)
{
    QFile f(pid > 0 ? u"/proc/%1/status"_s.arg(pid) : u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

template<typename T> T median(QList<T> values)
{
    if (values.isEmpty())
        return T();
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

template<typename T> T percentile(QList<T> values, double p)
{
    if (values.isEmpty())
        return T();
    std::sort(values.begin(), values.end());
    const auto at = qsizetype(p * double(values.size() - 1) + 0.5);
    return values.at(std::min(at, values.size() - 1));
}

/// Starts @p program with CLAUDETTE_READY_FILE set and waits until the file appears (its first
/// paint). Returns the time from just before exec to the file, in ms (-1 on failure); the process
/// keeps running in @p process.
inline double launchUntilReady(QProcess &process, const QString &program, const QStringList &args,
                               const QString &readyFile, QProcessEnvironment env)
{
    QFile::remove(readyFile);
    env.insert(u"CLAUDETTE_READY_FILE"_s, readyFile);
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const qint64 start = monotonicNs();
    process.start(program, args);
    if (!process.waitForStarted(10000))
        return -1;
    for (;;) {
        if (QFile::exists(readyFile))
            break;
        if (process.state() == QProcess::NotRunning)
            return -1;
        if (monotonicNs() - start > qint64(60) * 1000000000)
            return -1;
        QThread::usleep(200);
    }
    return double(monotonicNs() - start) / 1e6;
}

} // namespace claudette::bench
