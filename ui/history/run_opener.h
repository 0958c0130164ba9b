// SPDX-License-Identifier: MIT
#pragma once

#ifndef Q_MOC_RUN
// moc cannot parse libstdc++ 12's C++20 headers reached from here (see commit 86feea8).
#include "run_restore.h"
#include "store/run_record.h"
#endif

#include <QObject>
#include <QString>

#include <optional>

namespace compass::ui {

class ProjectDocument;

/// What opening a stored run does next, decided from the check of its network and the
/// network the document holds. A plain value: the decision is tested without a window.
struct RunOpenDecision
{
    enum class Step
    {
        Refuse,      ///< The network is missing: say so (message) and stop.
        Confirm,     ///< The file changed since the run: ask (message) whether to open it anyway.
        OpenNetwork, ///< Open `path` first, then restore the run's chip, batch and plan.
        Restore,     ///< The document already holds the run's network: restore at once.
    };
    Step step = Step::Refuse;
    QString path;    ///< The network file to open (OpenNetwork, Confirm).
    QString message; ///< For the user: the refusal, the question, or a note (bundled copy).
};

/// How opening a stored run ended.
struct RunOpenResult
{
    enum class Outcome
    {
        Opened,        ///< Network, chip, batch and plan are the run's (one undo step).
        Partial,       ///< The network opened but not every setting could be restored.
        Refused,       ///< The run's network is missing.
        Cancelled,     ///< The user declined a changed file, or another network was opened.
        NetworkFailed, ///< The network file could not be read.
    };
    Outcome outcome = Outcome::Refused;
    /// For the status bar (Opened, NetworkFailed) or a warning (Refused, Partial).
    QString message;
    bool ok() const { return outcome == Outcome::Opened; }
};

/// The decision for a run whose network check gave `check`, on a document that holds the
/// network at `shownPath` (empty when none).
RunOpenDecision decideRunOpening(const RunModelCheck& check, const QString& shownPath);

/// Opens stored runs on a document: checks the run's network off the GUI thread (SHA-256),
/// opens it through the document with the run's import options when another one is shown (or
/// the same one imported otherwise), then restores the run's chip,
/// batch and plan as one undo step. The window only answers confirmationNeeded() and shows
/// finished(); everything else is here and runs without widgets. GUI thread only.
class RunOpener final : public QObject
{
    Q_OBJECT

public:
    explicit RunOpener(ProjectDocument* document, QObject* parent = nullptr);

    /// Starts opening `run` (a run still being opened is given up). finished() follows, after
    /// confirmationNeeded() when the network file changed since the run.
    void open(const RunRecord& run);
    /// The answer to confirmationNeeded(): open the changed file as it is now, or give up.
    void confirm(bool openAnyway);
    bool isBusy() const { return m_run.has_value(); }

signals:
    /// Progress for the status bar ("Opening run 12…", a note about the file used).
    void statusMessage(const QString& message);
    /// The run's network file changed since the run: ask the user, then call confirm().
    void confirmationNeeded(const QString& question);
    void finished(const compass::ui::RunOpenResult& result);

private:
    void follow(const RunOpenDecision& decision);
    void networkOpened(const QString& path, bool ok);
    void restore();
    void finish(RunOpenResult result);

    ProjectDocument* m_document;
    std::optional<RunRecord> m_run;
    RunOpenDecision m_decision;
    QString m_awaitedPath; ///< The file the document is opening for the run, or empty.
    int m_generation = 0;  ///< Checks of runs given up are ignored when they arrive.
};

} // namespace compass::ui
