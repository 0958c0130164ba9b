// SPDX-License-Identifier: MIT
#include "help_dialogs.h"

#include "core/support/natural_order.h"
#include "core/support/resource_paths.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QListWidget>
#include <QMessageBox>
#include <QSplitter>
#include <QStyle>
#include <QTableWidget>
#include <QTextBrowser>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace compass::ui {

namespace {

/// The manual's pages in reading order: the explorer first, then the rest by name.
QStringList manualPages(const std::filesystem::path& dir)
{
    QStringList pages = QDir(QString::fromStdString(dir.string()))
                            .entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name);
    std::sort(pages.begin(), pages.end(), [](const QString& a, const QString& b) {
        return naturalLess(a.toStdString(), b.toStdString());
    });
    const qsizetype first = pages.indexOf(QStringLiteral("explorer.md"));
    if (first > 0)
        pages.move(first, 0);
    return pages;
}

QString plainText(const QAction* action)
{
    QString text = action->text();
    text.remove(QLatin1Char('&'));
    if (text.endsWith(QStringLiteral("…")))
        text.chop(1);
    return text;
}

} // namespace

QString aboutText()
{
    return QApplication::tr(
               "<h3>COMPASS Explorer %1</h3>"
               "<p>A compiler and design-space explorer for crossbar processing-in-memory DNN "
               "accelerators whose crossbars cannot hold the whole network: it partitions the "
               "network, reloads weights between partitions, and estimates and simulates "
               "latency, energy and EDP.</p>"
               "<p>COMPASS is free software under the MIT licence.</p>"
               "<p>Built on:</p><ul>"
               "<li>Qt %2 (Core, Gui, Widgets, Charts, Svg, Concurrent): LGPL-3.0</li>"
               "<li>Graphviz (graph layout): EPL-1.0</li>"
               "<li>Protocol Buffers with the ONNX schema (model import): BSD-3-Clause and "
               "Apache-2.0</li>"
               "<li>SQLite (run store): public domain</li>"
               "<li>pybind11 (Python API): BSD-3-Clause</li></ul>"
               "<p>Method: COMPASS (DATE 2025); the element pipeline follows PIMCOMP.</p>")
        .arg(QApplication::applicationVersion().toHtmlEscaped(), QString::fromLatin1(qVersion()));
}

void showAboutBox(QWidget* parent)
{
    QMessageBox box(parent);
    box.setWindowTitle(QApplication::tr("About COMPASS Explorer"));
    box.setObjectName(QStringLiteral("AboutBox"));
    box.setTextFormat(Qt::RichText);
    box.setText(aboutText());
    box.setIconPixmap(QApplication::windowIcon().pixmap(64, 64));
    box.exec();
}

std::vector<ShortcutRow> shortcutRows(const QList<QAction*>& actions)
{
    std::vector<ShortcutRow> rows;
    for (const QAction* action : actions) {
        if (action->shortcuts().isEmpty() || action->text().isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence& key : action->shortcuts())
            keys << key.toString(QKeySequence::NativeText);
        const ShortcutRow row{plainText(action), keys.join(QStringLiteral(", "))};
        const bool seen = std::any_of(rows.begin(), rows.end(), [&](const ShortcutRow& r) {
            return r.action == row.action && r.keys == row.keys;
        });
        if (!seen)
            rows.push_back(row);
    }
    const auto gesture = [&rows](const QString& what, const QString& how) {
        rows.push_back({what, how});
    };
    gesture(QApplication::tr("Zoom the graph"), QApplication::tr("Ctrl+mouse wheel"));
    gesture(QApplication::tr("Pan the graph"), QApplication::tr("Drag the background"));
    gesture(QApplication::tr("Move a cut"), QApplication::tr("Drag it in the partition strip"));
    gesture(QApplication::tr("Add a cut"), QApplication::tr("Double-click in the partition strip"));
    gesture(QApplication::tr("Cut before or after a layer"),
            QApplication::tr("Right-click the layer"));
    gesture(QApplication::tr("Change a number in a field"),
            QApplication::tr("Click into it, then the mouse wheel or Up/Down"));
    return rows;
}

