// SPDX-License-Identifier: MIT
#include "project_loader.h"

#include "core/onnx/onnx_importer.h"
#include "core/support/file_hash.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace compass::ui {

ProjectLoader::ProjectLoader(QObject* parent)
    : QObject(parent)
{}

LoadedGraph ProjectLoader::loadNow(const QString& path, const OnnxImportOptions& options)
{
    QElapsedTimer timer;
    timer.start();
    LoadedGraph result;
    result.path = path;
    result.options = options;
    DiagnosticList diagnostics;
    std::optional<Graph> graph = importOnnxFile(path.toStdString(), diagnostics, options);
    result.importMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    if (graph) {
        // The file's identity for project files, read once here off the GUI thread.
        if (std::optional<std::string> sha = fileSha256Hex(path, diagnostics))
            result.sha256 = QString::fromStdString(*sha);
        result.graph = std::make_shared<const Graph>(std::move(*graph));
    }
    result.diagnostics = diagnostics.all();
    return result;
}

void ProjectLoader::load(const QString& path, const OnnxImportOptions& options)
{
    const int generation = ++m_generation;
    ++m_pending;
    auto* watcher = new QFutureWatcher<LoadedGraph>(this);
    connect(watcher, &QFutureWatcher<LoadedGraph>::finished, this, [this, watcher, generation] {
        --m_pending;
        watcher->deleteLater();
        if (generation == m_generation)
            emit loaded(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([path, options] { return loadNow(path, options); }));
}

} // namespace compass::ui
