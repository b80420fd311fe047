#include "render/markdowndocument.h"
#include "render/markdownrenderer.h"

#include <QAbstractTextDocumentLayout>
#include <QImage>
#include <QPainter>
#include <QTest>

using namespace Qt::StringLiterals;
using claudette::MarkdownDocument;
using claudette::MarkdownRenderer;

namespace {
/// Lays the document out and paints it, which is when QTextDocument asks for images.
void paint(QTextDocument &doc)
{
    doc.setTextWidth(400);
    QImage target(400, 400, QImage::Format_ARGB32);
    target.fill(Qt::white);
    QPainter painter(&target);
    doc.drawContents(&painter);
}
} // namespace

class TestMarkdownDocument : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rendersMarkdown();
    void refusesEveryResource_data();
    void refusesEveryResource();
    void servesRegisteredAttachments();
    void rejectsBadAttachmentIds();
};

void TestMarkdownDocument::rendersMarkdown()
{
    MarkdownDocument doc;
    doc.setMarkdownSource(u"# Title\n\nSome **bold** [link](https://qt.io) and "
                          u"![cat](http://img.example/cat.png)\n\n```cpp\nint x;\n```\n",
                          MarkdownRenderer());
    const QString text = doc.toPlainText();
    QVERIFY2(text.contains(u"Title"), qPrintable(text));
    QVERIFY(text.contains(u"[image: cat]"));
    QVERIFY(text.contains(u"(http://img.example/cat.png)"));
    QVERIFY(text.contains(u"int x;"));
    paint(doc);
    QVERIFY(doc.refusedResources().isEmpty()); // nothing was even asked for
}

void TestMarkdownDocument::refusesEveryResource_data()
{
    QTest::addColumn<QString>("html");
    QTest::addColumn<QUrl>("url");
    QTest::newRow("remote image") << u"<img src=\"http://evil.example/t.png\">"_s
                                  << QUrl(u"http://evil.example/t.png"_s);
    QTest::newRow("local file") << u"<img src=\"file:///etc/passwd\">"_s
                                << QUrl(u"file:///etc/passwd"_s);
    QTest::newRow("relative path") << u"<img src=\"secret.png\">"_s << QUrl(u"secret.png"_s);
    QTest::newRow("qrc") << u"<img src=\"qrc:/icons/x.png\">"_s << QUrl(u"qrc:/icons/x.png"_s);
    QTest::newRow("unregistered attachment")
        << u"<img src=\"attachment://abc123\">"_s << QUrl(u"attachment://abc123"_s);
    QTest::newRow("css background")
        << u"<p style=\"background-image: url(http://evil.example/b.png)\">x</p>"_s
        << QUrl(u"http://evil.example/b.png"_s);
}

void TestMarkdownDocument::refusesEveryResource()
{
    QFETCH(QString, html);
    QFETCH(QUrl, url);
    MarkdownDocument doc;
    doc.setHtml(html); // hostile HTML straight in, bypassing the renderer
    paint(doc);
    QVERIFY(doc.resource(QTextDocument::ImageResource, url).isNull());
    QVERIFY2(doc.refusedResources().contains(url), qPrintable(url.toString()));
}

void TestMarkdownDocument::servesRegisteredAttachments()
{
    MarkdownDocument doc;
    QImage image(7, 5, QImage::Format_RGB32);
    image.fill(Qt::red);
    const QString id = u"0f3a9c"_s;
    QVERIFY(doc.registerAttachment(id, image));
    QCOMPARE(MarkdownDocument::attachmentUrl(id), QUrl(u"attachment://0f3a9c"_s));
    doc.setHtml(u"<p>pic <img src=\"attachment://0f3a9c\"></p>"_s);
    paint(doc);
    QVERIFY(doc.refusedResources().isEmpty());
    const QVariant v = doc.resource(QTextDocument::ImageResource, QUrl(u"attachment://0f3a9c"_s));
    QCOMPARE(v.value<QImage>().size(), QSize(7, 5));
    doc.clearAttachments();
    QVERIFY(doc.resource(QTextDocument::ImageResource, QUrl(u"attachment://other"_s)).isNull());
    QVERIFY(doc.refusedResources().contains(QUrl(u"attachment://other"_s)));
}

void TestMarkdownDocument::rejectsBadAttachmentIds()
{
    MarkdownDocument doc;
    QImage image(1, 1, QImage::Format_RGB32);
    QVERIFY(!doc.registerAttachment(u"a/b"_s, image));
    QVERIFY(!doc.registerAttachment(QString(), image));
    QVERIFY(!doc.registerAttachment(u"x y"_s, image));
}

QTEST_MAIN(TestMarkdownDocument)
#include "tst_markdowndocument.moc"
