#include "app/readyfile.h"
#include "core/api/client.h"
#include "core/api/credentials.h"
#include "core/secrets/keychainsecretstore.h"
#include "core/util/apppaths.h"
#include "core/util/heaptuning.h"
#include "core/util/singleinstance.h"
#include "gui/controller/accountcontroller.h"
#include "gui/controller/conversationcontroller.h"
#include "gui/controller/usagecontroller.h"
#include "gui/windows/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStyle>

namespace {

/// Parses X11-style "WxH+X+Y" (the offset is optional). Returns an invalid rect when malformed.
QRect parseGeometry(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^(\d+)x(\d+)(?:([+-]\d+)([+-]\d+))?$)"));
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return {};
    const int width = match.captured(1).toInt();
    const int height = match.captured(2).toInt();
    if (width <= 0 || height <= 0)
        return {};
    const int x = match.hasCaptured(3) ? match.captured(3).toInt() : -1;
    const int y = match.hasCaptured(4) ? match.captured(4).toInt() : -1;
    return {x, y, width, height};
}

/// Shows the window in front, unminimised (a second start of the app asked for it).
void bringForward(QWidget &window)
{
    window.setWindowState((window.windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    window.show();
    window.raise();
    window.activateWindow();
}

} // namespace

int main(int argc, char *argv[])
{
    claudette::HeapTuning::apply(claudette::HeapTuning::Arenas::PerThread);
    QApplication::setHighDpiScaleFactorRoundingPolicy(
        Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("claudette"));
    QApplication::setApplicationName(QStringLiteral("claudette"));
    QApplication::setApplicationDisplayName(QStringLiteral("Claudette"));
    QApplication::setApplicationVersion(QStringLiteral(CLAUDETTE_VERSION));
    // The .desktop file's name: Wayland compositors match the window to it (its icon, its name).
    QApplication::setDesktopFileName(QStringLiteral(CLAUDETTE_APP_ID));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "A native desktop client for Claude."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption geometryOption(
        QStringLiteral("geometry"),
        QCoreApplication::translate("main", "Window size and position, as WxH+X+Y."),
        QCoreApplication::translate("main", "geometry"));
    parser.addOption(geometryOption);
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QCoreApplication::translate("main", "Play the offline demo (recorded replies)."));
    parser.addOption(demoOption);
    parser.addPositionalArgument(
        QStringLiteral("file"),
        QCoreApplication::translate("main", "A conversation (.claudette) to open."),
        QStringLiteral("[FILE]"));
    parser.process(app);

    QRect geometry;
    if (parser.isSet(geometryOption)) {
        geometry = parseGeometry(parser.value(geometryOption));
        if (!geometry.isValid()) {
            qCritical("invalid --geometry %s: expected WxH+X+Y, for example 1440x900+0+0",
                      qPrintable(parser.value(geometryOption)));
            return 2;
        }
    }
    const QStringList files = parser.positionalArguments();
    if (files.size() > 1) {
        qCritical("only one conversation file can be opened at a time");
        return 2;
    }

    // One running app per user and data folder: a second start hands its file to the first (or
    // brings its window forward) and ends here, before anything is loaded.
    const claudette::AppPaths paths;
    claudette::SingleInstance instance(paths);
    if (instance.start(files) == claudette::SingleInstance::Start::HandedOver)
        return 0;
    if (!instance.error().isEmpty())
        qWarning("%s", qPrintable(instance.error()));

    // Follow the system palette (light or dark) as the platform reports it; Fusion draws both well
    // where the platform has no native style of its own.
    if (QApplication::style()->name().compare(QLatin1StringView("windows"), Qt::CaseInsensitive) ==
        0)
        QApplication::setStyle(QStringLiteral("Fusion"));

    // The environment wins (ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN); without it the key saved in
    // the OS keychain is read by the AccountController below, asynchronously.
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QString credentialsError;
    std::optional<claudette::Credentials> credentials =
        claudette::Credentials::load({}, env, &credentialsError);
    if (!credentials) {
        qWarning("%s", qPrintable(credentialsError));
        credentials = claudette::Credentials();
    }
    claudette::Client client(*credentials);
    claudette::KeychainSecretStore keychain(QStringLiteral("claudette"));

    claudette::MainWindow window; // restores the saved geometry
    claudette::ConversationController controller(&window, &client, paths);
    claudette::AccountController account(&window, &client, &keychain, paths.settingsFile(), env);
    claudette::UsageController usage(&window, &controller, &client, paths.ledgerFile());
    usage.setCostThreshold(account.settings().costConfirmAboveUsd);
    QObject::connect(&account, &claudette::AccountController::settingsChanged, &usage,
                     [&usage](const claudette::AppSettings &settings) {
                         usage.setCostThreshold(settings.costConfirmAboveUsd);
                     });
    account.loadKey();
    if (geometry.isValid()) {
        window.resize(geometry.size());
        if (geometry.x() >= 0 && geometry.y() >= 0)
            window.move(geometry.topLeft());
    }
    if (const QByteArray ready = qgetenv("CLAUDETTE_READY_FILE"); !ready.isEmpty())
        new claudette::ReadyFile(&window, QString::fromLocal8Bit(ready));
    window.show();
    QObject::connect(&instance, &claudette::SingleInstance::openRequested, &window,
                     [&window](const QString &path) {
                         window.addRecentFile(path);
                         Q_EMIT window.openRequested(path);
                         bringForward(window);
                     });
    QObject::connect(&instance, &claudette::SingleInstance::activationRequested, &window,
                     [&window] { bringForward(window); });
    if (!files.isEmpty()) {
        const QString path = QFileInfo(files.first()).absoluteFilePath();
        window.addRecentFile(path);
        Q_EMIT window.openRequested(path);
    } else if (parser.isSet(demoOption))
        controller.startDemo();
    return QApplication::exec();
}
