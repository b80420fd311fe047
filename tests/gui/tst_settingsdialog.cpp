#include "core/api/client.h"
#include "core/api/credentials.h"
#include "core/secrets/memorysecretstore.h"
#include "gui/controller/accountcontroller.h"
#include "gui/dialogs/appsettings.h"
#include "gui/dialogs/settingsdialog.h"
#include "gui/sidebar/modelpanel.h"
#include "gui/sidebar/sidebar.h"
#include "gui/transcript/transcriptemptystate.h"
#include "gui/windows/mainwindow.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace claudette;

namespace {

const QString kKey = u"sk-ant-test-0123456789abcdef"_s;

QProcessEnvironment envWith(std::initializer_list<std::pair<QString, QString>> values)
{
    QProcessEnvironment env;
    for (const auto &[name, value] : values)
        env.insert(name, value);
    return env;
}

SecretStore::Result readNow(SecretStore *store, const QString &name)
{
    SecretStore::Result result;
    bool done = false;
    store->read(name, [&](const SecretStore::Result &r) {
        result = r;
        done = true;
    });
    (void)QTest::qWaitFor([&] { return done; }, 5000);
    if (!done)
        result.status = SecretStore::Status::Failed;
    return result;
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void savesTheKeyToTheStore();
    void keyStatus_data();
    void keyStatus();
    void environmentKeyWins();
    void unavailableKeychainDisablesTheKey();
    void settingsRoundTrip();
    void badBaseUrlIsRefused();
    void removeKey();
    void controllerLoadsSavedKey();
    void controllerEnvironmentWins();
    void controllerKeySavedInDialogReachesClient();
    void settingsActionOpensTheDialog();
};

void TestSettingsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestSettingsDialog::savesTheKeyToTheStore()
{
    MemorySecretStore store;
    SettingsDialog dialog(&store, QProcessEnvironment());
    QSignalSpy known(&dialog, &SettingsDialog::keyStateKnown);
    QVERIFY(known.wait());
    QCOMPARE(dialog.keyState(), SettingsDialog::KeyState::NotSaved);

    auto *edit = dialog.findChild<QLineEdit *>(u"apiKeyEdit"_s);
    QVERIFY(edit);
    QCOMPARE(edit->echoMode(), QLineEdit::Password);
    QVERIFY(edit->isEnabled());
    edit->setText(u"  "_s + kKey + u"  "_s);

    QSignalSpy changed(&dialog, &SettingsDialog::apiKeyChanged);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.accept();
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), kKey);
    QVERIFY(edit->text().isEmpty()); // never shown back

    const SecretStore::Result saved = readNow(&store, QString(AppSettings::ApiKeySecretName));
    QCOMPARE(saved.status, SecretStore::Status::Ok);
    QCOMPARE(saved.secret, kKey);
}

void TestSettingsDialog::keyStatus_data()
{
    QTest::addColumn<bool>("stored");
    QTest::addColumn<SettingsDialog::KeyState>("state");
    QTest::addColumn<QString>("text");
    QTest::newRow("saved") << true << SettingsDialog::KeyState::Saved << u"A key is saved in"_s;
    QTest::newRow("none") << false << SettingsDialog::KeyState::NotSaved
                          << u"No key is saved yet"_s;
}

void TestSettingsDialog::keyStatus()
{
    QFETCH(bool, stored);
    QFETCH(SettingsDialog::KeyState, state);
    QFETCH(QString, text);
    MemorySecretStore store;
    if (stored) {
        bool done = false;
        store.write(QString(AppSettings::ApiKeySecretName), kKey,
                    [&](const SecretStore::Result &) { done = true; });
        QTRY_VERIFY(done);
    }
    SettingsDialog dialog(&store, QProcessEnvironment());
    QSignalSpy known(&dialog, &SettingsDialog::keyStateKnown);
    QVERIFY(known.wait());
    QCOMPARE(dialog.keyState(), state);
    QVERIFY2(dialog.keyStatusText().contains(text), qPrintable(dialog.keyStatusText()));
    QVERIFY(!dialog.keyStatusText().contains(kKey));
    QCOMPARE(dialog.findChild<QPushButton *>(u"removeKeyButton"_s)->isEnabled(), stored);
}

void TestSettingsDialog::environmentKeyWins()
{
    MemorySecretStore store;
    SettingsDialog dialog(&store, envWith({{u"ANTHROPIC_API_KEY"_s, kKey}}));
    QVERIFY2(dialog.environmentText().contains(
                 u"environment variable ANTHROPIC_API_KEY is set and wins"_s),
             qPrintable(dialog.environmentText()));
    QVERIFY(!dialog.environmentText().contains(kKey));
    QVERIFY(dialog.findChild<QLabel *>(u"envLabel"_s)->isVisibleTo(&dialog));

    SettingsDialog plain(&store, QProcessEnvironment());
    QVERIFY(plain.environmentText().isEmpty());
}

