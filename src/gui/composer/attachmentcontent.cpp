#include "gui/composer/attachmentcontent.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QImageReader>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace claudette {

namespace {
QJsonObject blockFor(const Attachment &attachment)
{
    if (attachment.isImage() || attachment.mimeType == "application/pdf"_L1) {
        QJsonObject block{
            {u"type"_s, attachment.isImage() ? u"image"_s : u"document"_s},
            {u"source"_s,
             QJsonObject{{u"type"_s, u"base64"_s},
                         {u"media_type"_s, attachment.mimeType},
                         {u"data"_s, QString::fromLatin1(attachment.data.toBase64())}}}};
        if (!attachment.isImage())
            block.insert(u"title"_s, attachment.name);
        return block;
    }
    return QJsonObject{{u"type"_s, u"document"_s},
                       {u"title"_s, attachment.name},
                       {u"source"_s, QJsonObject{{u"type"_s, u"text"_s},
                                                 {u"media_type"_s, u"text/plain"_s},
                                                 {u"data"_s, QString::fromUtf8(attachment.data)}}}};
}

QSize imageSize(const QByteArray &data)
{
    QBuffer buffer;
    buffer.setData(data);
    QImageReader reader(&buffer);
    return reader.size();
}
} // namespace

QJsonArray AttachmentContent::toContent(const QString &text, const QList<Attachment> &attachments)
{
    QJsonArray content;
    for (const Attachment &attachment : attachments)
        content.append(blockFor(attachment));
    if (!text.trimmed().isEmpty())
        content.append(QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, text}});
    return content;
}

QJsonArray AttachmentContent::draftBlocks(const QList<Attachment> &attachments)
{
    QJsonArray blocks;
    for (const Attachment &attachment : attachments) {
        QJsonObject block = blockFor(attachment);
        block.insert(u"name"_s, attachment.name);
        blocks.append(block);
    }
    return blocks;
}

QList<Attachment> AttachmentContent::fromContent(const QJsonArray &content)
{
    QList<Attachment> attachments;
    for (const QJsonValue &value : content) {
        const QJsonObject block = value.toObject();
        const QString type = block.value("type"_L1).toString();
        if (type != "image"_L1 && type != "document"_L1)
            continue;
        const QJsonObject source = block.value("source"_L1).toObject();
        const QString sourceType = source.value("type"_L1).toString();
        Attachment attachment;
        attachment.name = block.value("name"_L1).toString(block.value("title"_L1).toString());
        attachment.mimeType = source.value("media_type"_L1).toString();
        if (sourceType == "base64"_L1) {
            const auto decoded =
                QByteArray::fromBase64Encoding(source.value("data"_L1).toString().toLatin1(),
                                               QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded)
                continue;
            attachment.data = *decoded;
        } else if (sourceType == "text"_L1) {
            attachment.data = source.value("data"_L1).toString().toUtf8();
        } else {
            continue;
        }
        if (attachment.mimeType.isEmpty() || attachment.data.isEmpty())
            continue;
        if (attachment.isImage()) {
            attachment.imageSize = imageSize(attachment.data);
            if (attachment.name.isEmpty())
                attachment.name =
                    QCoreApplication::translate("claudette::AttachmentContent", "Image");
        }
        attachments.append(attachment);
    }
    return attachments;
}

} // namespace claudette
