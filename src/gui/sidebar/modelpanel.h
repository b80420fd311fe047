#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include <memory>
#include <utility>

namespace Ui {
class ModelPanel;
}

namespace claudette {

class Chat;

/**
 * Sidebar panel "Model": the conversation's request settings. The model picker (listed models
 * by display name; any custom model id may be typed; Refresh asks the models API again), max
 * tokens, temperature, top-p, top-k (each sent only when ticked), thinking (off, a budget,
 * adaptive), effort, service tier, stop sequences and the text every reply starts with (prefill).
 *
 * load() shows a Chat's settings; apply() writes them through Chat's setters (they are kept in
 * the conversation's settings). Every edit emits settingsEdited(). setProblem() shows why the
 * request these settings make would be refused (empty: hidden).
 */
class ModelPanel : public QWidget
{
    Q_OBJECT
public:
    using ModelList = QList<std::pair<QString, QString>>;

    explicit ModelPanel(QWidget *parent = nullptr);
    ~ModelPanel() override;

    void setModels(const ModelList &models);
    /// The chosen model's id: a listed model's id, or the text typed in.
    QString currentModelId() const;
    int maxTokens() const;

    /// Shows @p chat's settings (emits nothing).
    void load(const Chat &chat);
    /// Writes the settings shown into @p chat.
    void apply(Chat &chat) const;
    /// The explanation shown under the settings; empty hides it.
    void setProblem(const QString &text);
    QString problem() const;
    /// Shows a note about the model list (fetching, an error); empty hides it.
    void setModelListNote(const QString &text);

public Q_SLOTS:
    void setCurrentModelId(const QString &id);
    void setMaxTokens(int tokens);

Q_SIGNALS:
    void modelChanged(const QString &id);
    void maxTokensChanged(int tokens);
    /// Any setting was changed by the user.
    void settingsEdited();
    void refreshModelsRequested();

private:
    void commitModel();
    void updateEnabled();
    void edited();

    std::unique_ptr<Ui::ModelPanel> m_ui;
    QString m_current;
    QString m_note;
    bool m_loading = false;
};

} // namespace claudette
