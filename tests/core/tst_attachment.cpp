#include "core/api/attachment.h"
#include "core/api/mediasniffer.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace claudette;

namespace {
QByteArray encode(const QImage &image, const char *format, int quality = -1)
{
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    writer.setQuality(quality);
    if (!writer.write(image))
        qWarning("cannot write test image as %s: %s", format, qPrintable(writer.errorString()));
    return out;
}

// A smooth gradient: compresses well, like a screenshot or a photo.
QImage gradient(int w, int h, bool alpha = false)
{
    QImage img(w, h, alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    for (int y = 0; y < h; ++y) {
        auto *line = reinterpret_cast<QRgb *>(img.scanLine(y));
        for (int x = 0; x < w; ++x)
            line[x] = qRgba(x * 255 / qMax(1, w - 1), y * 255 / qMax(1, h - 1), 128,
                            alpha ? 128 + (x % 128) : 255);
    }
    return img;
}

// Random pixels: incompressible, to exceed byte limits.
QImage noise(int w, int h, bool alpha)
{
    QImage img(w, h, alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    QRandomGenerator rng(42);
    for (int y = 0; y < h; ++y) {
        auto *line = reinterpret_cast<quint32 *>(img.scanLine(y));
        for (int x = 0; x < w; ++x)
            line[x] = rng.generate() | (alpha ? 0u : 0xFF000000u);
    }
    return img;
}

QSize decodedSize(const QByteArray &bytes)
{
    QBuffer b;
    b.setData(bytes);
    b.open(QIODevice::ReadOnly);
    return QImageReader(&b).size();
}
} // namespace

class TestAttachment : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sniffing_data();
    void sniffing();
    void nameLiesAboutType();
    void smallImageSentUnchanged_data();
    void smallImageSentUnchanged();
    void scaledToLongEdge_data();
    void scaledToLongEdge();
    void scalingOffKeepsLargeEdge();
    void scalingOffTooManyPixels();
    void scalingOffTooManyBytes();
    void overPixelLimitScaledWhenOn();
    void opaqueNoisyPngFallsBackToJpeg();
    void stillTooLargeAfterScaling();
    void corruptImage_data();
    void corruptImage();
    void empty();
    void pdf();
    void pdfTooLarge();
    void text();
    void nonUtf8Text();
    void unsupportedBinary();
    void fromFile();
    void missingFile();
    void hashAndContentBlock();
};

void TestAttachment::sniffing_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("mediaType");
    const QImage img = gradient(16, 8);
    QTest::newRow("png") << encode(img, "png") << u"image/png"_s;
    QTest::newRow("jpeg") << encode(img, "jpeg") << u"image/jpeg"_s;
    QTest::newRow("webp") << encode(img, "webp") << u"image/webp"_s;
    QTest::newRow("gif87a") << QByteArray("GIF87a\x01\x00") << u"image/gif"_s;
    QTest::newRow("gif89a") << QByteArray("GIF89a\x01\x00") << u"image/gif"_s;
    QTest::newRow("riff not webp") << QByteArray("RIFF\0\0\0\0WAVEfmt ", 16) << QString();
    QTest::newRow("pdf") << QByteArray("%PDF-1.7") << QString();
    QTest::newRow("short") << QByteArray("\x89P") << QString();
    QTest::newRow("empty") << QByteArray() << QString();
}

void TestAttachment::sniffing()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, mediaType);
    QVERIFY(!bytes.isEmpty() || mediaType.isEmpty());
    QCOMPARE(MediaSniffer::imageMediaType(bytes), mediaType);
}

void TestAttachment::nameLiesAboutType()
{
    const QByteArray jpeg = encode(gradient(40, 30), "jpeg");
    const AttachmentResult r = Attachment::fromBytes(jpeg, u"holiday.png"_s);
    QVERIFY2(r.ok(), qPrintable(r.errorString));
    QCOMPARE(r.attachment.mediaType(), u"image/jpeg"_s);
    QCOMPARE(r.attachment.originalName(), u"holiday.png"_s);
    const QByteArray png = encode(gradient(40, 30), "png");
    QCOMPARE(Attachment::fromBytes(png, u"scan.pdf"_s).attachment.mediaType(), u"image/png"_s);
}

