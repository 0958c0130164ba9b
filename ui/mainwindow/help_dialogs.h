// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include <filesystem>
#include <utility>
#include <vector>

class QAction;
class QTextBrowser;

namespace compass::ui {

/// Help ▸ About: the application's version and commit (QCoreApplication::applicationVersion,
/// set by the program from its build), the Qt it runs on, and the libraries it is built on with
/// their licences. Rich text.
QString aboutText();
void showAboutBox(QWidget* parent);

/// One line of Help ▸ Keyboard Shortcuts: what it does and its keys, as the platform writes
/// them ("Ctrl+O").
struct ShortcutRow
{
    QString action;
    QString keys;
};

/// The shortcuts of `actions` (menu text without '&' and "…"), then the gestures that have no
/// action (mouse and keys on the canvas and the partition strip). Read from the actions, so it
/// never goes out of date.
std::vector<ShortcutRow> shortcutRows(const QList<QAction*>& actions);
void showShortcutsDialog(const QList<QAction*>& actions, QWidget* parent);

/// The manual's folder: the installed share/compass/docs, else the source tree's docs/ (next to
/// the bundled resources). Empty when neither exists.
std::filesystem::path manualDir();

/// Help ▸ Manual: the user documentation (docs/*.md, installed with the package) in a window of
/// its own, with links between the pages, images, Back/Forward and a contents list. Opens at
/// explorer.md.
class ManualWindow final : public QWidget
{
    Q_OBJECT

public:
    explicit ManualWindow(QWidget* parent = nullptr);
    /// Shows the page `fileName` ("explorer.md"); false when it is not in the manual.
    bool showPage(const QString& fileName);
    QString currentPage() const;
    QTextBrowser* browser() const { return m_browser; }

private:
    QTextBrowser* m_browser = nullptr;
};

} // namespace compass::ui
