// SPDX-License-Identifier: MIT
#include "layout_runner.h"

#include <QFutureWatcher>
#include <QtConcurrent>

namespace compass::ui {

LayoutRunner::LayoutRunner(QObject* parent)
    : QObject(parent)
{
    // layoutWithBudget returns within its budget even when dot does not, so two threads are
    // enough and the pool's destructor never waits long.
    m_pool.setMaxThreadCount(2);
}

LayoutRunner::~LayoutRunner()
{
    m_pool.waitForDone();
}

int LayoutRunner::request(LayoutInput input, std::chrono::milliseconds budget)
{
    const int generation = ++m_generation;
    ++m_pending;
    auto* watcher = new QFutureWatcher<LayoutResult>(this);
    connect(watcher, &QFutureWatcher<LayoutResult>::finished, this, [this, watcher, generation] {
        --m_pending;
        watcher->deleteLater();
        if (generation != m_generation)
            return; // superseded
        emit layoutReady(generation, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(
        &m_pool, [input = std::move(input), budget] { return layoutWithBudget(input, budget); }));
    return generation;
}

} // namespace compass::ui
