#include "cli/cliapp.h"

#include "cli/chatcommand.h"
#include "cli/console.h"
#include "cli/librarycommands.h"
#include "cli/sigintwatcher.h"
#include "core/api/apicall.h"
#include "core/api/attachment.h"
#include "core/api/client.h"
#include "core/api/credentials.h"
#include "core/chat/chat.h"
#include "core/store/conversation.h"
#include "core/util/apppaths.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonObject>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace claudette::cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("claudette-cli", text);
}

QString modelLine(const QJsonObject &model)
{
    return model.value("id"_L1).toString() % u'\t' % model.value("display_name"_L1).toString() %
           u'\t' % model.value("created_at"_L1).toString() % u'\n';
}
} // namespace

CliApp::CliApp(const QProcessEnvironment &env)
    : m_env(env)
{}

CliApp::~CliApp() = default;

std::unique_ptr<Client> CliApp::makeClient(const CliOptions &options,
                                           const QProcessEnvironment &env, Failure *failure)
{
    QString error;
    std::optional<Credentials> credentials = Credentials::load(options.apiKeyFile, env, &error);
    if (!credentials) {
        failure->exitCode = options.apiKeyFile.isEmpty() ? ExitUsage : ExitFileError;
        failure->message = error;
        return nullptr;
    }
    if (!options.baseUrl.isEmpty()) {
        const std::optional<QUrl> url = Credentials::parseBaseUrl(options.baseUrl);
        if (!url) {
            failure->exitCode = ExitUsage;
            failure->message =
                tr("--base-url needs an http or https URL, not '%1'").arg(options.baseUrl);
            return nullptr;
        }
        credentials->setBaseUrl(*url);
    }
    if (!credentials->hasSecret()) {
        failure->exitCode = ExitUsage;
        failure->message = tr("no API key: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN), or "
                              "use --api-key-file FILE");
        return nullptr;
    }
    auto client = std::make_unique<Client>(*credentials);
    client->setUserAgent("claudette-cli/" CLAUDETTE_VERSION);
    if (options.maxRetries)
        client->setMaxRetries(*options.maxRetries);
    if (options.timeoutMs)
        client->setRequestTimeoutMs(*options.timeoutMs);
    if (options.idleTimeoutMs)
        client->setIdleTimeoutMs(*options.idleTimeoutMs);
    if (options.deadlineMs)
        client->setDeadlineMs(*options.deadlineMs);
    return client;
}

void CliApp::configureChat(const CliOptions &options, Chat &chat)
{
    if (!options.model.isEmpty())
        chat.setModel(options.model);
    if (options.system)
        chat.setSystemPrompt(*options.system);
    if (options.maxTokens)
        chat.setMaxTokens(*options.maxTokens);
    // Only what is given: a saved conversation keeps its own settings otherwise.
    if (!options.stopSequences.isEmpty())
        chat.setStopSequences(options.stopSequences);
    if (options.temperature)
        chat.setTemperature(options.temperature);
    if (options.topP)
        chat.setTopP(options.topP);
    if (options.topK)
        chat.setTopK(options.topK);
    if (options.thinking == "adaptive"_L1)
        chat.setThinking(Chat::ThinkingMode::Adaptive);
    else if (options.thinking == "between_tools"_L1)
        chat.setThinking(Chat::ThinkingMode::BetweenTools);
    else if (options.thinking == "off"_L1)
        chat.setThinking(Chat::ThinkingMode::Off);
    else if (!options.thinking.isEmpty())
        chat.setThinking(Chat::ThinkingMode::Budget, options.thinking.toInt());
    if (options.thinkingDisplay == "omitted"_L1)
        chat.setThinkingDisplay(ThinkingConfig::Display::Omitted);
    else if (options.thinkingDisplay == "summarized"_L1)
        chat.setThinkingDisplay(ThinkingConfig::Display::Summarized);
    if (!options.effort.isEmpty())
        chat.setEffort(options.effort);
    chat.setStreaming(!options.noStream);
}

QJsonArray CliApp::userContent(const CliOptions &options, Failure *failure)
{
    QJsonArray content;
    AttachmentOptions attachmentOptions;
    attachmentOptions.scaleImages = !options.noScale;
    const auto add = [&](const QString &path, bool image) {
        const AttachmentResult result = Attachment::fromFile(path, attachmentOptions);
        if (!result.ok()) {
            failure->exitCode = ExitFileError;
            failure->message = result.errorString;
            return false;
        }
        const bool isImage = result.attachment.kind() == Attachment::Kind::Image;
        if (image != isImage) {
            failure->exitCode = ExitFileError;
            failure->message = image ? tr("%1 is not an image (PNG, JPEG, GIF or WebP)").arg(path)
                                     : tr("%1 is an image: attach it with --image").arg(path);
            return false;
        }
        content.append(result.attachment.toContentBlock().toJson());
        return true;
    };
    for (const QString &path : options.images)
        if (!add(path, true))
            return {};
    for (const QString &path : options.documents)
        if (!add(path, false))
            return {};
    QString prompt = options.prompt();
    if (prompt == "-"_L1)
        prompt = Console::readStdin();
    if (prompt.trimmed().isEmpty()) {
        failure->exitCode = ExitUsage;
        failure->message = tr("the prompt is empty");
        return {};
    }
    content.append(QJsonObject{{"type"_L1, "text"_L1}, {"text"_L1, prompt}});
    return content;
}

