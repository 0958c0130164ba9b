// SPDX-License-Identifier: MIT
#include "run_history_panel.h"

#include "core/support/units.h"
#include "method_swatch_delegate.h"
#include "run_history_controller.h"
#include "run_history_filter.h"
#include "run_history_model.h"
#include "run_restore.h"
#include "ui/models/table_copy.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace compass::ui {

namespace {

QPushButton* button(const QString& text, const QString& tip, QWidget* parent)
{
    auto* b = new QPushButton(text, parent);
    b->setToolTip(tip);
    b->setAutoDefault(false);
    return b;
}

/// The store's message, plus the reassurance that the file was not touched when the store did
/// not say so itself.
QString unchangedNote(const QString& message)
{
    if (message.contains(QStringLiteral("unchanged")))
        return message;
    return RunHistoryPanel::tr("%1\nThe file has not been changed.").arg(message);
}

} // namespace

RunHistoryPanel::RunHistoryPanel(RunHistoryController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_proxy(new RunHistoryFilter(this))
    , m_table(new QTableView(this))
    , m_filter(new QLineEdit(this))
    , m_database(new QLabel(this))
    , m_refresh(new QToolButton(this))
    , m_banner(new QWidget(this))
    , m_bannerText(new QLabel(m_banner))
    , m_startNew(button(tr("Start a New Database"),
                        tr("Move the damaged file aside (NAME.damaged-DATE; nothing is deleted) "
                           "and start an empty database at the same place"),
                        m_banner))
    , m_openAnother(button(tr("Open Another…"), tr("Choose another run database"), m_banner))
    , m_open(button(tr("&Open"), tr("Restore the run's network, chip, batch and plan"), this))
    , m_compare(button(tr("&Compare"), tr("Compare the selected runs in the charts"), this))
    , m_rename(button(tr("&Rename…"), tr("Give the run a name"), this))
    , m_tag(button(tr("&Tags…"), tr("Set the run's tags (comma-separated)"), this))
    , m_notes(button(tr("&Notes…"), tr("Write notes about the run"), this))
    , m_delete(button(tr("&Delete…"), tr("Delete the selected runs from the database"), this))
    , m_count(new QLabel(this))
{
    m_proxy->setSourceModel(m_controller->model());

    m_filter->setPlaceholderText(tr("Filter by model, chip, method, tag or name"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setObjectName(QStringLiteral("historyFilter"));
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("Read the run database again (runs stored by the command line "
                             "appear by themselves)"));
    m_database->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_database->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto* top = new QHBoxLayout;
    top->addWidget(m_filter, 2);
    top->addWidget(m_refresh);
    top->addWidget(m_database, 3);

    m_bannerText->setWordWrap(true);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setAutoFillBackground(true);
    auto* bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(6, 4, 6, 4);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_startNew);
    bannerLayout->addWidget(m_openAnother);
    m_banner->hide();

    m_table->setModel(m_proxy);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(static_cast<int>(RunHistoryModel::Column::Id), Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    QHeaderView* header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    const QFontMetrics metrics = m_table->fontMetrics();
    for (int c = 0; c < static_cast<int>(RunHistoryModel::Column::Count); ++c) {
        const QString title = RunHistoryModel::columnTitle(static_cast<RunHistoryModel::Column>(c));
        m_table->setColumnWidth(c, metrics.horizontalAdvance(title) + 28);
    }
    m_table->setColumnWidth(static_cast<int>(RunHistoryModel::Column::Name), 110);
    m_table->setColumnWidth(static_cast<int>(RunHistoryModel::Column::Model), 100);
    m_table->setColumnWidth(static_cast<int>(RunHistoryModel::Column::Chip), 100);
    m_table->setColumnWidth(static_cast<int>(RunHistoryModel::Column::Created),
                            metrics.horizontalAdvance(QStringLiteral("2025-01-01 00:00:00")) + 16);
    m_table->setColumnWidth(static_cast<int>(RunHistoryModel::Column::Tags), 120);
    // Values carry their unit ("238.4 µJ·ms"): wide enough for the widest a unit allows.
    const int valueWidth = metrics.horizontalAdvance(QStringLiteral("999.9 mJ·ms")) + 20;
    for (RunHistoryModel::Column c :
         {RunHistoryModel::Column::Energy, RunHistoryModel::Column::Edp})
        m_table->setColumnWidth(static_cast<int>(c), valueWidth);
    // The method's colour in every chart, as a swatch beside its name.
    const int method = static_cast<int>(RunHistoryModel::Column::Method);
    m_table->setItemDelegateForColumn(method, new MethodSwatchDelegate(m_table));
    m_table->setColumnWidth(method, metrics.horizontalAdvance(QStringLiteral("layerwise")) + 44);
    // Ctrl+C and the context menu copy rows as tab-separated text, with the column titles.
    m_copy = installTableCopyActions(m_table);

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_open, m_compare, m_rename, m_tag, m_notes, m_delete})
        buttons->addWidget(b);
    buttons->addStretch(1);
    buttons->addWidget(m_count);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_banner);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &RunHistoryFilter::setFilterWords);
    connect(m_refresh, &QToolButton::clicked, m_controller, &RunHistoryController::reload);
    connect(m_startNew, &QPushButton::clicked, this, &RunHistoryPanel::startNewDatabase);
    connect(m_openAnother, &QPushButton::clicked, this, &RunHistoryPanel::chooseDatabase);
    connect(m_open, &QPushButton::clicked, this, &RunHistoryPanel::openSelected);
    connect(m_compare, &QPushButton::clicked, this, &RunHistoryPanel::compareSelected);
    connect(m_rename, &QPushButton::clicked, this, &RunHistoryPanel::renameSelected);
    connect(m_tag, &QPushButton::clicked, this, &RunHistoryPanel::tagSelected);
    connect(m_notes, &QPushButton::clicked, this, &RunHistoryPanel::annotateSelected);
    connect(m_delete, &QPushButton::clicked, this, &RunHistoryPanel::deleteSelected);
    connect(m_table, &QTableView::doubleClicked, this, &RunHistoryPanel::openSelected);
    connect(m_table, &QTableView::customContextMenuRequested, this,
            &RunHistoryPanel::showContextMenu);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RunHistoryPanel::updateButtons);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &RunHistoryPanel::updateButtons);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &RunHistoryPanel::updateButtons);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &RunHistoryPanel::updateButtons);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &RunHistoryPanel::updateButtons);
    connect(m_controller, &RunHistoryController::databaseChanged, this,
            &RunHistoryPanel::showDatabaseState);
    connect(m_controller, &RunHistoryController::errorOccurred, this,
            [this](const QString& message) { emit statusMessage(message.section('\n', 0, 0)); });
    showDatabaseState();
}

