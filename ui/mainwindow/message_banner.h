// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace compass::ui {

/// A strip across the top of the window that says what went wrong where the user is looking
/// (a file that could not be opened, a project that was refused), in full and word-wrapped,
/// with an optional action ("Show Diagnostics") and a close button. Hidden until show*().
class MessageBanner final : public QFrame
{
    Q_OBJECT

public:
    explicit MessageBanner(QWidget* parent = nullptr);

    /// Shows `text` (plain text; its first line in bold) as an error; `actionText` labels the
    /// button that emits actionTriggered(), none when empty.
    void showError(const QString& text, const QString& actionText = {});
    /// Shows `text` as a warning (a project's model changed, a plan replaced).
    void showWarning(const QString& text, const QString& actionText = {});
    QString text() const;

signals:
    void actionTriggered();

private:
    void showMessage(const QString& text, const QString& actionText, bool error);

    QLabel* m_icon = nullptr;
    QLabel* m_text = nullptr;
    QPushButton* m_action = nullptr;
    QString m_plain;
};

} // namespace compass::ui