int CliApp::run(const QStringList &arguments)
{
    // stderr belongs to the reply's side channel (errors, --verbose, --usage): the library's
    // debug and info logging stays quiet unless QT_LOGGING_RULES asks for it (Qt applies the
    // environment's rules after these, so they still win).
    // The store's warnings repeat failures the subcommands report themselves.
    QLoggingCategory::setFilterRules(u"claudette.*.debug=false\nclaudette.*.info=false\n"
                                     "claudette.store.*.warning=false"_s);
    const ParseResult parsed = CommandLine::parse(arguments);
    if (!parsed.options) {
        if (parsed.exitCode == ExitSuccess)
            Console::out(parsed.message);
        else
            Console::err(parsed.message.endsWith(u'\n') ? parsed.message : parsed.message % u'\n');
        return parsed.exitCode;
    }
    const CliOptions &options = *parsed.options;
    // The subcommands on saved conversations need no credentials.
    switch (options.subcommand) {
    case Subcommand::Export:
        return LibraryCommands::runExport(options);
    case Subcommand::Search:
        return LibraryCommands::runSearch(options, AppPaths());
    case Subcommand::List:
        return LibraryCommands::runList(options, AppPaths());
    default:
        break;
    }
    Failure failure;
    std::unique_ptr<Client> client = makeClient(options, m_env, &failure);
    if (!client) {
        Console::error(failure.message);
        return failure.exitCode;
    }
    switch (options.subcommand) {
    case Subcommand::Chat: {
        ChatCommand command(options, client.get(), AppPaths());
        return command.run();
    }
    case Subcommand::Models:
        return runModels(options, *client);
    case Subcommand::CountTokens:
        return runCountTokens(options, *client);
    default:
        break;
    }
    Console::error(tr("this subcommand is not available"));
    return ExitUsage;
}

int CliApp::waitFor(ApiCall *call, QJsonDocument *answer)
{
    QEventLoop loop;
    int code = ExitSuccess;
    SigintWatcher sigint;
    QObject::connect(&sigint, &SigintWatcher::interrupted, &loop, [&] {
        code = ExitInterrupted;
        call->cancel();
    });
    QObject::connect(call, &ApiCall::finished, &loop, [&](const QJsonDocument &json) {
        *answer = json;
        loop.quit();
    });
    QObject::connect(call, &ApiCall::failed, &loop, [&](const ApiError &error) {
        if (code != ExitInterrupted) {
            Console::error(error.toString());
            code = ExitApiError;
        }
        loop.quit();
    });
    loop.exec();
    return code;
}

int CliApp::runModels(const CliOptions &options, Client &client)
{
    const bool one = !options.words.isEmpty();
    ApiCall *call = one ? client.retrieveModel(options.words.constFirst()) : client.listModels();
    QJsonDocument answer;
    if (const int code = waitFor(call, &answer); code != ExitSuccess)
        return code;
    if (options.json) {
        Console::outBytes(answer.toJson(QJsonDocument::Compact) + '\n');
        return ExitSuccess;
    }
    if (one) {
        Console::out(modelLine(answer.object()));
        return ExitSuccess;
    }
    QString text;
    for (const QJsonValue &model : answer.object().value("data"_L1).toArray())
        text += modelLine(model.toObject());
    Console::out(text);
    return ExitSuccess;
}

int CliApp::runCountTokens(const CliOptions &options, Client &client)
{
    Failure failure;
    const QJsonArray content = userContent(options, &failure);
    if (failure.failed()) {
        Console::error(failure.message);
        return failure.exitCode;
    }
    Conversation conversation;
    Chat chat(&client, &conversation);
    configureChat(options, chat);
    const MessageRequest request = chat.buildRequest(content, options.prefill.value_or(QString()));
    if (const QString problem = chat.checkRequest(request); !problem.isEmpty()) {
        Console::error(problem);
        return ExitUsage;
    }
    QJsonDocument answer;
    if (const int code = waitFor(client.countTokens(request), &answer); code != ExitSuccess)
        return code;
    if (options.json)
        Console::outBytes(answer.toJson(QJsonDocument::Compact) + '\n');
    else
        Console::out(QString::number(answer.object().value("input_tokens"_L1).toInteger()) % u'\n');
    return ExitSuccess;
}

} // namespace claudette::cli
