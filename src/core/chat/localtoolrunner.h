#pragma once

#include "core/chat/tooldefinition.h"
#include "core/chat/tooloutput.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QProcess;

namespace claudette {

/**
 * Runs one ToolDefinition's command on a QProcess: the tool input goes to standard input as
 * compact JSON (then stdin is closed), standard output is the answer.
 *
 * The answer is read as:
 * - a JSON object `{"content": [blocks], "is_error": bool}` or a JSON array of content blocks
 *   (so a tool can return images), or
 * - plain text (anything else).
 * A command that cannot start, exits with a non-zero status, crashes or runs past its timeout
 * gives an error output saying so (with what it wrote on standard error). Output beyond
 * MaxOutputBytes is cut, and the cut is said.
 *
 * finished() is emitted exactly once per run(), never from inside run() itself. cancel() kills
 * the process and emits finished() with an error.
 */
class LocalToolRunner : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 MaxOutputBytes = 4 * 1024 * 1024;

    explicit LocalToolRunner(QObject *parent = nullptr);
    ~LocalToolRunner() override;

    /// Starts the tool. Does nothing when a run is in progress.
    void run(const ToolDefinition &tool, const QJsonObject &input);
    void cancel();
    bool isRunning() const { return m_process != nullptr; }

    /// Parses what a tool wrote on standard output (see the class comment).
    static ToolOutput parseOutput(const QByteArray &stdoutBytes);

Q_SIGNALS:
    void finished(const claudette::ToolOutput &output);

private:
    void finish(const ToolOutput &output);
    void onProcessFinished(int exitCode, int exitStatus);

    QPointer<QProcess> m_process;
    QTimer m_timeout;
    ToolDefinition m_tool;
    QByteArray m_stdout;
    QByteArray m_stderr;
    bool m_truncated = false;
};

} // namespace claudette
