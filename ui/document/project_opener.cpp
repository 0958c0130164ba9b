// SPDX-License-Identifier: MIT
#include "project_opener.h"

#include "project_document.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace compass::ui {

namespace {

/// What the worker thread found: the project as read (or why not) and where its model is.
struct ProjectCheck
{
    std::optional<ProjectFile> project;
    std::vector<Diagnostic> diagnostics;
    ProjectModelLocation location;
};

ProjectCheck readAndLocate(const QString& path, const QString& overrideModel,
                           std::optional<ProjectFile> known)
{
    ProjectCheck check;
    DiagnosticList diagnostics;
    check.project = known ? std::move(known) : readProjectFile(path.toStdString(), diagnostics);
    check.diagnostics = diagnostics.all();
    if (!check.project)
        return check;
    ProjectFile lookFor = *check.project;
    if (!overrideModel.isEmpty()) {
        // A model the user located: look there only.
        lookFor.modelPath = overrideModel.toStdString();
        lookFor.modelRelativePath.clear();
    }
    check.location = locateProjectModel(lookFor, path.toStdString());
    return check;
}

QString shownPath(const std::string& path)
{
    return QDir::toNativeSeparators(QString::fromStdString(path));
}

} // namespace

ProjectOpener::ProjectOpener(ProjectDocument* document, QObject* parent)
    : QObject(parent)
    , m_document(document)
{
    connect(document, &ProjectDocument::openFinished, this,
            [this](const QString& path, bool ok, double) { networkOpened(path, ok); });
}

void ProjectOpener::open(const QString& path)
{
    m_path = QFileInfo(path).absoluteFilePath();
    m_project.reset();
    m_awaitedPath.clear();
    m_modelPath.clear();
    m_warnings.clear();
    emit statusMessage(tr("Opening project %1…").arg(QFileInfo(path).fileName()));
    checkModel({});
}

void ProjectOpener::checkModel(const QString& overridePath)
{
    const int generation = ++m_generation;
    const QString path = m_path;
    auto* watcher = new QFutureWatcher<ProjectCheck>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // given up for a newer project
        ProjectCheck check = watcher->result();
        for (const Diagnostic& d : check.diagnostics) {
            if (d.severity != Severity::Error)
                m_warnings.push_back(d);
        }
        if (!check.project) {
            finish({ProjectOpenResult::Outcome::Refused, m_path,
                    tr("Cannot open project %1: it was left unchanged.\n%2")
                        .arg(QDir::toNativeSeparators(m_path),
                             QString::fromStdString(formatDiagnostics(check.diagnostics))),
                    std::nullopt});
            return;
        }
        m_project = std::move(check.project);
        follow(check.location);
    });
    watcher->setFuture(QtConcurrent::run([path, overridePath, known = m_project] {
        return readAndLocate(path, overridePath, known);
    }));
}

void ProjectOpener::follow(const ProjectModelLocation& location)
{
    const QString model = QString::fromStdString(location.path.string());
    switch (location.status) {
    case ProjectModelLocation::Status::Found:
        openModel(model);
        return;
    case ProjectModelLocation::Status::Changed:
        m_modelPath = model;
        emit confirmationNeeded(
            tr("The network %1 changed since project %2 was saved (its SHA-256 differs). The "
               "saved plan may not fit it any more.\n\nOpen it as it is now?")
                .arg(QDir::toNativeSeparators(model), QFileInfo(m_path).fileName()));
        return;
    case ProjectModelLocation::Status::Missing: {
        // The places locateProjectModel looked, as the command line names them.
        QStringList places;
        for (const std::filesystem::path& place :
             projectModelCandidates(*m_project, m_path.toStdString()))
            places << shownPath(place.string());
        const QString tried = places.join(tr(" or "));
        const QFileInfo saved(QString::fromStdString(m_project->modelPath));
        const QString start =
            saved.absoluteDir().exists() ? saved.absolutePath() : QFileInfo(m_path).absolutePath();
        emit modelMissing(tr("The network of project %1 is not at %2. Locate %3?")
                              .arg(QFileInfo(m_path).fileName(), tried, saved.fileName()),
                          start);
        return;
    }
    }
}

void ProjectOpener::locate(const QString& modelPath)
{
    if (!m_project || !m_awaitedPath.isEmpty())
        return;
    if (modelPath.isEmpty()) {
        finish({ProjectOpenResult::Outcome::Cancelled, m_path,
                tr("Project %1 was not opened: its network was not found")
                    .arg(QFileInfo(m_path).fileName()),
                std::nullopt});
        return;
    }
    checkModel(modelPath);
}

void ProjectOpener::confirm(bool openAnyway)
{
    if (!m_project || m_modelPath.isEmpty() || !m_awaitedPath.isEmpty())
        return;
    if (!openAnyway) {
        finish({ProjectOpenResult::Outcome::Cancelled, m_path, {}, std::nullopt});
        return;
    }
    m_warnings.push_back({Severity::Warning,
                          "the network changed since the project was saved (SHA-256 differs)",
                          fieldAt(m_modelPath.toStdString(), "model.sha256")});
    openModel(m_modelPath);
}

void ProjectOpener::openModel(const QString& path)
{
    m_modelPath = path;
    m_awaitedPath = path;
    m_document->openFile(path, m_project->importOptions);
}

void ProjectOpener::networkOpened(const QString& path, bool ok)
{
    if (!m_project || m_awaitedPath.isEmpty())
        return;
    const QString name = QFileInfo(m_path).fileName();
    if (path != m_awaitedPath) {
        finish({ProjectOpenResult::Outcome::Cancelled, m_path,
                tr("Opening project %1 was given up: another network was opened").arg(name),
                std::nullopt});
        return;
    }
    m_awaitedPath.clear();
    if (!ok) {
        finish({ProjectOpenResult::Outcome::NetworkFailed, m_path,
                tr("Cannot open project %1: its network %2 could not be read (see Diagnostics)")
                    .arg(name, QDir::toNativeSeparators(path)),
                std::nullopt});
        return;
    }
    DiagnosticList diagnostics;
    if (!m_document->restoreProject(*m_project, diagnostics)) {
        finish({ProjectOpenResult::Outcome::Refused, m_path,
                tr("Cannot use project %1: it was left unchanged.\n%2")
                    .arg(name, QString::fromStdString(formatDiagnostics(diagnostics.all()))),
                std::nullopt});
        return;
    }
    for (const Diagnostic& d : diagnostics.all())
        m_warnings.push_back(d);
    ProjectFile opened = *m_project;
    opened.modelPath = QFileInfo(path).absoluteFilePath().toStdString();
    finish({ProjectOpenResult::Outcome::Opened, m_path,
            QString::fromStdString(formatDiagnostics(m_warnings)), std::move(opened)});
}

void ProjectOpener::finish(ProjectOpenResult result)
{
    ++m_generation; // checks still running belong to this project: ignore them
    m_project.reset();
    m_awaitedPath.clear();
    m_modelPath.clear();
    m_warnings.clear();
    emit finished(result);
}

} // namespace compass::ui
