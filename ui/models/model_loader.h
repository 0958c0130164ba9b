// SPDX-License-Identifier: MIT
#pragma once

#include "core/support/diagnostics.h"
#include "graph_view_model.h"

#include <QObject>
#include <QString>

#include <vector>

namespace compass::ui {

/// What loading a network produced, as values for the widgets.
struct LoadedModel
{
    QString path;
    bool ok = false;
    GraphViewModel view;                 ///< Empty when !ok.
    std::vector<Diagnostic> diagnostics; ///< Import messages, in order.
    double importMs = 0.0;
};

/// Imports an ONNX file off the GUI thread and builds its view model. Only the newest
/// request is delivered.
class ModelLoader final : public QObject
{
    Q_OBJECT

public:
    explicit ModelLoader(QObject* parent = nullptr);

    void load(const QString& path);
    bool isLoading() const { return m_pending > 0; }

    /// The same work, synchronously (tests, command-line screenshots).
    static LoadedModel loadNow(const QString& path);

signals:
    void loaded(const compass::ui::LoadedModel& result);

private:
    int m_generation = 0;
    int m_pending = 0;
};

} // namespace compass::ui