void TestSettingsDialog::unavailableKeychainDisablesTheKey()
{
    MemorySecretStore store;
    store.setUnavailable(true);
    SettingsDialog dialog(&store, QProcessEnvironment());
    QSignalSpy known(&dialog, &SettingsDialog::keyStateKnown);
    QVERIFY(known.wait());
    QCOMPARE(dialog.keyState(), SettingsDialog::KeyState::Unavailable);
    QVERIFY2(dialog.keyStatusText().contains(u"No keychain service: using the environment only"_s),
             qPrintable(dialog.keyStatusText()));
    QVERIFY(!dialog.findChild<QLineEdit *>(u"apiKeyEdit"_s)->isEnabled());

    // Saving still saves the other settings.
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.accept();
    QCOMPARE(accepted.size(), 1);
}

void TestSettingsDialog::settingsRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    MemorySecretStore store;
    SettingsDialog dialog(&store, QProcessEnvironment());
    dialog.setModels({{u"claude-sonnet-4-5"_s, u"Claude Sonnet 4.5"_s},
                      {u"claude-haiku-4-5"_s, u"Claude Haiku 4.5"_s}});
    AppSettings initial;
    initial.defaultModel = u"claude-haiku-4-5"_s;
    dialog.setSettings(initial);
    QCOMPARE(dialog.findChild<QComboBox *>(u"defaultModelCombo"_s)->currentData().toString(),
             u"claude-haiku-4-5"_s);

    dialog.findChild<QLineEdit *>(u"baseUrlEdit"_s)->setText(u"http://127.0.0.1:9/"_s);
    dialog.findChild<QSpinBox *>(u"maxRetriesSpin"_s)->setValue(5);
    dialog.findChild<QSpinBox *>(u"timeoutSpin"_s)->setValue(120);
    QCOMPARE(dialog.findChild<QSpinBox *>(u"idleTimeoutSpin"_s)->value(), 300); // the default
    dialog.findChild<QSpinBox *>(u"idleTimeoutSpin"_s)->setValue(45);
    dialog.findChild<QDoubleSpinBox *>(u"thresholdSpin"_s)->setValue(0.25);
    dialog.findChild<QComboBox *>(u"defaultModelCombo"_s)->setEditText(u"my-custom-model"_s);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    const AppSettings s = dialog.settings();
    QCOMPARE(s.baseUrl, QUrl(u"http://127.0.0.1:9/"_s));
    QCOMPARE(s.maxRetries, 5);
    QCOMPARE(s.requestTimeoutSeconds, 120);
    QCOMPARE(s.idleTimeoutSeconds, 45);
    QCOMPARE(s.costConfirmAboveUsd, 0.25);
    QCOMPARE(s.defaultModel, u"my-custom-model"_s);

    const QString file = dir.filePath(u"claudette.conf"_s);
    QVERIFY(s.save(file));
    QCOMPARE(AppSettings::load(file), s);

    Client client;
    s.applyTo(&client);
    QCOMPARE(client.baseUrl(), QUrl(u"http://127.0.0.1:9/"_s));
    QCOMPARE(client.retryPolicy().maxRetries(), 5);
    QCOMPARE(client.requestTimeoutMs(), qint64(120000));
    QCOMPARE(client.idleTimeoutMs(), qint64(45000));

    // Garbage in the file gives defaults, not a crash.
    QFile bad(file);
    QVERIFY(bad.open(QIODevice::WriteOnly | QIODevice::Truncate));
    bad.write("[api]\nbaseUrl=ftp://x\nmaxRetries=-4\nrequestTimeoutSeconds=abc\n"
              "idleTimeoutSeconds=-3\n"
              "[cost]\nconfirmAboveUsd=-1\n");
    bad.close();
    QCOMPARE(AppSettings::load(file), AppSettings());
}

void TestSettingsDialog::badBaseUrlIsRefused()
{
    MemorySecretStore store;
    SettingsDialog dialog(&store, QProcessEnvironment());
    dialog.findChild<QLineEdit *>(u"baseUrlEdit"_s)->setText(u"not a url"_s);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.accept();
    QCOMPARE(accepted.size(), 0);
    QVERIFY2(dialog.errorText().contains(u"http or https"_s), qPrintable(dialog.errorText()));
}

void TestSettingsDialog::removeKey()
{
    MemorySecretStore store;
    bool done = false;
    store.write(QString(AppSettings::ApiKeySecretName), kKey,
                [&](const SecretStore::Result &) { done = true; });
    QTRY_VERIFY(done);
    SettingsDialog dialog(&store, QProcessEnvironment());
    QSignalSpy known(&dialog, &SettingsDialog::keyStateKnown);
    QVERIFY(known.wait());
    QSignalSpy changed(&dialog, &SettingsDialog::apiKeyChanged);
    dialog.findChild<QPushButton *>(u"removeKeyButton"_s)->click();
    QTRY_COMPARE(changed.size(), 1);
    QVERIFY(changed.at(0).at(0).toString().isEmpty());
    QCOMPARE(dialog.keyState(), SettingsDialog::KeyState::NotSaved);
    QCOMPARE(readNow(&store, QString(AppSettings::ApiKeySecretName)).status,
             SecretStore::Status::NotFound);
}

