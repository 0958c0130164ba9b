// SPDX-License-Identifier: MIT
#include "project_loader.h"

#include "core/onnx/onnx_importer.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace compass::ui {

ProjectLoader::ProjectLoader(QObject* parent)
    : QObject(parent)
{}

LoadedGraph ProjectLoader::loadNow(const QString& path)
{
    QElapsedTimer timer;
    timer.start();
    LoadedGraph result;
    result.path = path;
    DiagnosticList diagnostics;
    std::optional<Graph> graph = importOnnxFile(path.toStdString(), diagnostics);
    result.importMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    result.diagnostics = diagnostics.all();
    if (graph)
        result.graph = std::make_shared<const Graph>(std::move(*graph));
    return result;
}

void ProjectLoader::load(const QString& path)
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
    watcher->setFuture(QtConcurrent::run([path] { return loadNow(path); }));
}

} // namespace compass::ui
