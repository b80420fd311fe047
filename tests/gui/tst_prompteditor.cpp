#include "gui/composer/attachmentvalidator.h"
#include "gui/composer/prompteditor.h"
#include "gui/composer/prompttextedit.h"

#include <QAbstractButton>
#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QDropEvent>
#include <QImage>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QTest>

using namespace claudette;

class TestPromptEditor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(bytes);
        return file.fileName();
    }

    static QByteArray pngBytes(int width = 8, int height = 6)
    {
        QImage image(width, height, QImage::Format_RGB32);
        image.fill(Qt::red);
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        return bytes;
    }

    static void drop(QWidget *target, const QList<QUrl> &urls)
    {
        QMimeData mime;
        mime.setUrls(urls);
        const QPointF pos(target->width() / 2.0, target->height() / 2.0);
        QDragEnterEvent enter(pos.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &enter);
        QDragMoveEvent move(pos.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &move);
        QDropEvent event(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &event);
    }

    static int chipCount(const PromptEditor &editor)
    {
        return int(editor.findChildren<QWidget *>(QStringLiteral("attachmentChip")).size());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void ctrlEnterSends()
    {
        PromptEditor editor;
        editor.show();
        QSignalSpy send(&editor, &PromptEditor::sendRequested);
        QTest::keyClicks(editor.textEdit(), QStringLiteral("Hello Claude"));
        QTest::keyClick(editor.textEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(send.count(), 1);
        QCOMPARE(send.first().at(0).toString(), QStringLiteral("Hello Claude"));
        QVERIFY(send.first().at(1).value<QList<Attachment>>().isEmpty());
        // The text stays until the receiver takes the turn.
        QCOMPARE(editor.text(), QStringLiteral("Hello Claude"));
        // A plain Enter is a new line, not a send.
        QTest::keyClick(editor.textEdit(), Qt::Key_Return);
        QCOMPARE(send.count(), 1);
        QCOMPARE(editor.text(), QStringLiteral("Hello Claude\n"));
        editor.clear();
        QCOMPARE(editor.text(), QString());
    }

    void emptyPromptIsNotSent()
    {
        PromptEditor editor;
        QSignalSpy send(&editor, &PromptEditor::sendRequested);
        QTest::keyClicks(editor.textEdit(), QStringLiteral("   "));
        QTest::keyClick(editor.textEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(send.count(), 0);
    }

    void escapeStopsAndSendTurnsIntoStop()
    {
        PromptEditor editor;
        QSignalSpy stop(&editor, &PromptEditor::stopRequested);
        QSignalSpy send(&editor, &PromptEditor::sendRequested);
        auto *button = editor.findChild<QPushButton *>(QStringLiteral("sendButton"));
        QVERIFY(button);
        QCOMPARE(button->text(), QStringLiteral("Send"));
        editor.setStreaming(true);
        QCOMPARE(button->text(), QStringLiteral("Stop"));
        QTest::keyClick(editor.textEdit(), Qt::Key_Escape);
        QCOMPARE(stop.count(), 1);
        button->click();
        QCOMPARE(stop.count(), 2);
        // No second send while a reply streams.
        editor.setText(QStringLiteral("next"));
        QTest::keyClick(editor.textEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(send.count(), 0);
        editor.setStreaming(false);
        QCOMPARE(button->text(), QStringLiteral("Send"));
        button->click();
        QCOMPARE(send.count(), 1);
    }

    void droppingAFileAddsAChip()
    {
        PromptEditor editor;
        editor.resize(600, 200);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QSignalSpy changed(&editor, &PromptEditor::attachmentsChanged);
        const QString png = writeFile(QStringLiteral("photo.png"), pngBytes());
        const QString text = writeFile(QStringLiteral("notes.md"), "# Notes\nsome text\n");
        drop(editor.textEdit()->viewport(), {QUrl::fromLocalFile(png), QUrl::fromLocalFile(text)});
        QCOMPARE(editor.attachments().size(), 2);
        QCOMPARE(editor.attachments().at(0).mimeType, QStringLiteral("image/png"));
        QCOMPARE(editor.attachments().at(0).imageSize, QSize(8, 6));
        QCOMPARE(editor.attachments().at(1).mimeType, QStringLiteral("text/plain"));
        QCOMPARE(editor.attachments().at(1).name, QStringLiteral("notes.md"));
        QCOMPARE(chipCount(editor), 2);
        QVERIFY(changed.count() >= 1);
        // Nothing was inserted into the text.
        QCOMPARE(editor.text(), QString());
        QVERIFY(editor.errorText().isEmpty());

        // The remove button of the first chip removes it.
        auto *remove = editor.findChild<QWidget *>(QStringLiteral("attachmentChip"))
                           ->findChild<QAbstractButton *>(QStringLiteral("attachmentRemove"));
        QVERIFY(remove);
        remove->click();
        QCOMPARE(editor.attachments().size(), 1);
        QCOMPARE(editor.attachments().at(0).name, QStringLiteral("notes.md"));
        QTRY_COMPARE(chipCount(editor), 1);

        // Sending carries the attachment.
        QSignalSpy send(&editor, &PromptEditor::sendRequested);
        QTest::keyClick(editor.textEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(send.count(), 1);
        QCOMPARE(send.first().at(1).value<QList<Attachment>>().size(), 1);
    }

    void pastingAnImageAddsAChip()
    {
        PromptEditor editor;
        QImage image(20, 10, QImage::Format_ARGB32);
        image.fill(Qt::blue);
        QMimeData *mime = new QMimeData; // the clipboard takes ownership
        mime->setImageData(image);
        QApplication::clipboard()->setMimeData(mime);
        editor.textEdit()->paste();
        QCOMPARE(editor.attachments().size(), 1);
        QCOMPARE(editor.attachments().at(0).mimeType, QStringLiteral("image/png"));
        QCOMPARE(editor.attachments().at(0).imageSize, QSize(20, 10));
        QCOMPARE(chipCount(editor), 1);
        QCOMPARE(editor.text(), QString());
    }

    void rejectedFilesShowWhyAndAddNothing_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("binary") << QStringLiteral("program.bin") << QByteArray("\x7f" "ELF\0\0\1", 7)
                                << QStringLiteral("not an image");
        QTest::newRow("empty") << QStringLiteral("empty.txt") << QByteArray()
                               << QStringLiteral("is empty");
        QTest::newRow("broken png") << QStringLiteral("broken.png")
                                    << QByteArray("\x89PNG\r\n\x1a\nnot really")
                                    << QStringLiteral("cannot be read");
        QTest::newRow("bad utf-8") << QStringLiteral("latin1.txt") << QByteArray("caf\xe9 cr\xe8me")
                                   << QStringLiteral("not an image");
    }

    void rejectedFilesShowWhyAndAddNothing()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        PromptEditor editor;
        editor.show();
        const QString path = writeFile(name, bytes);
        drop(editor.textEdit()->viewport(), {QUrl::fromLocalFile(path)});
        QCOMPARE(editor.attachments().size(), 0);
        QCOMPARE(chipCount(editor), 0);
        QVERIFY2(editor.errorText().contains(message), qPrintable(editor.errorText()));
        QVERIFY(editor.errorText().contains(name));
        auto *label = editor.findChild<QLabel *>(QStringLiteral("attachmentError"));
        QVERIFY(label && label->isVisible());
        QCOMPARE(editor.text(), QString());
    }

    void missingFileAndFolderAreRejected()
    {
        PromptEditor editor;
        QCOMPARE(editor.addFiles({QUrl::fromLocalFile(m_dir.filePath(QStringLiteral("gone.txt")))}),
                 0);
        QVERIFY(editor.errorText().contains(QStringLiteral("gone.txt")));
        QCOMPARE(editor.addFiles({QUrl::fromLocalFile(m_dir.path())}), 0);
        QVERIFY(editor.errorText().contains(QStringLiteral("folder")));
    }

    void pluggedInValidatorDecides()
    {
        PromptEditor editor;
        editor.setValidator([](Attachment &attachment) {
            return attachment.name.endsWith(QLatin1StringView(".png"))
                       ? QStringLiteral("No images for this model.")
                       : QString();
        });
        const QString png = writeFile(QStringLiteral("a.png"), pngBytes());
        const QString bin = writeFile(QStringLiteral("b.bin"), QByteArray("\0\1\2", 3));
        QCOMPARE(editor.addFiles({QUrl::fromLocalFile(png), QUrl::fromLocalFile(bin)}), 1);
        QCOMPARE(editor.attachments().at(0).name, QStringLiteral("b.bin"));
        QCOMPARE(editor.errorText(), QStringLiteral("No images for this model."));
    }

    void sniffing_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("mime");
        QTest::newRow("png") << pngBytes() << QStringLiteral("image/png");
        QTest::newRow("jpeg") << QByteArray("\xff\xd8\xff\xe0rest") << QStringLiteral("image/jpeg");
        QTest::newRow("gif") << QByteArray("GIF89a...") << QStringLiteral("image/gif");
        QTest::newRow("webp") << QByteArray("RIFF\x10\0\0\0WEBPVP8 ", 16)
                              << QStringLiteral("image/webp");
        QTest::newRow("pdf") << QByteArray("%PDF-1.7\n") << QStringLiteral("application/pdf");
        QTest::newRow("utf-8") << QByteArray("na\xc3\xafve \xe2\x9c\x93") << QStringLiteral("text/plain");
        QTest::newRow("nul") << QByteArray("a\0b", 3) << QString();
    }

    void sniffing()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, mime);
        QCOMPARE(AttachmentValidator::sniffMimeType(bytes), mime);
    }

    void tokenEstimateFollowsTheText()
    {
        PromptEditor editor;
        auto *label = editor.findChild<QLabel *>(QStringLiteral("tokenEstimate"));
        QVERIFY(label);
        editor.setText(QString(400, u'x'));
        QVERIFY2(label->text().contains(QStringLiteral("100")), qPrintable(label->text()));
    }

    void growsWithItsContent()
    {
        PromptEditor editor;
        editor.resize(500, 300);
        editor.show();
        const int small = editor.textEdit()->height();
        editor.setText(QStringLiteral("1\n2\n3\n4\n5\n6"));
        QVERIFY(editor.textEdit()->height() > small);
        const int six = editor.textEdit()->height();
        editor.setText(QStringLiteral("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14"));
        QVERIFY(editor.textEdit()->height() > six);
        const int capped = editor.textEdit()->height();
        editor.setText(QString(QStringLiteral("x\n")).repeated(50));
        QCOMPARE(editor.textEdit()->height(), capped);
    }
};

QTEST_MAIN(TestPromptEditor)
#include "tst_prompteditor.moc"