void TestAttachment::smallImageSentUnchanged_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("mediaType");
    QTest::addColumn<QSize>("size");
    const QImage img = gradient(300, 200);
    QTest::newRow("png") << encode(img, "png") << u"image/png"_s << QSize(300, 200);
    QTest::newRow("jpeg") << encode(img, "jpeg", 90) << u"image/jpeg"_s << QSize(300, 200);
    QTest::newRow("webp") << encode(img, "webp") << u"image/webp"_s << QSize(300, 200);
    // Qt reads GIF but cannot write it: a hand-made 1x1 GIF89a (2-colour table, one LZW code).
    const QByteArray gif("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
                         "!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00"
                         "\x00\x02\x02D\x01\x00;",
                         43);
    QTest::newRow("gif") << gif << u"image/gif"_s << QSize(1, 1);
}

void TestAttachment::smallImageSentUnchanged()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, mediaType);
    QFETCH(QSize, size);
    const AttachmentResult r = Attachment::imageFromBytes(bytes, u"x"_s);
    QVERIFY2(r.ok(), qPrintable(r.errorString));
    QCOMPARE(r.attachment.kind(), Attachment::Kind::Image);
    QCOMPARE(r.attachment.mediaType(), mediaType);
    QCOMPARE(r.attachment.bytes(), bytes); // not re-encoded
    QVERIFY(!r.attachment.wasScaled());
    QCOMPARE(r.attachment.pixelSize(), size);
    QCOMPARE(r.attachment.originalSize(), bytes.size());
    QCOMPARE(r.attachment.estimatedImageTokens(), size.width() * size.height() / 750);
}

void TestAttachment::scaledToLongEdge_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QSize>("expected");
    QTest::addColumn<QString>("sentType");
    QTest::newRow("png landscape") << QByteArray("png") << QSize(3000, 2000) << QSize(1568, 1045)
                                   << u"image/png"_s;
    QTest::newRow("jpeg portrait") << QByteArray("jpeg") << QSize(1000, 2400)
                                   << QSize(653, 1568) << u"image/jpeg"_s;
    QTest::newRow("webp square") << QByteArray("webp") << QSize(2000, 2000) << QSize(1568, 1568)
                                 << u"image/webp"_s;
}

void TestAttachment::scaledToLongEdge()
{
    QFETCH(QByteArray, format);
    QFETCH(QSize, size);
    QFETCH(QSize, expected);
    QFETCH(QString, sentType);
    const QByteArray bytes = encode(gradient(size.width(), size.height()), format.constData(), 90);
    const AttachmentResult r = Attachment::imageFromBytes(bytes, u"big"_s);
    QVERIFY2(r.ok(), qPrintable(r.errorString));
    QVERIFY(r.attachment.wasScaled());
    QCOMPARE(r.attachment.originalPixelSize(), size);
    QCOMPARE(r.attachment.pixelSize(), expected);
    QCOMPARE(r.attachment.mediaType(), sentType);
    QCOMPARE(MediaSniffer::imageMediaType(r.attachment.bytes()), sentType);
    QCOMPARE(decodedSize(r.attachment.bytes()), expected);
    QCOMPARE(r.attachment.originalSize(), bytes.size());
}

void TestAttachment::scalingOffKeepsLargeEdge()
{
    const QByteArray bytes = encode(gradient(3000, 2000), "png");
    AttachmentOptions off;
    off.scaleImages = false;
    const AttachmentResult r = Attachment::imageFromBytes(bytes, u"big.png"_s, off);
    QVERIFY2(r.ok(), qPrintable(r.errorString));
    QVERIFY(!r.attachment.wasScaled());
    QCOMPARE(r.attachment.bytes(), bytes);
    QCOMPARE(r.attachment.pixelSize(), QSize(3000, 2000));
}

void TestAttachment::scalingOffTooManyPixels()
{
    const QByteArray bytes = encode(gradient(8001, 10), "png");
    AttachmentOptions off;
    off.scaleImages = false;
    const AttachmentResult r = Attachment::imageFromBytes(bytes, u"wide.png"_s, off);
    QVERIFY(!r.ok());
    QCOMPARE(r.error, Attachment::Error::ImageTooLarge);
    QVERIFY2(r.errorString.contains(u"wide.png"_s) && r.errorString.contains(u"8001"_s),
             qPrintable(r.errorString));
}

void TestAttachment::scalingOffTooManyBytes()
{
    // 1200x1200 random pixels: about 5.8 MB as PNG, over 5 MB once base64-encoded.
    const QByteArray bytes = encode(noise(1200, 1200, false), "png");
    QVERIFY(bytes.size() * 4 / 3 > 5 * 1024 * 1024);
    AttachmentOptions off;
    off.scaleImages = false;
    const AttachmentResult r = Attachment::imageFromBytes(bytes, u"noise.png"_s, off);
    QCOMPARE(r.error, Attachment::Error::ImageTooLarge);
    QVERIFY2(r.errorString.contains(u"5.0 MB"_s), qPrintable(r.errorString));
}

