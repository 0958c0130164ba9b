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
    /// A press outside the open completer list closed it; the press went nowhere else (the
    /// list swallows it), so whoever owns the widget at `globalPos` may want to act on it:
    /// the graph panel gives its canvas the focus.
    void popupClosedByClick(const QPoint& globalPos);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QStringListModel* m_names = nullptr;
    QCompleter* m_completer = nullptr;
    bool m_activatedThisEvent = false;
};

} // namespace compass::ui