void TestSettingsDialog::controllerLoadsSavedKey()
{
    QTemporaryDir dir;
    MemorySecretStore store;
    bool done = false;
    store.write(QString(AppSettings::ApiKeySecretName), kKey,
                [&](const SecretStore::Result &) { done = true; });
    QTRY_VERIFY(done);
    MainWindow window;
    Client client;
    auto *empty = window.findChild<TranscriptEmptyState *>();
    QVERIFY(empty);
    AccountController account(&window, &client, &store, dir.filePath(u"claudette.conf"_s),
                              QProcessEnvironment());
    QVERIFY(!client.credentials().hasSecret());
    QSignalSpy loaded(&account, &AccountController::keyLoaded);
    account.loadKey();
    QTRY_COMPARE(loaded.size(), 1);
    QCOMPARE(loaded.at(0).at(0).toBool(), true);
    QCOMPARE(client.credentials().apiKey(), kKey);
    QCOMPARE(account.keySource(), u"keychain"_s);
}

void TestSettingsDialog::controllerEnvironmentWins()
{
    QTemporaryDir dir;
    MemorySecretStore store;
    bool done = false;
    store.write(QString(AppSettings::ApiKeySecretName), u"sk-stored"_s,
                [&](const SecretStore::Result &) { done = true; });
    QTRY_VERIFY(done);
    const QProcessEnvironment env = envWith({{u"ANTHROPIC_API_KEY"_s, kKey}});
    MainWindow window;
    Client client(*Credentials::load({}, env));
    AccountController account(&window, &client, &store, dir.filePath(u"claudette.conf"_s), env);
    QVERIFY(account.environmentHasKey());
    QSignalSpy loaded(&account, &AccountController::keyLoaded);
    account.loadKey();
    QTRY_COMPARE(loaded.size(), 1);
    QCOMPARE(client.credentials().apiKey(), kKey);
    QCOMPARE(account.keySource(), u"env:ANTHROPIC_API_KEY"_s);

    // The unavailable keychain is reported, and the environment still works.
    MemorySecretStore none;
    none.setUnavailable(true);
    Client bare;
    AccountController noKeychain(&window, &bare, &none, dir.filePath(u"other.conf"_s),
                                 QProcessEnvironment());
    QSignalSpy unavailable(&noKeychain, &AccountController::keychainUnavailable);
    noKeychain.loadKey();
    QTRY_COMPARE(unavailable.size(), 1);
    QVERIFY(unavailable.at(0).at(0).toString().contains(u"using the environment only"_s));
    QVERIFY(!bare.credentials().hasSecret());
}

void TestSettingsDialog::controllerKeySavedInDialogReachesClient()
{
    QTemporaryDir dir;
    MemorySecretStore store;
    MainWindow window;
    Client client;
    const QString conf = dir.filePath(u"claudette.conf"_s);
    AccountController account(&window, &client, &store, conf, QProcessEnvironment());
    account.openSettings();
    SettingsDialog *dialog = account.dialog();
    QVERIFY(dialog);
    QSignalSpy known(dialog, &SettingsDialog::keyStateKnown);
    QVERIFY(known.wait());
    dialog->findChild<QLineEdit *>(u"apiKeyEdit"_s)->setText(kKey);
    dialog->findChild<QDoubleSpinBox *>(u"thresholdSpin"_s)->setValue(1.5);
    QSignalSpy credentials(&account, &AccountController::credentialsChanged);
    QSignalSpy settings(&account, &AccountController::settingsChanged);
    dialog->accept();
    QTRY_COMPARE(settings.size(), 1);
    QCOMPARE(credentials.size(), 1);
    QCOMPARE(client.credentials().apiKey(), kKey);
    QCOMPARE(account.settings().costConfirmAboveUsd, 1.5);

    // The settings file holds the threshold but never the key.
    QFile file(conf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.contains("confirmAboveUsd=1.5"));
    QVERIFY(!bytes.contains(kKey.toUtf8()));
}

void TestSettingsDialog::settingsActionOpensTheDialog()
{
    QTemporaryDir dir;
    MemorySecretStore store;
    MainWindow window;
    Client client;
    AccountController account(&window, &client, &store, dir.filePath(u"c.conf"_s),
                              QProcessEnvironment());
    auto *action = window.findChild<QAction *>(u"actionSettings"_s);
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma));
    action->trigger();
    QVERIFY(account.dialog());
    QVERIFY(account.dialog()->isVisible());
    QSignalSpy known(account.dialog(), &SettingsDialog::keyStateKnown);
    QVERIFY(known.wait());
    // With CLAUDETTE_SCREENSHOT_DIR set, the dialog's picture is saved there (to look at it).
    if (const QString dir = qEnvironmentVariable("CLAUDETTE_SCREENSHOT_DIR"); !dir.isEmpty())
        QVERIFY(account.dialog()->grab().save(dir + u"/settings.png"_s));
    account.dialog()->reject();
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
