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

/// Sidebar panel "Model": the model picker (any custom model id may be typed) and max tokens.
/// The caller supplies the models as (id, display name) pairs.
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

public Q_SLOTS:
    void setCurrentModelId(const QString &id);
    void setMaxTokens(int tokens);

Q_SIGNALS:
    void modelChanged(const QString &id);
    void maxTokensChanged(int tokens);

private:
    void commitModel();

    std::unique_ptr<Ui::ModelPanel> m_ui;
    QString m_current;
};

} // namespace claudette
