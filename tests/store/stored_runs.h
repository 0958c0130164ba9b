// SPDX-License-Identifier: MIT
// Every run of a database, read back in full (for tests that compare what was stored).
#pragma once

#include "core/support/diagnostics.h"
#include "store/run_store.h"

#include <QString>

#include <vector>

namespace compass::test {

/// The runs of the database at `db`, newest first; empty when it cannot be opened.
inline std::vector<RunRecord> storedRuns(const QString& db)
{
    std::vector<RunRecord> runs;
    DiagnosticList diagnostics;
    auto store = RunStore::open(db, OpenMode::ReadOnly, diagnostics);
    if (!store)
        return runs;
    for (const RunSummary& s : store->list(RunFilter{}, diagnostics)) {
        if (auto r = store->run(s.id, diagnostics))
            runs.push_back(std::move(*r));
    }
    return runs;
}

} // namespace compass::test