void RunHistoryPanel::openDatabase(const QString& path, bool interactive)
{
    if (m_controller->openDatabase(path)) {
        emit databaseChosen(m_controller->databasePath());
        if (m_controller->state() == RunDatabaseState::ReadOnly)
            emit statusMessage(tr("Run database opened read-only: %1")
                                   .arg(m_controller->message().section('\n', 0, 0)));
        return;
    }
    if (interactive)
        askAboutUnusableDatabase();
}

void RunHistoryPanel::chooseDatabase()
{
    const QString current = m_controller->databasePath();
    QFileDialog dialog(this, tr("Run Database"),
                       current.isEmpty() ? QString() : QFileInfo(current).absolutePath(),
                       tr("Run databases (*.db *.sqlite);;All files (*)"));
    dialog.setFileMode(QFileDialog::AnyFile); // a new name starts a new database
    dialog.setAcceptMode(QFileDialog::AcceptOpen);
    dialog.setLabelText(QFileDialog::Accept, tr("Open"));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    openDatabase(dialog.selectedFiles().constFirst());
}

void RunHistoryPanel::askAboutUnusableDatabase()
{
    QMessageBox box(this);
    box.setIcon(QMessageBox::Warning);
    box.setWindowTitle(tr("Run Database"));
    box.setText(tr("The run database %1 cannot be used.").arg(m_controller->databasePath()));
    box.setInformativeText(unchangedNote(m_controller->message()));
    QPushButton* startNew = nullptr;
    if (m_controller->canMoveAside())
        startNew = box.addButton(tr("Start a new database (keep the damaged file aside)"),
                                 QMessageBox::AcceptRole);
    QPushButton* another = box.addButton(tr("Open another…"), QMessageBox::ActionRole);
    box.addButton(QMessageBox::Cancel);
    box.exec();
    if (startNew != nullptr && box.clickedButton() == startNew)
        startNewDatabase();
    else if (box.clickedButton() == another)
        chooseDatabase();
}

