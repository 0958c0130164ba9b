// SPDX-License-Identifier: MIT
#pragma once

#include "graph_layout.h"

#include <QObject>
#include <QThreadPool>

#include <chrono>

namespace compass::ui {

/// Runs layouts off the GUI thread with a time budget; only the newest request's result is
/// delivered (stale ones are dropped). Lives on the GUI thread.
class LayoutRunner final : public QObject
{
    Q_OBJECT

public:
    explicit LayoutRunner(QObject* parent = nullptr);
    ~LayoutRunner() override;

    /// Starts a layout and returns its generation; supersedes any pending request.
    int request(LayoutInput input, std::chrono::milliseconds budget);
    bool isRunning() const { return m_pending > 0; }
    int generation() const { return m_generation; }

signals:
    /// The newest requested layout is ready (Graphviz, or the fallback when over budget).
    void layoutReady(int generation, const compass::ui::LayoutResult& result);

private:
    QThreadPool m_pool;
    int m_generation = 0;
    int m_pending = 0;
};

} // namespace compass::ui
