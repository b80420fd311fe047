#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace claudette {

/**
 * Where API keys and tokens live between runs: the OS keychain in the app, memory in tests.
 *
 * Every call is asynchronous (keychains may ask the user) and answers exactly once through its
 * callback, on the caller's thread. A secret never goes to QSettings, a conversation file, a log or
 * an error message: implementations must not put it into Result::error either.
 */
class SecretStore : public QObject
{
    Q_OBJECT
public:
    enum class Status
    {
        Ok,
        NotFound,    ///< nothing stored under that name
        Unavailable, ///< no keychain service runs here: use the environment only
        Denied,      ///< the user or the system refused access
        Failed,      ///< anything else; see error
    };
    Q_ENUM(Status)

    struct Result
    {
        Status status = Status::Ok;
        QString secret; ///< the secret, for a successful read only
        QString error;  ///< a user-facing explanation when status is not Ok
    };
    using Callback = std::function<void(const Result &)>;

    using QObject::QObject;

    virtual void read(const QString &name, Callback done) = 0;
    virtual void write(const QString &name, const QString &secret, Callback done) = 0;
    virtual void remove(const QString &name, Callback done) = 0;

    /// A short name of the backend for the user ("Secret Service", "memory", ...).
    virtual QString backendName() const = 0;
};

} // namespace claudette