void TestAttachment::overPixelLimitScaledWhenOn()
{
    const QByteArray bytes = encode(gradient(8200, 100), "png");
    AttachmentOptions big;
    big.maxLongEdge = 10000; // only the API's 8000 px limit applies
    const AttachmentResult r = Attachment::imageFromBytes(bytes, u"strip.png"_s, big);
    QVERIFY2(r.ok(), qPrintable(r.errorString));
    QVERIFY(r.attachment.wasScaled());
    QCOMPARE(r.attachment.pixelSize().width(), 8000);
}

void TestAttachment::opaqueNoisyPngFallsBackToJpeg()
{
    const QByteArray bytes = encode(noise(1200, 1200, false), "png");
    const AttachmentResult r = Attachment::imageFromBytes(bytes, u"noise.png"_s);
    QVERIFY2(r.ok(), qPrintable(r.errorString));
    QVERIFY(r.attachment.wasScaled());
    QCOMPARE(r.attachment.mediaType(), u"image/jpeg"_s);
    QVERIFY(r.attachment.bytes().size() * 4 / 3 <= 5 * 1024 * 1024);
    QCOMPARE(r.attachment.pixelSize(), QSize(1200, 1200));
}

void TestAttachment::stillTooLargeAfterScaling()
{
    // Transparent noise cannot become JPEG; with a tiny byte limit even 256 px is too much.
    const QByteArray bytes = encode(noise(600, 600, true), "png");
    AttachmentOptions strict;
    strict.maxImageBase64Bytes = 10 * 1024;
    const AttachmentResult r = Attachment::imageFromBytes(bytes, u"glass.png"_s, strict);
    QCOMPARE(r.error, Attachment::Error::ImageTooLarge);
    QVERIFY2(r.errorString.contains(u"after scaling"_s) && r.errorString.contains(u"256"_s),
             qPrintable(r.errorString));
}

void TestAttachment::corruptImage_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("type");
    QTest::newRow("fake png header")
        << QByteArray("\x89PNG\r\n\x1a\nthis is not really a png at all", 39) << u"PNG"_s;
    QByteArray truncated = encode(gradient(64, 64), "jpeg");
    truncated.truncate(20);
    QTest::newRow("truncated jpeg") << truncated << u"JPEG"_s;
    QTest::newRow("gif header only") << QByteArray("GIF89a") << u"GIF"_s;
    QTest::newRow("webp header only") << QByteArray("RIFF\x10\0\0\0WEBPVP8 ", 16) << u"WEBP"_s;
}

void TestAttachment::corruptImage()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, type);
    const AttachmentResult r = Attachment::fromBytes(bytes, u"broken.img"_s);
    QCOMPARE(r.error, Attachment::Error::CorruptImage);
    QVERIFY2(r.errorString.contains(u"broken.img"_s) && r.errorString.contains(type),
             qPrintable(r.errorString));
    QVERIFY(r.attachment.bytes().isEmpty());
}

void TestAttachment::empty()
{
    QCOMPARE(Attachment::fromBytes({}, u"e"_s).error, Attachment::Error::Empty);
    QCOMPARE(Attachment::imageFromBytes({}, u"e"_s).error, Attachment::Error::Empty);
    QCOMPARE(Attachment::pdfFromBytes({}, u"e"_s).error, Attachment::Error::Empty);
    QCOMPARE(Attachment::textFromBytes({}, u"e"_s).error, Attachment::Error::Empty);
    QCOMPARE(Attachment::textFromBytes("\xEF\xBB\xBF", u"bom"_s).error, Attachment::Error::Empty);
}

void TestAttachment::pdf()
{
    const QByteArray bytes("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");
    const AttachmentResult r = Attachment::fromBytes(bytes, u"paper.txt"_s);
    QVERIFY2(r.ok(), qPrintable(r.errorString));
    QCOMPARE(r.attachment.kind(), Attachment::Kind::Pdf);
    QCOMPARE(r.attachment.mediaType(), u"application/pdf"_s);
    QCOMPARE(r.attachment.bytes(), bytes);
    const ContentBlock block = r.attachment.toContentBlock();
    QCOMPARE(block.type(), ContentBlock::Type::Document);
    QCOMPARE(block.sourceMediaType(), u"application/pdf"_s);
    QCOMPARE(block.sourceBytes(), bytes);
    QCOMPARE(block.title(), u"paper.txt"_s);
    QCOMPARE(Attachment::pdfFromBytes("hello", u"h"_s).error, Attachment::Error::UnsupportedType);
}

