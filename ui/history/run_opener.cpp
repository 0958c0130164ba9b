// SPDX-License-Identifier: MIT
#include "run_opener.h"

#include "core/support/diagnostics.h"
#include "core/support/units.h"
#include "ui/document/project_document.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QStringList>
#include <QtConcurrent/QtConcurrentRun>

namespace compass::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("RunOpener", text);
}

bool sameFile(const QString& a, const QString& b)
{
    const QString canonical = QFileInfo(a).canonicalFilePath();
    return !canonical.isEmpty() && canonical == QFileInfo(b).canonicalFilePath();
}

} // namespace

RunOpenDecision decideRunOpening(const RunModelCheck& check, const QString& shownPath)
{
    using Step = RunOpenDecision::Step;
    switch (check.status) {
    case RunModelCheck::Status::Missing:
        return {Step::Refuse, {}, check.message};
    case RunModelCheck::Status::Changed:
        return {Step::Confirm, check.path, check.message + tr("\n\nOpen the file as it is now?")};
    case RunModelCheck::Status::Ok:
        break;
    }
    if (!shownPath.isEmpty() && sameFile(shownPath, check.path))
        return {Step::Restore, check.path, check.message};
    return {Step::OpenNetwork, check.path, check.message};
}

RunOpener::RunOpener(ProjectDocument* document, QObject* parent)
    : QObject(parent)
    , m_document(document)
{
    connect(document, &ProjectDocument::openFinished, this,
            [this](const QString& path, bool ok, double) { networkOpened(path, ok); });
}

void RunOpener::open(const RunRecord& run)
{
    m_run = run;
    m_awaitedPath.clear();
    const int generation = ++m_generation;
    emit statusMessage(tr("Opening %1…").arg(runDisplayName(run.id, run.label)));
    // Hashing the network reads the whole file: keep it off the GUI thread.
    auto* watcher = new QFutureWatcher<RunModelCheck>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation || !m_run)
            return; // given up for a newer run
        // The network shown counts only when it was imported as the run's was (input shapes).
        const bool asStored =
            m_document->hasModel() && m_document->importOptions() == m_run->importOptions;
        const QString shown = asStored ? m_document->modelPath() : QString();
        follow(decideRunOpening(watcher->result(), shown));
    });
    watcher->setFuture(QtConcurrent::run([run] { return checkRunModel(run); }));
}

void RunOpener::follow(const RunOpenDecision& decision)
{
    m_decision = decision;
    using Step = RunOpenDecision::Step;
    switch (decision.step) {
    case Step::Refuse:
        finish({RunOpenResult::Outcome::Refused, decision.message});
        return;
    case Step::Confirm:
        emit confirmationNeeded(decision.message);
        return;
    case Step::OpenNetwork:
        if (!decision.message.isEmpty())
            emit statusMessage(decision.message);
        m_awaitedPath = decision.path;
        m_document->openFile(decision.path, m_run->importOptions);
        return;
    case Step::Restore:
        if (!decision.message.isEmpty())
            emit statusMessage(decision.message);
        restore();
        return;
    }
}

void RunOpener::confirm(bool openAnyway)
{
    if (!m_run || m_decision.step != RunOpenDecision::Step::Confirm)
        return;
    if (!openAnyway) {
        finish({RunOpenResult::Outcome::Cancelled, {}});
        return;
    }
    // A changed file is opened afresh even when it is the one shown: the network may differ.
    follow({RunOpenDecision::Step::OpenNetwork, m_decision.path, {}});
}

void RunOpener::networkOpened(const QString& path, bool ok)
{
    if (!m_run || m_awaitedPath.isEmpty())
        return;
    const QString name = runDisplayName(m_run->id, m_run->label);
    if (path != m_awaitedPath) {
        // The user opened another network meanwhile (only the newest open is delivered).
        finish({RunOpenResult::Outcome::Cancelled,
                tr("Opening %1 was given up: another network was opened").arg(name)});
        return;
    }
    m_awaitedPath.clear();
    if (!ok) {
        finish({RunOpenResult::Outcome::NetworkFailed,
                tr("Cannot open %1: its network could not be read").arg(name)});
        return;
    }
    restore();
}

void RunOpener::restore()
{
    const RunRecord& run = *m_run;
    const QString name = runDisplayName(run.id, run.label);
    DiagnosticList diagnostics;
    if (!restoreRunSettings(*m_document, run, diagnostics)) {
        finish({RunOpenResult::Outcome::Partial,
                tr("%1 was opened only in part:\n%2")
                    .arg(name, QString::fromStdString(formatDiagnostics(diagnostics.all())))});
        return;
    }
    finish(
        {RunOpenResult::Outcome::Opened,
         tr("Opened %1: %2 on %3, batch %4, %5 plan of %6 (Undo goes back)")
             .arg(name, QString::fromStdString(run.modelName), QString::fromStdString(run.archName))
             .arg(run.batch)
             .arg(QString::fromLatin1(planMethodName(run.method)))
             .arg(units::count(m_document->plan().partitionCount(), tr("partition"),
                               tr("partitions")))});
}

void RunOpener::finish(RunOpenResult result)
{
    m_run.reset();
    m_awaitedPath.clear();
    emit finished(result);
}

} // namespace compass::ui
