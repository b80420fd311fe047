// The peer of claudette-qt for bench_gui_cold_start and bench_gui_idle_memory: a bare Qt window
// that builds a KSyntaxHighlighting repository the same way (CodeHighlighter::sharedRepository(),
// before the window shows) and writes CLAUDETTE_READY_FILE after its first paint, as
// claudette-qt does.
#include "render/codehighlighter.h"

#include <KSyntaxHighlighting/Repository>

#include <QApplication>
#include <QFile>
#include <QTimer>
#include <QWidget>

using namespace claudette;
using namespace Qt::StringLiterals;

namespace {

class ReadyWindow : public QWidget
{
public:
    QString readyFile;

protected:
    void paintEvent(QPaintEvent *event) override
    {
        QWidget::paintEvent(event);
        if (!m_written && !readyFile.isEmpty()) {
            m_written = true;
            QTimer::singleShot(0, this, [this] {
                QFile f(readyFile);
                if (f.open(QIODevice::WriteOnly))
                    f.write("ready\n");
            });
        }
    }

private:
    bool m_written = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    // The application's highlighter theme is chosen from the palette at start-up, which loads
    // the repository: do the same.
    const KSyntaxHighlighting::Theme theme =
        CodeHighlighter::themeForPalette(QApplication::palette());
    const int definitions = int(CodeHighlighter::sharedRepository().definitions().size());
    ReadyWindow window;
    window.readyFile = QString::fromLocal8Bit(qgetenv("CLAUDETTE_READY_FILE"));
    window.setWindowTitle(u"bare %1 %2"_s.arg(definitions).arg(theme.name()));
    window.resize(1280, 820);
    window.show();
    return QApplication::exec();
}
