// SPDX-License-Identifier: MIT
#pragma once

#include <QLineEdit>

class QCompleter;
class QStringListModel;

namespace compass::ui {

/// A line edit with a completer over layer names; Enter (or picking a completion) asks for
/// the layer to be found. Ctrl+F in the main window focuses it.
class SearchBox final : public QLineEdit
{
    Q_OBJECT

public:
    explicit SearchBox(QWidget* parent = nullptr);

    void setNames(const QStringList& names);
    QStringList names() const;

signals:
    void searchRequested(const QString& text);

private:
    QStringListModel* m_names = nullptr;
    QCompleter* m_completer = nullptr;
    bool m_activatedThisEvent = false;
};

} // namespace compass::ui
