// SPDX-License-Identifier: MIT
#pragma once

#ifndef Q_MOC_RUN
// moc cannot parse libstdc++ 12's C++20 headers reached from here (see commit 86feea8).
#include "core/onnx/import_options.h"
#endif
#include "core/support/diagnostics.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace compass {
class Graph;
}

namespace compass::ui {

/// What importing a network produced: the graph (shared, immutable) and the messages.
struct LoadedGraph
{
    QString path;
    OnnxImportOptions options;          ///< What the file was imported with.
    QString sha256;                     ///< Lower-case hex SHA-256 of the file (project files).
    std::shared_ptr<const Graph> graph; ///< Null when the file could not be used.
    std::vector<Diagnostic> diagnostics;
    double importMs = 0.0;
    bool ok() const { return graph != nullptr; }
};

/// Imports ONNX files off the GUI thread for the document. Only the newest request is
/// delivered; older ones are dropped.
class ProjectLoader final : public QObject
{
    Q_OBJECT

public:
    explicit ProjectLoader(QObject* parent = nullptr);

    void load(const QString& path, const OnnxImportOptions& options = {});
    bool isLoading() const { return m_pending > 0; }

    /// The same work, synchronously (tests, scripted demos).
    static LoadedGraph loadNow(const QString& path, const OnnxImportOptions& options = {});

signals:
    void loaded(const compass::ui::LoadedGraph& result);

private:
    int m_generation = 0;
    int m_pending = 0;
};

} // namespace compass::ui