void RunHistoryPanel::startNewDatabase()
{
    if (m_controller->startNewDatabase()) {
        emit databaseChosen(m_controller->databasePath());
        emit statusMessage(tr("Started a new run database; the damaged file was kept as %1")
                               .arg(m_controller->movedAsidePath()));
    } else {
        QMessageBox::warning(this, tr("Run Database"), m_controller->lastError());
    }
}

void RunHistoryPanel::showDatabaseState()
{
    const QString path = m_controller->databasePath();
    const QString name = QFileInfo(path).fileName();
    QString state;
    switch (m_controller->state()) {
    case RunDatabaseState::Closed:
        state = tr("No run database");
        break;
    case RunDatabaseState::Writable:
        state = tr("Database: %1").arg(name);
        break;
    case RunDatabaseState::ReadOnly:
        state = tr("Database: %1 (read-only)").arg(name);
        break;
    case RunDatabaseState::Unusable:
        state = tr("Database: %1 (cannot be used)").arg(name);
        break;
    }
    m_database->setText(state);
    m_database->setToolTip(path);

    const bool readOnly = m_controller->state() == RunDatabaseState::ReadOnly;
    const bool unusable = m_controller->state() == RunDatabaseState::Unusable;
    m_banner->setVisible(readOnly || unusable);
    QPalette palette = m_banner->palette();
    palette.setColor(QPalette::Window,
                     unusable ? QColor(0xf8, 0xd7, 0xd3) : QColor(0xfc, 0xf0, 0xc8));
    palette.setColor(QPalette::WindowText, Qt::black);
    m_banner->setPalette(palette);
    if (readOnly) {
        m_bannerText->setText(tr("Read-only: runs can be opened and compared, but not "
                                 "renamed, tagged, annotated or deleted.\n%1")
                                  .arg(m_controller->message()));
    } else if (unusable) {
        m_bannerText->setText(unchangedNote(m_controller->message()));
    }
    m_startNew->setVisible(unusable && m_controller->canMoveAside());
    m_openAnother->setVisible(readOnly || unusable);
    m_refresh->setEnabled(m_controller->state() == RunDatabaseState::Writable || readOnly);
    updateButtons();
}

void RunHistoryPanel::updateButtons()
{
    const std::size_t selected = selectedRunIds().size();
    const bool writable = m_controller->isWritable();
    m_open->setEnabled(selected == 1);
    m_compare->setEnabled(selected >= 2);
    m_rename->setEnabled(writable && selected == 1);
    m_tag->setEnabled(writable && selected >= 1);
    m_notes->setEnabled(writable && selected == 1);
    m_delete->setEnabled(writable && selected >= 1);
    const int shown = m_proxy->rowCount();
    const int total = m_controller->model()->rowCount();
    const QString runs = units::count(total, tr("run"), tr("runs"));
    m_count->setText(shown == total ? runs : tr("%1 of %2").arg(shown).arg(runs));
}

std::vector<RunId> RunHistoryPanel::selectedRunIds() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    std::vector<RunId> ids;
    for (const QModelIndex& index : rows)
        ids.push_back(
            RunId{static_cast<std::int32_t>(index.data(RunHistoryModel::RunIdRole).toLongLong())});
    return ids;
}

bool RunHistoryPanel::selectRun(RunId id)
{
    const int sourceRow = m_controller->model()->rowOf(id);
    if (sourceRow < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_controller->model()->index(sourceRow, 0));
    if (!index.isValid())
        return false;
    m_table->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                 QItemSelectionModel::Rows);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    m_table->scrollTo(index);
    return true;
}

