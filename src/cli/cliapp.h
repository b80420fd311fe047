#pragma once

#include "cli/commandline.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QStringList>

#include <memory>

namespace claudette {
class ApiCall;
class Client;
class Chat;
} // namespace claudette

namespace claudette::cli {

/**
 * claudette-cli as a library: parses the arguments (CommandLine), sets up the Client from the
 * credentials, runs the subcommand in an event loop and returns the exit code of docs/cli.md.
 * Everything is printed through Console. main() only makes the QCoreApplication and calls run().
 */
class CliApp
{
public:
    explicit CliApp(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    ~CliApp();

    /// Runs claudette-cli with @p arguments (without argv[0]).
    int run(const QStringList &arguments);

    /// A failure of setting up: the exit code and the message for stderr.
    struct Failure
    {
        int exitCode = ExitSuccess;
        QString message;
        bool failed() const { return exitCode != ExitSuccess; }
    };

    /// The Client for @p options (credentials, base URL, retries, time limits).
    static std::unique_ptr<Client> makeClient(const CliOptions &options,
                                              const QProcessEnvironment &env, Failure *failure);
    /// Applies the request options (model, system, sampling, thinking...) to @p chat.
    static void configureChat(const CliOptions &options, Chat &chat);
    /// The user turn's content: attachments (images, documents) then the prompt text (read from
    /// standard input when it is "-").
    static QJsonArray userContent(const CliOptions &options, Failure *failure);

private:
    int runModels(const CliOptions &options, Client &client);
    int runCountTokens(const CliOptions &options, Client &client);
    int waitFor(ApiCall *call, QJsonDocument *answer);

    QProcessEnvironment m_env;
};

} // namespace claudette::cli
