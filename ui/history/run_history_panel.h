// SPDX-License-Identifier: MIT
#pragma once

#ifndef Q_MOC_RUN
// moc cannot parse libstdc++ 12's C++20 headers reached from here (see commit 86feea8).
#include "store/run_record.h"
#endif

#include "ui/models/table_copy.h"

#include <QWidget>

#include <vector>

class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
class QTableView;
class QToolButton;
class QWidget;

namespace compass::ui {

class RunHistoryController;
class RunHistoryFilter;

/// Content of the "Run History" dock: the stored runs as a sortable table with a filter line
/// (model, chip, method, tags, name), buttons and a context menu to open, compare, rename, tag,
/// annotate and delete runs, Ctrl+C / "Copy" / "Copy All" for the rows as tab-separated text
/// (ui/models/table_copy.h), and a banner when the database is read-only or unusable (with
/// "Start a New Database" and "Open Another…" for a damaged or foreign file). Talks to the
/// store only through the controller; opening and comparing are left to the window through
/// signals carrying the full records. GUI thread only.
class RunHistoryPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit RunHistoryPanel(RunHistoryController* controller, QWidget* parent = nullptr);

    RunHistoryController* controller() const { return m_controller; }
    QTableView* table() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filter; }
    RunHistoryFilter* proxy() const { return m_proxy; }

    /// Opens `path` through the controller; when the file is damaged or foreign and
    /// `interactive` is set, asks whether to start a new database (keeping the file aside) or
    /// to open another one. Emits databaseChosen() for a database that can be listed.
    void openDatabase(const QString& path, bool interactive = true);
    /// File ▸ Run Database…: asks for a file (existing or new) and opens it.
    void chooseDatabase();

    /// Ids of the selected runs, in the table's order.
    std::vector<RunId> selectedRunIds() const;
    /// Selects one run's row (scrolls to it); false when it is not shown.
    bool selectRun(RunId id);

    // The actions, also shown as buttons and in the context menu (for tests and menus).
    void openSelected();
    void compareSelected();
    void renameSelected();
    void tagSelected();
    void annotateSelected();
    void deleteSelected();
    /// What "Copy" (Ctrl+C) and "Copy All" put on the clipboard: the header line of the
    /// visible column titles and the selected (every shown) row as the table shows it.
    QString selectedRowsText() const;
    QString allRowsText() const;

signals:
    /// "Open" on a run: the window restores its model, chip, batch and plan.
    void openRequested(const compass::RunRecord& run);
    /// "Compare" on two or more runs: full records, in the table's order, for the charts.
    void compareRequested(const std::vector<compass::RunRecord>& runs);
    /// A database that can be listed was opened (remember it).
    void databaseChosen(const QString& path);
    /// Something for the status bar.
    void statusMessage(const QString& message);

private:
    void showDatabaseState();
    void updateButtons();
    void showContextMenu(const QPoint& pos);
    void askAboutUnusableDatabase();
    void startNewDatabase();

    RunHistoryController* m_controller;
    RunHistoryFilter* m_proxy;
    QTableView* m_table;
    QLineEdit* m_filter;
    QLabel* m_database;
    QToolButton* m_refresh;
    QWidget* m_banner;
    QLabel* m_bannerText;
    QPushButton* m_startNew;
    QPushButton* m_openAnother;
    QPushButton* m_open;
    QPushButton* m_compare;
    QPushButton* m_rename;
    QPushButton* m_tag;
    QPushButton* m_notes;
    QPushButton* m_delete;
    QLabel* m_count;
    TableCopyActions m_copy;
};

} // namespace compass::ui
