#include "core/api/apierror.h"

#include <QTest>

using namespace Qt::StringLiterals;
using claudette::ApiError;

class TestApiError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusWithJsonBody_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::newRow("400") << 400 << u"invalid_request_error"_s;
        QTest::newRow("401") << 401 << u"authentication_error"_s;
        QTest::newRow("403") << 403 << u"permission_error"_s;
        QTest::newRow("404") << 404 << u"not_found_error"_s;
        QTest::newRow("409") << 409 << u"conflict"_s;
        QTest::newRow("413") << 413 << u"request_too_large"_s;
        QTest::newRow("422") << 422 << u"unprocessable"_s;
        QTest::newRow("429") << 429 << u"rate_limit_error"_s;
        QTest::newRow("500") << 500 << u"api_error"_s;
        QTest::newRow("529") << 529 << u"overloaded_error"_s;
        QTest::newRow("unknown 418") << 418 << u"http_error"_s;
        QTest::newRow("unknown 503") << 503 << u"api_error"_s;
    }

    void statusWithJsonBody()
    {
        QFETCH(int, status);
        QFETCH(QString, type);
        // The body's own type wins over the status mapping.
        const QByteArray body =
            "{\"type\":\"error\",\"error\":{\"type\":\"" + type.toUtf8() +
            "\",\"message\":\"Something about it\"},\"request_id\":\"req_body\"}";
        QHttpHeaders headers;
        headers.append("request-id", "req_header_1");
        const ApiError e = ApiError::fromHttp(status, headers, body);
        QCOMPARE(e.kind, ApiError::Kind::Http);
        QCOMPARE(e.httpStatus, status);
        QCOMPARE(e.type, type);
        QCOMPARE(e.message, u"Something about it"_s);
        QCOMPARE(e.requestId, u"req_header_1"_s); // the header wins over the body
        QCOMPARE(e.body, body);
        QVERIFY(!e.retryAfterMs);
        const QString text = e.toString();
        QVERIFY2(text.contains(type) && text.contains(u"Something about it"_s) &&
                     text.contains(u"req_header_1"_s) && text.contains(QString::number(status)),
                 qPrintable(text));
    }

    void statusWithoutJsonBody_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("messagePart");
        const QByteArray html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        for (const auto &[status, type] :
             std::initializer_list<std::pair<int, QString>>{{400, u"invalid_request_error"_s},
                                                            {401, u"authentication_error"_s},
                                                            {403, u"permission_error"_s},
                                                            {404, u"not_found_error"_s},
                                                            {409, u"conflict"_s},
                                                            {413, u"request_too_large"_s},
                                                            {422, u"unprocessable"_s},
                                                            {429, u"rate_limit_error"_s},
                                                            {500, u"api_error"_s},
                                                            {529, u"overloaded_error"_s},
                                                            {599, u"api_error"_s},
                                                            {451, u"http_error"_s}}) {
            QTest::addRow("%d empty", status) << status << QByteArray() << type << u"no body"_s;
            QTest::addRow("%d html", status) << status << html << type << u"502 Bad Gateway"_s;
        }
        QTest::newRow("json without error")
            << 500 << QByteArray("{\"message\":\"plain\"}") << u"api_error"_s << u"plain"_s;
        QTest::newRow("error as string") << 400 << QByteArray("{\"error\":\"just text\"}")
                                         << u"invalid_request_error"_s << u"just text"_s;
        QTest::newRow("json array") << 500 << QByteArray("[1,2]") << u"api_error"_s << u"[1,2]"_s;
        QTest::newRow("cut json") << 529 << QByteArray("{\"type\":\"error\",\"err")
                                  << u"overloaded_error"_s << u"{\"type\""_s;
        QTest::newRow("binary") << 500 << QByteArray("\xff\xfe\x00\x01", 4) << u"api_error"_s
                                << QString();
    }

    void statusWithoutJsonBody()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, type);
        QFETCH(QString, messagePart);
        const ApiError e = ApiError::fromHttp(status, {}, body);
        QCOMPARE(e.kind, ApiError::Kind::Http);
        QCOMPARE(e.httpStatus, status);
        QCOMPARE(e.type, type);
        QVERIFY2(e.message.contains(messagePart), qPrintable(e.message));
        QVERIFY(!e.message.isEmpty());
        QVERIFY(e.requestId.isEmpty());
        QVERIFY(!e.toString().isEmpty());
    }

    void longBodyIsShortened()
    {
        const QByteArray body(100'000, 'x');
        const ApiError e = ApiError::fromHttp(502, {}, body);
        QVERIFY(e.message.size() < 400);
        QCOMPARE(e.body.size(), body.size()); // the raw body is kept whole
    }

    void requestIdFromBody()
    {
        const ApiError e =
            ApiError::fromHttp(400, {},
                               "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                               "\"message\":\"m\"},\"request_id\":\"req_b\"}");
        QCOMPARE(e.requestId, u"req_b"_s);
    }

    void retryAfterRead()
    {
        QHttpHeaders headers;
        headers.append("retry-after", "120");
        const ApiError e = ApiError::fromHttp(429, headers, {});
        QCOMPARE(e.retryAfterMs.value_or(-1), 120'000);
        QVERIFY(e.toString().contains(u"120"_s));
    }

    void streamErrorEvent_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("message");
        QTest::newRow("overloaded")
            << QByteArray("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                          "\"message\":\"Overloaded\"}}")
            << u"overloaded_error"_s << u"Overloaded"_s;
        QTest::newRow("no details")
            << QByteArray("{\"type\":\"error\"}") << u"api_error"_s << u"{\"type\":\"error\"}"_s;
        QTest::newRow("not json") << QByteArray("oops") << u"api_error"_s << u"oops"_s;
        QTest::newRow("empty") << QByteArray() << u"api_error"_s << QString();
    }

    void streamErrorEvent()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, type);
        QFETCH(QString, message);
        const ApiError e = ApiError::fromStreamErrorEvent(json, u"req_s"_s);
        QCOMPARE(e.kind, ApiError::Kind::Stream);
        QCOMPARE(e.type, type);
        if (!message.isEmpty())
            QCOMPARE(e.message, message);
        QVERIFY(!e.message.isEmpty());
        QCOMPARE(e.requestId, u"req_s"_s);
        QVERIFY(e.toString().contains(u"req_s"_s));
    }

    void kindNamesRoundTrip()
    {
        for (ApiError::Kind k :
             {ApiError::Kind::None, ApiError::Kind::Connection, ApiError::Kind::Timeout,
              ApiError::Kind::IdleTimeout, ApiError::Kind::Cancelled, ApiError::Kind::Http,
              ApiError::Kind::Stream, ApiError::Kind::Protocol, ApiError::Kind::Redirect,
              ApiError::Kind::Deadline}) {
            QCOMPARE(ApiError::kindFromName(ApiError::kindName(k)), std::optional(k));
        }
        QVERIFY(!ApiError::kindFromName(u"bogus"_s));
    }

    void transportErrorsToString()
    {
        const ApiError e = ApiError::make(ApiError::Kind::Timeout, u"No answer"_s, u"req_t"_s);
        QVERIFY(e.isError());
        QVERIFY(e.toString().contains(u"No answer"_s));
        QVERIFY(e.toString().contains(u"req_t"_s));
        QVERIFY(ApiError().toString().isEmpty());
        QVERIFY(!ApiError().isError());
    }
};

QTEST_GUILESS_MAIN(TestApiError)
#include "tst_apierror.moc"
