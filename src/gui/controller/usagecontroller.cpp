#include "gui/controller/usagecontroller.h"

#include "core/session/conversationsession.h"
#include "gui/composer/attachmentcontent.h"

#include "core/api/apicall.h"
#include "core/api/client.h"
#include "core/api/messagerequest.h"
#include "core/chat/chat.h"
#include "core/store/conversation.h"
#include "core/usage/cost.h"
#include "core/usage/usage.h"
#include "gui/composer/attachmentcontent.h"
#include "gui/composer/contextoverflowbar.h"
#include "gui/composer/prompteditor.h"
#include "gui/composer/tokenestimator.h"
#include "gui/controller/conversationcontroller.h"
#include "gui/sidebar/cachingpanel.h"
#include "gui/sidebar/costpanel.h"
#include "gui/sidebar/modelpanel.h"
#include "gui/sidebar/sidebar.h"
#include "gui/windows/mainwindow.h"

#include <QJsonDocument>
#include <QLocale>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QStatusBar>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcUsage, "claudette.gui.usage")

namespace claudette {

namespace {

constexpr qint64 kImageTokens = 1600; // about what a full-size image costs

/// A rough input-token count of a request body without the network: text at about four
/// characters a token, an image at kImageTokens, a PDF at about one token per 10 bytes.
qint64 roughTokens(const QJsonObject &request)
{
    qint64 tokens = 0;
    const auto countBlock = [&tokens](const QJsonObject &block) {
        const QString type = block.value("type"_L1).toString();
        const QJsonObject source = block.value("source"_L1).toObject();
        if (type == "image"_L1) {
            tokens += kImageTokens;
        } else if (type == "document"_L1 && source.value("type"_L1).toString() == "base64"_L1) {
            tokens += source.value("data"_L1).toString().size() * 3 / 4 / 10;
        } else {
            tokens += (QJsonDocument(block).toJson(QJsonDocument::Compact).size() + 3) / 4;
        }
    };
    for (const QJsonValue &message : request.value("messages"_L1).toArray()) {
        const QJsonValue content = message.toObject().value("content"_L1);
        if (content.isString())
            tokens += (content.toString().size() + 3) / 4;
        for (const QJsonValue &block : content.toArray())
            countBlock(block.toObject());
    }
    const QJsonValue system = request.value("system"_L1);
    tokens += system.isString() ? (system.toString().size() + 3) / 4
                                : (QJsonDocument(system.toArray()).toJson().size() + 3) / 4;
    for (const QJsonValue &tool : request.value("tools"_L1).toArray())
        tokens += (QJsonDocument(tool.toObject()).toJson(QJsonDocument::Compact).size() + 3) / 4;
    return tokens;
}

/// The conversation as plain text messages (for a summary): attachments and tool traffic become
/// short notes, thinking is dropped, and messages of the same role in a row are merged.
QJsonArray textOnly(const QJsonArray &messages)
{
    QJsonArray out;
    for (const QJsonValue &value : messages) {
        const QJsonObject message = value.toObject();
        const QString role = message.value("role"_L1).toString();
        QStringList parts;
        const QJsonValue content = message.value("content"_L1);
        if (content.isString())
            parts.append(content.toString());
        for (const QJsonValue &b : content.toArray()) {
            const QJsonObject block = b.toObject();
            const QString type = block.value("type"_L1).toString();
            if (type == "text"_L1)
                parts.append(block.value("text"_L1).toString());
            else if (type == "image"_L1)
                parts.append(u"[an image]"_s);
            else if (type == "document"_L1)
                parts.append(u"[a document: %1]"_s.arg(block.value("title"_L1).toString()));
            else if (type == "tool_use"_L1 || type == "server_tool_use"_L1)
                parts.append(u"[used the tool %1]"_s.arg(block.value("name"_L1).toString()));
        }
        const QString text = parts.join(u"\n\n"_s).trimmed();
        if (text.isEmpty())
            continue;
        if (!out.isEmpty() && out.last().toObject().value("role"_L1).toString() == role) {
            QJsonObject last = out.last().toObject();
            last.insert("content"_L1,
                        QString(last.value("content"_L1).toString() % u"\n\n"_s % text));
            out.replace(out.size() - 1, last);
        } else {
            out.append(QJsonObject{{"role"_L1, role}, {"content"_L1, text}});
        }
    }
    return out;
}

} // namespace

UsageController::UsageController(MainWindow *window, ConversationController *conversations,
                                 Client *client, const QString &ledgerFile, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_conversations(conversations)
    , m_client(client)
    , m_ledger(ledgerFile)
    , m_pricing(Pricing::builtIn())
    , m_cachingPanel(new CachingPanel(window))
    , m_costPanel(new CostPanel(window))
    , m_overflowBar(new ContextOverflowBar(window))
    , m_estimator(nullptr)
{
    window->sidebar()->addPanel(m_cachingPanel, tr("Caching"));
    window->sidebar()->addPanel(m_costPanel, tr("Cost"));
    window->insertAboveComposer(m_overflowBar);
    m_cachingPanel->setPricing(m_pricing);

    PromptEditor *editor = window->promptEditor();
    m_estimator = new TokenEstimator(
        client,
        [this, editor] {
            return requestFor(AttachmentContent::toContent(editor->text(), editor->attachments()));
        },
        this);
    m_estimator->setPricing(m_pricing);
    connect(m_estimator, &TokenEstimator::estimated, this,
            [editor](const TokenEstimator::Estimate &estimate) {
                editor->setTokenEstimate(TokenEstimator::describe(estimate));
            });
    connect(m_estimator, &TokenEstimator::cleared, editor,
            [editor] { editor->setTokenEstimate({}); });
    connect(editor, &PromptEditor::textChanged, this, &UsageController::onPromptChanged);
    connect(editor, &PromptEditor::attachmentsChanged, this, &UsageController::onPromptChanged);
    connect(window->sidebar()->modelPanel(), &ModelPanel::modelChanged, this,
            &UsageController::onPromptChanged);

    connect(m_cachingPanel, &CachingPanel::settingsChanged, this,
            [this](const CacheSettings &settings) {
                if (Chat *chat = m_conversations->chat())
                    chat->setCacheSettings(settings);
                onPromptChanged();
            });
    connect(m_overflowBar, &ContextOverflowBar::leaveOutRequested, this,
            &UsageController::leaveOutOldestTurns);
    connect(m_overflowBar, &ContextOverflowBar::summaryRequested, this,
            &UsageController::continueFromSummary);
    connect(m_conversations, &ConversationController::currentChanged, this,
            &UsageController::onCurrentChanged);
    connect(m_conversations, &ConversationController::turnFinished, this,
            &UsageController::onTurnFinished);
    m_conversations->setSendGuard(
        [this](Chat *chat, const QJsonArray &content, const QList<Attachment> &attachments) {
            return confirmSend(chat, content, attachments);
        });

    m_confirm = [this](const QString &title, const QString &text) {
        return QMessageBox::question(m_window, title, text, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };
    updatePanels();
}

UsageController::~UsageController()
{
    m_conversations->setSendGuard({});
    if (m_summaryCall)
        m_summaryCall->cancel();
}

QJsonObject UsageController::requestFor(const QJsonArray &content) const
{
    if (content.isEmpty())
        return {};
    // Exactly what Send would send (tools included), as the session builds it.
    return m_conversations->settingsSession()->buildRequest(content, nullptr).toJson();
}

void UsageController::onPromptChanged()
{
    PromptEditor *editor = m_window->promptEditor();
    editor->setTokenEstimate({});
    if (editor->text().trimmed().isEmpty() && editor->attachments().isEmpty())
        m_estimator->clear();
    else
        m_estimator->schedule();
}

bool UsageController::confirmSend(Chat *chat, const QJsonArray &content,
                                  const QList<Attachment> &attachments)
{
    Q_UNUSED(chat); // the request is the one the shown conversation's session would send
    m_lastAttachments = attachments;
    m_lastQuestion.clear();
    const QJsonObject request = requestFor(content);
    if (request.isEmpty())
        return true;
    const QString model = request.value("model"_L1).toString();
    qint64 tokens = 0;
    QString how;
    if (const auto estimate = m_estimator->current()) {
        tokens = estimate->inputTokens;
        how = tr("counted by the API");
    } else {
        tokens = roughTokens(request);
        how = tr("a rough estimate");
    }
    bool longContext = false;
    const std::optional<double> cost =
        TokenEstimator::inputCost(tokens, model, m_pricing, &longContext);
    const QLocale locale;
    QString text;
    if (longContext) {
        const std::optional<PriceRow> row = m_pricing.find(model);
        text =
            tr("This request has about %1 input tokens (%2). Above %3 input tokens, %4 "
               "bills the whole request at long-context prices: $%5 per million input "
               "tokens and $%6 per million output tokens.\n\nThe input alone costs about "
               "%7.\n\nSend it?")
                .arg(locale.toString(tokens), how, locale.toString(row ? row->longContextAbove : 0),
                     model, locale.toString(row ? row->longContextPrices.input : 0),
                     locale.toString(row ? row->longContextPrices.output : 0),
                     cost ? Cost::formatUsd(*cost) : Cost::tr("price unknown"));
    } else if (m_threshold > 0 && cost && *cost > m_threshold) {
        text = tr("This request has about %1 input tokens (%2) on %3, costing about %4 before "
                  "the reply: more than your limit of %5 (Settings).\n\nSend it?")
                   .arg(locale.toString(tokens), how, model, Cost::formatUsd(*cost),
                        Cost::formatUsd(m_threshold));
    }
    if (text.isEmpty())
        return true;
    m_lastQuestion = text;
    return m_confirm && m_confirm(tr("Send This Request?"), text);
}

void UsageController::onCurrentChanged()
{
    Chat *chat = m_conversations->chat();
    if (m_conversationConnection)
        disconnect(m_conversationConnection);
    if (chat) {
        if (chat->conversation()->turnCount() == 0)
            chat->setCacheSettings(m_cachingPanel->cacheSettings());
        else
            m_cachingPanel->setCacheSettings(chat->cacheSettings());
    }
    if (Conversation *conversation = m_conversations->conversation())
        m_conversationConnection = connect(conversation, &Conversation::currentBranchChanged, this,
                                           &UsageController::updatePanels);
    m_overflowBar->hide();
    updateLeftOutBanner();
    updatePanels();
    onPromptChanged();
}

void UsageController::onTurnFinished(Chat *chat, const QString &turnId, TurnStatus status)
{
    appendToLedger(chat, turnId);
    if (chat == m_conversations->chat()) {
        updatePanels();
        checkOverflow(chat, turnId, status);
    } else {
        m_costPanel->setLedgerTotals(m_ledger.totals());
    }
}

void UsageController::appendToLedger(Chat *chat, const QString &turnId)
{
    const Conversation *conversation = chat->conversation();
    const Turn turn = conversation->turn(turnId);
    if (turn.usage.isEmpty())
        return;
    LedgerEntry entry;
    entry.time = turn.finished.isValid() ? turn.finished : QDateTime::currentDateTime();
    entry.model = turn.model;
    entry.usage = Usage::fromJson(turn.usage);
    entry.costUsd = turn.costUsd;
    entry.conversationId = conversation->id();
    entry.source = u"gui"_s;
    entry.requestId = turn.requestId;
    QString error;
    if (!m_ledger.append(entry, &error)) {
        qCWarning(lcUsage).noquote() << "cannot append to the cost ledger:" << error;
        m_window->statusBar()->showMessage(
            tr("The cost ledger could not be written: %1").arg(error), 10000);
    }
}

QString UsageController::attachmentsOf(Chat *chat, const QString &turnId) const
{
    const Conversation *conversation = chat->conversation();
    const Turn user = conversation->turn(conversation->turn(turnId).parentId);
    const QJsonArray content = conversation->expandAttachments(user.content);
    struct Item
    {
        QString name;
        qint64 bytes;
    };
    QList<Item> items;
    for (const QJsonValue &value : content) {
        const QJsonObject block = value.toObject();
        const QString type = block.value("type"_L1).toString();
        if (type != "image"_L1 && type != "document"_L1)
            continue;
        const QJsonObject source = block.value("source"_L1).toObject();
        const QString data = source.value("data"_L1).toString();
        const qint64 bytes = source.value("type"_L1).toString() == "base64"_L1
                                 ? qint64(data.size()) * 3 / 4
                                 : data.toUtf8().size();
        QString name = block.value("title"_L1).toString();
        if (name.isEmpty())
            name = type == "image"_L1 ? tr("an image") : tr("a document");
        items.append(Item{name, bytes});
    }
    // The names the user attached, when this was the prompt just sent.
    if (items.size() == m_lastAttachments.size()) {
        for (qsizetype i = 0; i < items.size(); ++i) {
            items[i].name = m_lastAttachments.at(i).name;
            items[i].bytes = m_lastAttachments.at(i).data.size();
        }
    }
    if (items.isEmpty())
        return tr("The message had no attachments: the conversation itself is too large.");
    QStringList names;
    const QLocale locale;
    for (const Item &item : std::as_const(items))
        names.append(u"%1 (%2)"_s.arg(item.name, locale.formattedDataSize(item.bytes)));
    return tr("Its attachments: %1. Remove or shrink some of them and send again.")
        .arg(names.join(u", "_s));
}

void UsageController::checkOverflow(Chat *chat, const QString &turnId, TurnStatus status)
{
    const Turn turn = chat->conversation()->turn(turnId);
    QString reason;
    if (status == TurnStatus::Error) {
        const ApiError error = chat->lastError();
        if (error.httpStatus == 413) {
            m_overflowBar->showMessage(tr("The request was too large for the API (413).") + u' ' +
                                       attachmentsOf(chat, turnId));
            return;
        }
        if (error.httpStatus == 400 &&
            error.message.contains("prompt is too long"_L1, Qt::CaseInsensitive))
            reason = tr("The conversation no longer fits in the model's context window (the API "
                        "answered: %1).")
                         .arg(error.message);
    }
    if (reason.isEmpty() && turn.stopReason == "model_context_window_exceeded"_L1)
        reason = tr("The reply stopped because the conversation filled the model's context "
                    "window.");
    if (reason.isEmpty() && !turn.usage.isEmpty()) {
        const Usage usage = Usage::fromJson(turn.usage);
        const qint64 window = chat->modelCatalog().capabilities(chat->model()).contextWindow;
        const qint64 used = usage.totalInputTokens() + usage.outputTokens;
        if (window > 0 && used >= window * 98 / 100)
            reason = tr("The context window is full: %1 of %2 tokens are used.")
                         .arg(QLocale().toString(used), QLocale().toString(window));
    }
    if (reason.isEmpty())
        return;
    m_overflowBar->showOverflow(reason + u' ' +
                                tr("Leave out the oldest turns, or continue in a new "
                                   "conversation that starts from a summary."));
}

void UsageController::leaveOutOldestTurns()
{
    Chat *chat = m_conversations->chat();
    if (!chat)
        return;
    const QJsonArray history = chat->conversation()->messagesForApi();
    const int before = chat->effectiveLeftOut(history);
    const int remaining = int(history.size()) - before;
    const int wanted = before + qMax(2, remaining / 2);
    chat->setLeftOutMessages(qMin(wanted, int(history.size()) - 1));
    const int after = chat->effectiveLeftOut(history);
    if (after <= before) {
        chat->setLeftOutMessages(before);
        m_overflowBar->showMessage(tr("Nothing more can be left out: only the last message "
                                      "remains. Continue in a new conversation instead."));
        return;
    }
    m_overflowBar->hide();
    updateLeftOutBanner();
    m_window->statusBar()->showMessage(
        tr("The %n oldest message(s) are left out from now on. Retry the reply or send again.",
           nullptr, after),
        10000);
    onPromptChanged();
}

void UsageController::updateLeftOutBanner()
{
    Chat *chat = m_conversations->chat();
    const int leftOut = chat ? chat->leftOutMessages() : 0;
    if (leftOut > 0) {
        m_window->setBanner(tr("✂ The %n oldest message(s) of this conversation are left out of "
                               "what is sent, so that it fits the model's context window.",
                               nullptr, leftOut));
        m_bannerShown = true;
    } else if (m_bannerShown) {
        if (!m_conversations->isDemoShown())
            m_window->setBanner({});
        m_bannerShown = false;
    }
}

void UsageController::continueFromSummary()
{
    Chat *chat = m_conversations->chat();
    if (!chat || m_summaryCall)
        return;
    QJsonArray messages = textOnly(chat->conversation()->messagesForApi());
    messages.append(QJsonObject{
        {"role"_L1, "user"_L1},
        {"content"_L1,
         u"Summarize our conversation so far for a fresh start: the goal, the facts and "
         "decisions that matter, what was tried, and what is still open. Write it so that it "
         "can be pasted as the first message of a new conversation. Reply with the summary "
         "only."_s}});
    // Leave out the oldest messages until the request fits comfortably.
    const ModelCapabilities model = chat->modelCatalog().capabilities(chat->model());
    const auto fits = [&] {
        return roughTokens(QJsonObject{{"messages"_L1, messages}}) < model.contextWindow * 7 / 10;
    };
    while (!fits() && messages.size() > 1) {
        messages.removeFirst();
        while (messages.size() > 1 &&
               messages.first().toObject().value("role"_L1).toString() != "user"_L1)
            messages.removeFirst();
    }
    QJsonObject body{{"model"_L1, chat->model()},
                     {"max_tokens"_L1, model.maxOutput > 0 ? qMin(4096, model.maxOutput) : 4096},
                     {"messages"_L1, messages}};
    if (!chat->systemPrompt().isEmpty())
        body.insert("system"_L1, chat->systemPrompt());
    m_overflowBar->setWorking(tr("Writing a summary of this conversation…"));
    ApiCall *call = m_client->createMessage(body);
    m_summaryCall = call;
    connect(call, &ApiCall::finished, this, [this](const QJsonDocument &json) {
        m_summaryCall = nullptr;
        QStringList parts;
        for (const QJsonValue &block : json.object().value("content"_L1).toArray()) {
            if (block.toObject().value("type"_L1).toString() == "text"_L1)
                parts.append(block.toObject().value("text"_L1).toString());
        }
        const QString summary = parts.join(u"\n\n"_s).trimmed();
        if (summary.isEmpty()) {
            const QString message = tr("The model answered without a summary.");
            m_overflowBar->showOverflow(message);
            Q_EMIT summaryFailed(message);
            return;
        }
        m_overflowBar->hide();
        m_conversations->newConversation();
        m_window->promptEditor()->setText(
            tr("Here is a summary of our previous conversation:\n\n%1\n\n").arg(summary));
        m_window->promptEditor()->focusEditor();
        Q_EMIT summaryReady(summary);
    });
    connect(call, &ApiCall::failed, this, [this](const ApiError &error) {
        m_summaryCall = nullptr;
        const QString message = tr("The summary could not be written: %1").arg(error.toString());
        m_overflowBar->showOverflow(message);
        Q_EMIT summaryFailed(message);
    });
}

void UsageController::refresh()
{
    updatePanels();
}

void UsageController::updatePanels()
{
    const Conversation *conversation = m_conversations->conversation();
    m_cachingPanel->showConversation(conversation);
    Usage total;
    std::optional<double> totalUsd;
    bool someUnknown = false;
    Usage last;
    std::optional<double> lastUsd;
    if (conversation) {
        for (const QString &id : conversation->currentBranch()) {
            const Turn turn = conversation->turn(id);
            if (!turn.isAssistant() || turn.usage.isEmpty())
                continue;
            last = Usage::fromJson(turn.usage);
            lastUsd = turn.costUsd;
            total += last;
            if (turn.costUsd)
                totalUsd = totalUsd.value_or(0.0) + *turn.costUsd;
            else
                someUnknown = true;
        }
    }
    m_costPanel->setTurn(last, lastUsd);
    m_costPanel->setConversation(total, totalUsd, someUnknown);
    m_costPanel->setLedgerTotals(m_ledger.totals());
}

} // namespace claudette
