// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QListWidgetItem;

namespace compass::ui {

/// What the window shows before a network is open, instead of a blank canvas: Open, the
/// bundled example networks (in natural order: resnet18 before resnet152) and the recent
/// networks and projects with their folders. Every entry asks for a file through
/// fileRequested(); the page opens nothing itself.
class WelcomePage final : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePage(QWidget* parent = nullptr);

    /// Lists the bundled networks and `recentFiles` (newest first) afresh; missing recent files
    /// are shown greyed with "(missing)" and cannot be opened.
    void refresh(const QStringList& recentFiles);

    /// The entries as shown, for tests: example names and recent file paths.
    QStringList exampleNames() const;
    QStringList recentPaths() const;
    /// Opens the entry as a click would; false when there is none by that name or path.
    bool activateExample(const QString& name);
    bool activateRecent(const QString& path);

signals:
    void fileRequested(const QString& path);
    void openRequested();
    void openDatabaseRequested();

private:
    void activate(QListWidgetItem* item);

    QListWidget* m_examples = nullptr;
    QListWidget* m_recent = nullptr;
    QLabel* m_noRecent = nullptr;
};

} // namespace compass::ui