void TestAttachment::pdfTooLarge()
{
    QByteArray bytes("%PDF-1.7\n");
    bytes.append(QByteArray(Attachment::kMaxPdfBytes, ' '));
    const AttachmentResult r = Attachment::pdfFromBytes(bytes, u"huge.pdf"_s);
    QCOMPARE(r.error, Attachment::Error::PdfTooLarge);
    QVERIFY2(r.errorString.contains(u"32.0 MB"_s), qPrintable(r.errorString));
}

void TestAttachment::text()
{
    const QByteArray bytes = "\xEF\xBB\xBFGr\xC3\xBC\xC3\x9F Gott \xF0\x9F\x98\x80\n";
    const AttachmentResult r = Attachment::fromBytes(bytes, u"notes.md"_s);
    QVERIFY2(r.ok(), qPrintable(r.errorString));
    QCOMPARE(r.attachment.kind(), Attachment::Kind::PlainText);
    QCOMPARE(r.attachment.mediaType(), u"text/plain"_s);
    QCOMPARE(r.attachment.bytes(), bytes.mid(3)); // BOM dropped
    QCOMPARE(r.attachment.originalSize(), bytes.size());
    const ContentBlock block = r.attachment.toContentBlock();
    QCOMPARE(block.sourceType(), u"text"_s);
    QCOMPARE(block.sourceData(), QString::fromUtf8(bytes.mid(3)));
    QCOMPARE(block.title(), u"notes.md"_s);
}

void TestAttachment::nonUtf8Text()
{
    const QByteArray latin1 = "Gr\xFC\xDF Gott\n"; // ISO-8859-1
    QCOMPARE(Attachment::textFromBytes(latin1, u"old.txt"_s).error, Attachment::Error::TextNotUtf8);
    const QByteArray cut = "abc\xE2\x82"; // a UTF-8 sequence cut short
    QVERIFY(!MediaSniffer::isValidUtf8(cut));
    QCOMPARE(Attachment::textFromBytes(cut, u"cut.txt"_s).error, Attachment::Error::TextNotUtf8);
    const AttachmentResult r = Attachment::textFromBytes(latin1, u"old.txt"_s);
    QVERIFY2(r.errorString.contains(u"old.txt"_s) && r.errorString.contains(u"UTF-8"_s),
             qPrintable(r.errorString));
}

void TestAttachment::unsupportedBinary()
{
    const QByteArray elf("\x7F" "ELF\x02\x01\x01\x00\xFF\xFE", 10);
    const AttachmentResult r = Attachment::fromBytes(elf, u"a.out"_s);
    QCOMPARE(r.error, Attachment::Error::UnsupportedType);
    QVERIFY(r.errorString.contains(u"a.out"_s));
    // A BMP is an image, but not one the API takes.
    QCOMPARE(Attachment::imageFromBytes(encode(gradient(4, 4), "bmp"), u"x.bmp"_s).error,
             Attachment::Error::UnsupportedType);
}

void TestAttachment::fromFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"photo.gif"_s); // a lie: it holds a PNG
    const QByteArray png = encode(gradient(20, 10), "png");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(png);
    f.close();
    const AttachmentResult r = Attachment::fromFile(path);
    QVERIFY2(r.ok(), qPrintable(r.errorString));
    QCOMPARE(r.attachment.mediaType(), u"image/png"_s);
    QCOMPARE(r.attachment.originalName(), u"photo.gif"_s);
    QCOMPARE(r.attachment.originalSize(), png.size());
}

void TestAttachment::missingFile()
{
    const AttachmentResult r = Attachment::fromFile(u"/nonexistent/dir/nothing.png"_s);
    QCOMPARE(r.error, Attachment::Error::FileUnreadable);
    QVERIFY(r.errorString.contains(u"nothing.png"_s));
}

void TestAttachment::hashAndContentBlock()
{
    const QByteArray big = encode(gradient(2000, 1000), "png");
    const AttachmentResult r = Attachment::imageFromBytes(big, u"g.png"_s);
    QVERIFY(r.ok());
    // the hash is of the bytes actually sent (after scaling), lower-case hex
    QCOMPARE(r.attachment.sha256(),
             QString::fromLatin1(
                 QCryptographicHash::hash(r.attachment.bytes(), QCryptographicHash::Sha256)
                     .toHex()));
    QVERIFY(r.attachment.bytes() != big);
    const ContentBlock block = r.attachment.toContentBlock();
    QCOMPARE(block.type(), ContentBlock::Type::Image);
    QCOMPARE(block.sourceMediaType(), u"image/png"_s);
    QCOMPARE(block.sourceBytes(), r.attachment.bytes());
}

QTEST_GUILESS_MAIN(TestAttachment)
#include "tst_attachment.moc"
