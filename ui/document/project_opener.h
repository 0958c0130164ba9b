// SPDX-License-Identifier: MIT
#pragma once

#ifndef Q_MOC_RUN
// moc cannot parse libstdc++ 12's C++20 headers reached from here (see commit 86feea8).
#include "core/project/project_file.h"
#include "core/support/diagnostics.h"
#endif

#include <QObject>
#include <QString>

#include <optional>
#include <vector>

namespace compass::ui {

class ProjectDocument;

/// How opening a project file ended.
struct ProjectOpenResult
{
    enum class Outcome
    {
        Opened,        ///< Model, chip, batch and plan are the project's (possibly with warnings).
        Refused,       ///< The project file is damaged, newer or unreadable: nothing changed.
        Cancelled,     ///< The user gave up locating a missing model or a changed one.
        NetworkFailed, ///< The model file could not be imported.
    };
    Outcome outcome = Outcome::Refused;
    QString projectPath;
    /// For the user: why it was refused (naming the file and field), or the warnings.
    QString message;
    /// The project as read, for what the window restores itself (view state, optimiser
    /// options); set when Opened.
    std::optional<ProjectFile> project;
    bool ok() const { return outcome == Outcome::Opened; }
};

/// Opens project files (.compass) on a document: reads the file and looks for its model off
/// the GUI thread (SHA-256 reads the whole model), asks the window when the model moved
/// (locateModel()) or changed since it was saved (confirmationNeeded()), opens the model with
/// the project's import options, and restores chip, batch and plan without undo. A project
/// that cannot be read changes nothing and is never written. GUI thread only.
class ProjectOpener final : public QObject
{
    Q_OBJECT

public:
    explicit ProjectOpener(ProjectDocument* document, QObject* parent = nullptr);

    /// Starts opening the project at `path` (one still being opened is given up); finished()
    /// follows.
    void open(const QString& path);
    /// The answer to modelMissing(): the model's new place, or empty to give up.
    void locate(const QString& modelPath);
    /// The answer to confirmationNeeded(): open the changed model as it is now, or give up.
    void confirm(bool openAnyway);
    bool isBusy() const { return m_project.has_value(); }

signals:
    void statusMessage(const QString& message);
    /// The project's model is at neither saved place: ask the user where it is, then call
    /// locate(). `message` names the project and the paths tried.
    void modelMissing(const QString& message, const QString& startFolder);
    /// The model's content differs from the one saved: ask, then call confirm().
    void confirmationNeeded(const QString& question);
    void finished(const compass::ui::ProjectOpenResult& result);

private:
    void checkModel(const QString& overridePath);
    void follow(const ProjectModelLocation& location);
    void openModel(const QString& path);
    void networkOpened(const QString& path, bool ok);
    void finish(ProjectOpenResult result);

    ProjectDocument* m_document;
    QString m_path;
    std::optional<ProjectFile> m_project;
    QString m_modelPath;   ///< The model found or located (Confirm, opening).
    QString m_awaitedPath; ///< The file the document is opening for the project, or empty.
    std::vector<Diagnostic> m_warnings;
    int m_generation = 0;
};

} // namespace compass::ui