void RunHistoryPanel::openSelected()
{
    const std::vector<RunId> ids = selectedRunIds();
    if (ids.size() != 1)
        return;
    if (std::optional<RunRecord> run = m_controller->run(ids.front()))
        emit openRequested(*run);
}

void RunHistoryPanel::compareSelected()
{
    const std::vector<RunId> ids = selectedRunIds();
    if (ids.size() < 2)
        return;
    emit compareRequested(m_controller->runs(ids));
}

void RunHistoryPanel::renameSelected()
{
    const std::vector<RunId> ids = selectedRunIds();
    const RunSummary* run = ids.size() == 1
                                ? m_controller->model()->runAt(m_controller->model()->rowOf(ids[0]))
                                : nullptr;
    if (run == nullptr)
        return;
    bool ok = false;
    const QString label = QInputDialog::getText(
        this, tr("Rename Run"), tr("Name of run %1 (empty: no name):").arg(run->id.value),
        QLineEdit::Normal, QString::fromStdString(run->label), &ok);
    if (ok)
        m_controller->rename(run->id, label);
}

void RunHistoryPanel::tagSelected()
{
    const std::vector<RunId> ids = selectedRunIds();
    if (ids.empty())
        return;
    const RunSummary* first = m_controller->model()->runAt(m_controller->model()->rowOf(ids[0]));
    bool ok = false;
    const QString text = QInputDialog::getText(
        this, tr("Tags"),
        ids.size() == 1 ? tr("Tags of run %1, comma-separated:").arg(ids[0].value)
                        : tr("Tags of the %1 selected runs, comma-separated:").arg(ids.size()),
        QLineEdit::Normal, first != nullptr ? joinedTags(*first) : QString(), &ok);
    if (!ok)
        return;
    const QStringList tags = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (RunId id : ids) {
        if (!m_controller->setTags(id, tags))
            break;
    }
}

void RunHistoryPanel::annotateSelected()
{
    const std::vector<RunId> ids = selectedRunIds();
    const RunSummary* run = ids.size() == 1
                                ? m_controller->model()->runAt(m_controller->model()->rowOf(ids[0]))
                                : nullptr;
    if (run == nullptr)
        return;
    bool ok = false;
    const QString notes = QInputDialog::getMultiLineText(
        this, tr("Notes"), tr("Notes on %1:").arg(runDisplayName(run->id, run->label)),
        QString::fromStdString(run->notes), &ok);
    if (ok)
        m_controller->setNotes(run->id, notes);
}

void RunHistoryPanel::deleteSelected()
{
    const std::vector<RunId> ids = selectedRunIds();
    if (ids.empty())
        return;
    const QString what = ids.size() == 1 ? tr("run %1").arg(ids[0].value)
                                         : tr("the %1 selected runs").arg(ids.size());
    const auto answer =
        QMessageBox::question(this, tr("Delete Runs"),
                              tr("Delete %1 from %2? This cannot be undone.")
                                  .arg(what, QFileInfo(m_controller->databasePath()).fileName()),
                              QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes && m_controller->remove(ids))
        emit statusMessage(tr("Deleted %1").arg(what));
}

QString RunHistoryPanel::selectedRowsText() const
{
    return compass::ui::selectedRowsText(*m_table);
}

QString RunHistoryPanel::allRowsText() const
{
    return compass::ui::allRowsText(*m_table);
}

void RunHistoryPanel::showContextMenu(const QPoint& pos)
{
    QMenu menu(this);
    if (m_table->indexAt(pos).isValid()) {
        for (QPushButton* b : {m_open, m_compare, m_rename, m_tag, m_notes, m_delete}) {
            QAction* action = menu.addAction(b->text(), b, &QPushButton::click);
            action->setEnabled(b->isEnabled());
            action->setToolTip(b->toolTip());
            if (b == m_compare || b == m_notes || b == m_delete)
                menu.addSeparator();
        }
    } else if (m_proxy->rowCount() == 0) {
        return; // nothing to copy either
    }
    addTableCopyActions(menu, *m_table, m_copy);
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

} // namespace compass::ui
