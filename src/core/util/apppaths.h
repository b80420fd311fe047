#pragma once

#include <QString>

namespace claudette {

/**
 * The one place that knows where claudette keeps its files, shared by the GUI and the CLI
 * (organisation and application name both `claudette`, XDG folders on Linux):
 * - settings: `<config>/claudette/claudette.conf` (QSettings, INI; never secrets)
 * - the library of conversations: `<data>/library/`
 * - streaming journals: `<data>/journals/`
 * - the cost ledger: `<data>/ledger.jsonl`
 * - the draft of a new conversation not saved yet: `<data>/draft.json`
 * - the full-text index: `<data>/index.sqlite`
 * - the cache: `<cache>/`
 * where `<data>` is `QStandardPaths::GenericDataLocation/claudette` (~/.local/share/claudette)
 * and `<cache>` is `GenericCacheLocation/claudette`. Tests pass a root folder instead, under
 * which the same layout is made (`ROOT/config`, `ROOT/data`, `ROOT/cache`).
 */
class AppPaths
{
public:
    static constexpr QLatin1StringView Name{"claudette"};

    /// The user's standard folders.
    AppPaths();
    /// Everything under @p root (for tests and portable use).
    explicit AppPaths(const QString &root);

    QString configDir() const { return m_configDir; }
    QString dataDir() const { return m_dataDir; }
    QString cacheDir() const { return m_cacheDir; }

    QString settingsFile() const;
    QString libraryDir() const;
    QString journalsDir() const;
    QString ledgerFile() const;
    /// The unsent draft of a new conversation that has no file yet: `<data>/draft.json`.
    QString draftFile() const;
    QString indexFile() const;
    /// The models API's list as last fetched: `<cache>/models.json`.
    QString modelListCacheFile() const;

    /// Creates the folders above; false with @p errorString set when one cannot be made.
    bool ensureDirs(QString *errorString = nullptr) const;

private:
    QString m_configDir;
    QString m_dataDir;
    QString m_cacheDir;
};

} // namespace claudette
