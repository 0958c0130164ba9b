// SPDX-License-Identifier: MIT
#include "welcome_page.h"

#include "core/project/project_file.h"
#include "core/support/resource_paths.h"
#include "core/support/units.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace compass::ui {

namespace {

constexpr int kPathRole = Qt::UserRole;

QLabel* heading(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.15);
    label->setFont(font);
    return label;
}

QListWidget* entryList(QWidget* parent, const QString& name)
{
    auto* list = new QListWidget(parent);
    list->setObjectName(name);
    list->setSelectionMode(QAbstractItemView::SingleSelection);
    list->setUniformItemSizes(false);
    list->setWordWrap(false);
    list->setTextElideMode(Qt::ElideMiddle);
    list->setSpacing(1);
    return list;
}

/// "~/models" for a folder under the home directory, as file managers show it.
QString shownFolder(const QString& folder)
{
    const QString home = QDir::homePath();
    if (folder == home)
        return QStringLiteral("~");
    if (folder.startsWith(home + QLatin1Char('/')))
        return QStringLiteral("~") + folder.mid(home.size());
    return folder;
}

} // namespace

WelcomePage::WelcomePage(QWidget* parent)
    : QWidget(parent)
    , m_examples(entryList(this, QStringLiteral("WelcomeExamples")))
    , m_recent(entryList(this, QStringLiteral("WelcomeRecent")))
    , m_noRecent(
          new QLabel(tr("No recent files yet. Open a network, or start from an example."), this))
{
    setObjectName(QStringLiteral("WelcomePage"));
    auto* title = new QLabel(tr("COMPASS Explorer"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto* subtitle = new QLabel(
        tr("Partition a DNN that does not fit on a crossbar processing-in-memory chip: open a "
           "network (ONNX) or a project (.compass), see its layers coloured by partition, drag "
           "the cuts, run the optimisers and compare their runs."),
        this);
    subtitle->setWordWrap(true);

    auto* open = new QPushButton(tr("Open Network or Project…"), this);
    open->setObjectName(QStringLiteral("WelcomeOpen"));
    open->setIcon(QIcon::fromTheme(QStringLiteral("document-open")));
    open->setDefault(true);
    connect(open, &QPushButton::clicked, this, &WelcomePage::openRequested);
    auto* database = new QPushButton(tr("Run Database…"), this);
    database->setToolTip(tr("Show the runs of another database file"));
    connect(database, &QPushButton::clicked, this, &WelcomePage::openDatabaseRequested);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(open);
    buttons->addWidget(database);
    buttons->addStretch(1);

    auto* drop = new QLabel(tr("You can also drop an .onnx or .compass file anywhere in this "
                               "window."),
                            this);
    drop->setEnabled(false); // the palette's quiet text colour

    m_noRecent->setWordWrap(true);
    m_noRecent->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_noRecent->setEnabled(false);
    auto* lists = new QGridLayout;
    lists->addWidget(heading(tr("Examples"), this), 0, 0);
    lists->addWidget(heading(tr("Recent"), this), 0, 1);
    lists->addWidget(m_examples, 1, 0);
    auto* recentColumn = new QVBoxLayout;
    recentColumn->addWidget(m_noRecent);
    recentColumn->addWidget(m_recent, 1);
    lists->addLayout(recentColumn, 1, 1);
    lists->setColumnStretch(0, 2);
    lists->setColumnStretch(1, 3);
    lists->setRowStretch(1, 1);
    lists->setHorizontalSpacing(24);

    auto* column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(subtitle);
    column->addSpacing(12);
    column->addLayout(buttons);
    column->addWidget(drop);
    column->addSpacing(12);
    column->addLayout(lists, 1);

    // A readable column in the middle of a wide window, as start pages do.
    auto* content = new QWidget(this);
    content->setLayout(column);
    content->setMaximumWidth(960);
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(32, 24, 32, 24);
    outer->addStretch(1);
    outer->addWidget(content, 8);
    outer->addStretch(1);

    // Entries open on one click, as links on a start page do, and on Return; not on the
    // item view's double-click activation as well, which would open the file twice.
    for (QListWidget* list : {m_examples, m_recent}) {
        connect(list, &QListWidget::itemClicked, this, &WelcomePage::activate);
        auto* openCurrent = new QAction(list);
        openCurrent->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
        openCurrent->setShortcutContext(Qt::WidgetShortcut);
        connect(openCurrent, &QAction::triggered, this,
                [this, list] { activate(list->currentItem()); });
        list->addAction(openCurrent);
    }
    refresh({});
}

void WelcomePage::refresh(const QStringList& recentFiles)
{
    m_examples->clear();
    const std::filesystem::path models = resourceDir() / "models";
    for (const std::string& name : bundledModelNames()) {
        const QString path = QString::fromStdString((models / (name + ".onnx")).string());
        const QFileInfo info(path);
        auto* item = new QListWidgetItem(QString::fromStdString(name), m_examples);
        item->setData(kPathRole, path);
        item->setToolTip(tr("%1 (%2)").arg(path, units::bytes(static_cast<double>(info.size()))));
    }
    if (m_examples->count() == 0) {
        auto* none = new QListWidgetItem(tr("(no bundled networks found)"), m_examples);
        none->setFlags(Qt::NoItemFlags);
    }

    m_recent->clear();
    for (const QString& path : recentFiles) {
        const QFileInfo info(path);
        const bool project = isProjectPath(path.toStdString());
        const QString kind = project ? tr("project") : tr("network");
        auto* item = new QListWidgetItem(m_recent);
        item->setData(kPathRole, path);
        item->setToolTip(path);
        if (info.exists()) {
            item->setText(
                tr("%1  —  %2 in %3").arg(info.fileName(), kind, shownFolder(info.absolutePath())));
        } else {
            item->setText(tr("%1  —  missing from %2")
                              .arg(info.fileName(), shownFolder(info.absolutePath())));
            item->setFlags(Qt::NoItemFlags);
        }
        item->setIcon(QIcon::fromTheme(project ? QStringLiteral("document-save")
                                               : QStringLiteral("text-x-generic")));
    }
    m_noRecent->setVisible(recentFiles.isEmpty());
    m_recent->setVisible(!recentFiles.isEmpty());
}

QStringList WelcomePage::exampleNames() const
{
    QStringList names;
    for (int i = 0; i < m_examples->count(); ++i) {
        if (!m_examples->item(i)->data(kPathRole).toString().isEmpty())
            names.append(m_examples->item(i)->text());
    }
    return names;
}

QStringList WelcomePage::recentPaths() const
{
    QStringList paths;
    for (int i = 0; i < m_recent->count(); ++i)
        paths.append(m_recent->item(i)->data(kPathRole).toString());
    return paths;
}

bool WelcomePage::activateExample(const QString& name)
{
    for (int i = 0; i < m_examples->count(); ++i) {
        QListWidgetItem* item = m_examples->item(i);
        if (item->text() == name && (item->flags() & Qt::ItemIsEnabled)) {
            activate(item);
            return true;
        }
    }
    return false;
}

bool WelcomePage::activateRecent(const QString& path)
{
    for (int i = 0; i < m_recent->count(); ++i) {
        QListWidgetItem* item = m_recent->item(i);
        if (item->data(kPathRole).toString() == path && (item->flags() & Qt::ItemIsEnabled)) {
            activate(item);
            return true;
        }
    }
    return false;
}

void WelcomePage::activate(QListWidgetItem* item)
{
    if (!item || !(item->flags() & Qt::ItemIsEnabled))
        return;
    const QString path = item->data(kPathRole).toString();
    if (!path.isEmpty())
        emit fileRequested(path);
}

} // namespace compass::ui