void showShortcutsDialog(const QList<QAction*>& actions, QWidget* parent)
{
    QDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("ShortcutsDialog"));
    dialog.setWindowTitle(QApplication::tr("Keyboard Shortcuts"));
    const std::vector<ShortcutRow> rows = shortcutRows(actions);
    auto* table = new QTableWidget(static_cast<int>(rows.size()), 2, &dialog);
    table->setHorizontalHeaderLabels({QApplication::tr("Action"), QApplication::tr("Keys")});
    for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(rows[static_cast<std::size_t>(i)].action));
        table->setItem(i, 1, new QTableWidgetItem(rows[static_cast<std::size_t>(i)].keys));
    }
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->resizeColumnsToContents();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog.resize(560, 520);
    dialog.exec();
}

std::filesystem::path manualDir()
{
    std::error_code ec;
    const std::filesystem::path resources = resourceDir();
    for (const std::filesystem::path& dir :
         {resources / "docs", resources.parent_path() / "docs"}) {
        if (std::filesystem::is_regular_file(dir / "explorer.md", ec))
            return dir;
    }
    return {};
}

ManualWindow::ManualWindow(QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_browser(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("ManualWindow"));
    setWindowTitle(tr("COMPASS Manual"));
    const std::filesystem::path dir = manualDir();
    const QString folder = QString::fromStdString(dir.string());
    m_browser->setOpenExternalLinks(true);
    m_browser->setSearchPaths({folder});
    auto* contents = new QListWidget(this);
    contents->setObjectName(QStringLiteral("ManualContents"));
    for (const QString& page : manualPages(dir)) {
        auto* item = new QListWidgetItem(QFileInfo(page).completeBaseName(), contents);
        item->setData(Qt::UserRole, page);
    }
    connect(contents, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { showPage(item->data(Qt::UserRole).toString()); });
    auto* bar = new QToolBar(this);
    QAction* back = bar->addAction(style()->standardIcon(QStyle::SP_ArrowBack), tr("Back"),
                                   m_browser, &QTextBrowser::backward);
    QAction* forward = bar->addAction(style()->standardIcon(QStyle::SP_ArrowForward), tr("Forward"),
                                      m_browser, &QTextBrowser::forward);
    back->setShortcut(QKeySequence::Back);
    forward->setShortcut(QKeySequence::Forward);
    back->setEnabled(false);
    forward->setEnabled(false);
    connect(m_browser, &QTextBrowser::backwardAvailable, back, &QAction::setEnabled);
    connect(m_browser, &QTextBrowser::forwardAvailable, forward, &QAction::setEnabled);
    bar->addAction(style()->standardIcon(QStyle::SP_DirHomeIcon), tr("Explorer"), this,
                   [this] { showPage(QStringLiteral("explorer.md")); });
    auto* split = new QSplitter(this);
    split->addWidget(contents);
    split->addWidget(m_browser);
    split->setStretchFactor(1, 1);
    split->setSizes({180, 820});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(bar);
    layout->addWidget(split, 1);
    resize(1000, 760);
    if (dir.empty()) {
        m_browser->setPlainText(
            tr("The manual is not installed: its pages are the Markdown files in the docs/ "
               "folder of the COMPASS sources."));
        return;
    }
    showPage(QStringLiteral("explorer.md"));
}

bool ManualWindow::showPage(const QString& fileName)
{
    const std::filesystem::path dir = manualDir();
    const QString path = QString::fromStdString((dir / fileName.toStdString()).string());
    if (dir.empty() || !QFileInfo::exists(path))
        return false;
    m_browser->setSource(QUrl::fromLocalFile(path), QTextDocument::MarkdownResource);
    return true;
}

QString ManualWindow::currentPage() const
{
    return QFileInfo(m_browser->source().toLocalFile()).fileName();
}

} // namespace compass::ui
