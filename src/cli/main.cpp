#include "cli/cliapp.h"
#include "core/util/heaptuning.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    claudette::HeapTuning::apply(claudette::HeapTuning::Arenas::Shared);
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("claudette"));
    QCoreApplication::setApplicationName(QStringLiteral("claudette"));
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    return claudette::cli::CliApp().run(arguments);
}
