#include "core/chat/localtoolrunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcTools, "claudette.tools")

namespace claudette {

namespace {
constexpr qint64 MaxStderrShown = 4000;

QString stderrTail(const QByteArray &bytes)
{
    QString text = QString::fromUtf8(bytes).trimmed();
    if (text.size() > MaxStderrShown)
        text = u"…"_s + text.right(MaxStderrShown);
    return text;
}
} // namespace

LocalToolRunner::LocalToolRunner(QObject *parent)
    : QObject(parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (!m_process)
            return;
        const QString message = tr("The tool %1 did not answer within %2 s and was stopped.")
                                    .arg(m_tool.name)
                                    .arg(m_tool.timeoutMs / 1000.0);
        finish(ToolOutput::error(message));
    });
}

LocalToolRunner::~LocalToolRunner()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
        delete m_process;
    }
}

void LocalToolRunner::run(const ToolDefinition &tool, const QJsonObject &input)
{
    if (m_process)
        return;
    m_tool = tool;
    m_stdout.clear();
    m_stderr.clear();
    m_truncated = false;

    auto *process = new QProcess(this);
    m_process = process;
    if (!tool.workingDirectory.isEmpty())
        process->setWorkingDirectory(tool.workingDirectory);
    connect(process, &QProcess::readyReadStandardOutput, this, [this, process] {
        const QByteArray chunk = process->readAllStandardOutput();
        const qint64 room = MaxOutputBytes - m_stdout.size();
        if (chunk.size() > room) {
            m_stdout += chunk.left(qMax<qint64>(room, 0));
            m_truncated = true;
        } else {
            m_stdout += chunk;
        }
    });
    connect(process, &QProcess::readyReadStandardError, this, [this, process] {
        m_stderr += process->readAllStandardError();
        if (m_stderr.size() > 2 * MaxStderrShown)
            m_stderr = m_stderr.right(2 * MaxStderrShown);
    });
    connect(process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart || !m_process)
            return;
        finish(ToolOutput::error(tr("The tool %1 could not be started (%2): %3")
                                     .arg(m_tool.name, m_tool.program, m_process->errorString())));
    });
    connect(process, &QProcess::finished, this,
            [this](int code, QProcess::ExitStatus status) { onProcessFinished(code, status); });

    qCDebug(lcTools) << "running tool" << tool.name << tool.program << tool.arguments;
    process->start(tool.program, tool.arguments);
    process->write(QJsonDocument(input).toJson(QJsonDocument::Compact));
    process->closeWriteChannel();
    m_timeout.start(tool.timeoutMs);
}

void LocalToolRunner::cancel()
{
    if (m_process)
        finish(ToolOutput::error(tr("The tool %1 was stopped.").arg(m_tool.name)));
}

void LocalToolRunner::onProcessFinished(int exitCode, int exitStatus)
{
    if (!m_process)
        return;
    m_stdout += m_process->readAllStandardOutput();
    m_stderr += m_process->readAllStandardError();
    if (exitStatus != QProcess::NormalExit) {
        finish(
            ToolOutput::error(tr("The tool %1 crashed.").arg(m_tool.name) +
                              (m_stderr.isEmpty() ? QString() : u"\n"_s + stderrTail(m_stderr))));
        return;
    }
    if (exitCode != 0) {
        QString message =
            tr("The tool %1 failed with exit status %2.").arg(m_tool.name).arg(exitCode);
        if (!m_stderr.trimmed().isEmpty())
            message += u"\n"_s + stderrTail(m_stderr);
        else if (!m_stdout.trimmed().isEmpty())
            message += u"\n"_s + stderrTail(m_stdout);
        finish(ToolOutput::error(message));
        return;
    }
    ToolOutput output = parseOutput(m_stdout);
    if (m_truncated)
        output.content.append(
            ContentBlock::makeText(tr("[output cut at %1 bytes]").arg(MaxOutputBytes)));
    finish(output);
}

ToolOutput LocalToolRunner::parseOutput(const QByteArray &stdoutBytes)
{
    const QByteArray trimmed = stdoutBytes.trimmed();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &error);
        if (error.error == QJsonParseError::NoError) {
            QJsonArray blocks;
            bool isError = false;
            bool structured = false;
            if (doc.isObject() && doc.object().value(u"content").isArray()) {
                blocks = doc.object().value(u"content").toArray();
                isError = doc.object().value(u"is_error").toBool();
                structured = true;
            } else if (doc.isArray() && !doc.array().isEmpty()) {
                blocks = doc.array();
                structured = true;
                for (const QJsonValue &v : blocks)
                    structured = structured && v.isObject() &&
                                 !v.toObject().value(u"type").toString().isEmpty();
            }
            if (structured) {
                ToolOutput out;
                out.isError = isError;
                out.content = ContentBlock::listFromJson(blocks);
                return out;
            }
        }
    }
    if (stdoutBytes.isEmpty())
        return ToolOutput{{}, false};
    return ToolOutput::text(QString::fromUtf8(stdoutBytes));
}

void LocalToolRunner::finish(const ToolOutput &output)
{
    m_timeout.stop();
    if (QProcess *process = m_process) {
        m_process = nullptr;
        process->disconnect(this);
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(1000);
        }
        process->deleteLater();
    }
    // Never from inside run(): callers connect after calling it in some places.
    QMetaObject::invokeMethod(
        this, [this, output] { Q_EMIT finished(output); }, Qt::QueuedConnection);
}

} // namespace claudette
