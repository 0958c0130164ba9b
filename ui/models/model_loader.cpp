// SPDX-License-Identifier: MIT
#include "model_loader.h"

#include "core/onnx/onnx_importer.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace compass::ui {

ModelLoader::ModelLoader(QObject* parent)
    : QObject(parent)
{}

LoadedModel ModelLoader::loadNow(const QString& path)
{
    QElapsedTimer timer;
    timer.start();
    LoadedModel result;
    result.path = path;
    DiagnosticList diagnostics;
    const std::optional<Graph> graph = importOnnxFile(path.toStdString(), diagnostics);
    result.importMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    result.diagnostics = diagnostics.all();
    if (graph) {
        result.ok = true;
        result.view = buildGraphViewModel(*graph);
    }
    return result;
}

void ModelLoader::load(const QString& path)
{
    const int generation = ++m_generation;
    ++m_pending;
    auto* watcher = new QFutureWatcher<LoadedModel>(this);
    connect(watcher, &QFutureWatcher<LoadedModel>::finished, this, [this, watcher, generation] {
        --m_pending;
        watcher->deleteLater();
        if (generation == m_generation)
            emit loaded(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([path] { return loadNow(path); }));
}

} // namespace compass::ui
