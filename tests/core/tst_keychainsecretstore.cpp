#include "core/secrets/keychainsecretstore.h"
#include "core/secrets/memorysecretstore.h"

#include <QDirIterator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace claudette;
using namespace Qt::StringLiterals;

namespace {

// Runs one asynchronous store call to completion.
SecretStore::Result wait(const std::function<void(SecretStore::Callback)> &call)
{
    std::optional<SecretStore::Result> result;
    call([&](const SecretStore::Result &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        return {SecretStore::Status::Failed, {}, u"timed out"_s};
    return *result;
}

bool anyFileContains(const QString &root, const QByteArray &needle)
{
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            return true;
    }
    return false;
}

const QString kSecret = u"sk-ant-test-0123456789-never-in-a-file"_s;

} // namespace

/// Unit tests of the in-memory store, and the keychain store against whatever this machine has:
/// with CLAUDETTE_KEYCHAIN_TEST=gnome-keyring (set by the CTest wrapper that starts an unlocked
/// gnome-keyring under dbus-run-session) it must round-trip a secret; without a session bus it must
/// answer Unavailable and never fall back to a plain-text file.
class TestKeychainSecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void memoryRoundTrip();
    void memoryUnavailable();
    void keychain();

private:
    QTemporaryDir m_home;
};

void TestKeychainSecretStore::initTestCase()
{
    QVERIFY(m_home.isValid());
    QStandardPaths::setTestModeEnabled(true);
}

void TestKeychainSecretStore::memoryRoundTrip()
{
    MemorySecretStore store;
    QCOMPARE(wait([&](auto cb) { store.read(u"api-key"_s, cb); }).status,
             SecretStore::Status::NotFound);
    QCOMPARE(wait([&](auto cb) { store.write(u"api-key"_s, kSecret, cb); }).status,
             SecretStore::Status::Ok);
    const auto read = wait([&](auto cb) { store.read(u"api-key"_s, cb); });
    QCOMPARE(read.status, SecretStore::Status::Ok);
    QCOMPARE(read.secret, kSecret);
    QCOMPARE(wait([&](auto cb) { store.remove(u"api-key"_s, cb); }).status,
             SecretStore::Status::Ok);
    QCOMPARE(wait([&](auto cb) { store.read(u"api-key"_s, cb); }).status,
             SecretStore::Status::NotFound);
}

void TestKeychainSecretStore::memoryUnavailable()
{
    MemorySecretStore store;
    store.setUnavailable(true);
    const auto r = wait([&](auto cb) { store.write(u"api-key"_s, kSecret, cb); });
    QCOMPARE(r.status, SecretStore::Status::Unavailable);
    QVERIFY(!r.error.isEmpty());
    QVERIFY(!r.error.contains(kSecret));
}

void TestKeychainSecretStore::keychain()
{
    KeychainSecretStore store(u"claudette-test"_s);
    const bool gnome = qEnvironmentVariable("CLAUDETTE_KEYCHAIN_TEST") == "gnome-keyring"_L1;
    const auto written = wait([&](auto cb) { store.write(u"api-key"_s, kSecret, cb); });
    QVERIFY(!written.error.contains(kSecret));
    qInfo("keychain write: status %d, %s", int(written.status), qPrintable(written.error));
    if (!gnome) {
        if (qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("a session bus is present but this is not the gnome-keyring run");
        QCOMPARE(written.status, SecretStore::Status::Unavailable);
        QVERIFY(!anyFileContains(QStandardPaths::writableLocation(QStandardPaths::ConfigLocation),
                                 kSecret.toUtf8()));
        QVERIFY(!anyFileContains(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation),
                                 kSecret.toUtf8()));
        return;
    }
    QCOMPARE(written.status, SecretStore::Status::Ok);
    const auto read = wait([&](auto cb) { store.read(u"api-key"_s, cb); });
    QCOMPARE(read.status, SecretStore::Status::Ok);
    QCOMPARE(read.secret, kSecret);
    QCOMPARE(wait([&](auto cb) { store.remove(u"api-key"_s, cb); }).status,
             SecretStore::Status::Ok);
    QCOMPARE(wait([&](auto cb) { store.read(u"api-key"_s, cb); }).status,
             SecretStore::Status::NotFound);
    // The secret reached the keyring, never a plain file of ours.
    QVERIFY(!anyFileContains(QStandardPaths::writableLocation(QStandardPaths::ConfigLocation),
                             kSecret.toUtf8()));
}

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "tst_keychainsecretstore.moc"
