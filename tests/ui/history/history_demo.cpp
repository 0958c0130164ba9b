// SPDX-License-Identifier: MIT
// Not a test: drives the run history dock like a user and saves screenshots for
// docs/explorer.md. Usage (from the build dir): xvfb-run -a tests/ui/history/history_demo DIR
#ifndef Q_MOC_RUN
#include "store/run_store.h"
#include "ui/document/project_document.h"
#include "ui/history/run_history_controller.h"
#include "ui/history/run_history_model.h"
#include "ui/history/run_history_panel.h"
#include "ui/mainwindow/main_window.h"
#endif

#include <QApplication>
#include <QDockWidget>
#include <QEventLoop>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>

#include <cstdio>

using namespace compass;
using namespace compass::ui;

namespace {

bool runCli(const QStringList& args)
{
    QProcess cli;
    cli.start(QStringLiteral(COMPASS_CLI_PATH), args);
    if (!cli.waitForFinished(120000) || cli.exitCode() != 0) {
        std::fprintf(stderr, "compass %s failed: %s\n", qPrintable(args.join(' ')),
                     cli.readAllStandardError().constData());
        return false;
    }
    return true;
}

void settle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

template <typename Signal> bool waitFor(MainWindow& window, Signal signal, int timeoutMs)
{
    QEventLoop loop;
    bool result = false;
    QObject::connect(&window, signal, &loop, [&](bool ok) {
        result = ok;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return result;
}

bool save(QWidget* widget, const QString& dir, const QString& name)
{
    settle(400);
    const QString path = dir + QLatin1Char('/') + name;
    const bool ok = widget->grab().save(path);
    std::printf("%s %s\n", ok ? "saved" : "FAILED", qPrintable(path));
    return ok;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // never the user's settings
    QApplication::setOrganizationName(QStringLiteral("compass-demo"));
    QApplication::setApplicationName(QStringLiteral("history_demo"));
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("runs.db"));
    const QString dbArg = QStringLiteral("--db");
    struct Job
    {
        const char* model;
        const char* arch;
        const char* batch;
        const char* method;
    };
    const Job jobs[] = {
        {"resnet18", "sram-M", "16", "greedy"}, {"resnet18", "sram-M", "16", "layerwise"},
        {"resnet18", "sram-M", "16", "ga"},     {"resnet18", "sram-M", "16", "exact"},
        {"resnet18", "sram-S", "4", "ga"},      {"squeezenet1_1", "sram-S", "4", "greedy"},
        {"squeezenet1_1", "sram-S", "4", "ga"}};
    for (const Job& job : jobs) {
        if (!runCli({QStringLiteral("optimize"), QString::fromLatin1(job.model),
                     QStringLiteral("--arch"), QString::fromLatin1(job.arch),
                     QStringLiteral("--batch"), QString::fromLatin1(job.batch),
                     QStringLiteral("--method"), QString::fromLatin1(job.method), dbArg, db}))
            return 1;
    }

    MainWindow window;
    window.resize(1500, 950);
    window.openRunDatabase(db);
    window.show();
    window.openModel(QStringLiteral(COMPASS_RESOURCE_DIR "/models/resnet18.onnx"));
    if (!waitFor(window, &MainWindow::modelShown, 30000)) {
        std::fprintf(stderr, "history_demo: resnet18 did not open\n");
        return 1;
    }

    auto* panel = window.findChild<RunHistoryPanel*>();
    RunHistoryController* history = panel->controller();
    RunHistoryModel* model = history->model();
    const auto idOf = [&](const char* method, const char* arch) {
        for (const RunSummary& run : model->runs()) {
            if (planMethodName(run.method) == std::string_view(method) && run.archName == arch &&
                run.modelName == "resnet18")
                return run.id;
        }
        return RunId{};
    };
    history->rename(idOf("greedy", "sram-M"), QStringLiteral("baseline"));
    history->setTags(idOf("greedy", "sram-M"), {QStringLiteral("paper")});
    history->setTags(idOf("ga", "sram-M"), {QStringLiteral("paper"), QStringLiteral("fig8")});
    history->setNotes(idOf("exact", "sram-M"), QStringLiteral("optimum for the GA to match"));

    // 1. Open the GA run of ResNet18-M-16: network, chip, batch and plan come back.
    panel->selectRun(idOf("ga", "sram-M"));
    panel->openSelected();
    if (!waitFor(window, &MainWindow::runOpened, 30000)) {
        std::fprintf(stderr, "history_demo: the run did not open\n");
        return 1;
    }
    settle(800); // evaluation and recolouring
    std::printf("undo: %s\n", qPrintable(window.document()->undoStack()->undoText()));
    bool ok = save(&window, out, QStringLiteral("explorer-history.png"));

    // 2. Filter to ResNet18 on sram-M, select the four methods and compare them.
    panel->filterEdit()->setText(QStringLiteral("resnet18 sram-M"));
    panel->table()->selectAll();
    panel->compareSelected();
    ok = save(&window, out, QStringLiteral("explorer-history-compare.png")) && ok;
    panel->filterEdit()->clear();

    // 3. A newer COMPASS wrote the database: listed read-only, and the dock says so.
    const QString newer = dir.filePath(QStringLiteral("newer.db"));
    history->closeDatabase();
    QFile::copy(db, newer);
    {
        QFile file(newer);
        if (file.open(QIODevice::ReadWrite) && file.seek(63))
            file.putChar(static_cast<char>(RunStore::kSchemaVersion + 1));
    }
    panel->openDatabase(newer, false);
    ok = save(window.findChild<QDockWidget*>(QStringLiteral("RunHistoryDock")), out,
              QStringLiteral("explorer-history-readonly.png")) &&
         ok;

    // 4. Not a database at all: reported, left unchanged, with the two ways out.
    const QString damaged = dir.filePath(QStringLiteral("notes.db"));
    {
        QFile file(damaged);
        if (file.open(QIODevice::WriteOnly))
            file.write("my lab notes, saved under the wrong name\n");
    }
    panel->openDatabase(damaged, false);
    ok = save(window.findChild<QDockWidget*>(QStringLiteral("RunHistoryDock")), out,
              QStringLiteral("explorer-history-damaged.png")) &&
         ok;
    return ok ? 0 : 1;
}
