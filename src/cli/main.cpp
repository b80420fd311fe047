#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("claudette"));
    QCoreApplication::setApplicationName(QStringLiteral("claudette"));
    QTextStream(stdout) << "claudette-cli " << CLAUDETTE_VERSION << '\n';
    return 0;
}
