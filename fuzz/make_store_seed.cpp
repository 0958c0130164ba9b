// SPDX-License-Identifier: MIT
// Writes a small run database with a few runs (all field kinds filled) to the path given: the
// seed of fuzz/corpus/fuzz_run_store and of the run-store files in tests/data/corrupt/.
#include "core/support/diagnostics.h"
#include "store/run_store.h"

#include <QDateTime>
#include <QFile>
#include <QString>
#include <QTimeZone>

#include <cstdio>

int main(int argc, char** argv)
{
    using namespace compass;
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_store_seed OUT.db\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    for (const char* suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QLatin1String(suffix));
    DiagnosticList diagnostics;
    std::optional<RunStore> store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
    if (!store) {
        for (const Diagnostic& d : diagnostics.all())
            std::fprintf(stderr, "%s\n", formatDiagnostic(d).c_str());
        return 1;
    }
    const PlanMethod methods[] = {PlanMethod::Greedy, PlanMethod::Genetic, PlanMethod::Exact};
    for (int i = 0; i < 3; ++i) {
        RunRecord r;
        r.uuid = "00000000-0000-4000-8000-00000000000" + std::to_string(i);
        r.createdAt = QDateTime(QDate(2026, 1, 1 + i), QTime(12, 0), QTimeZone::utc());
        r.label = "seed run " + std::to_string(i);
        r.appVersion = "0.1.0";
        r.modelName = "resnet18";
        r.modelPath = "resnet18.onnx";
        r.modelSha256 = std::string(64, 'a');
        r.archName = "sram-S";
        r.archJson = "{\"name\": \"sram-S\"}";
        r.archHash = std::string(64, 'b');
        r.batch = 1 + i;
        r.method = methods[i];
        r.objective = Objective::Latency;
        r.optionsJson = "{}";
        r.seed = static_cast<std::uint64_t>(i);
        r.cuts = {3, 7 + i};
        r.metrics[metric::kLatencyPerBatchNs] = 1000.0 * (i + 1);
        r.metrics[metric::kEnergyPerInferencePj] = 5.5;
        r.partitionsJson = "[]";
        r.convergence = {{0, 2.0, 3.0, 1, 4}, {1, 1.5, 2.0, 2, 3}};
        r.status = i == 2 ? RunStatus::Failed : RunStatus::Complete;
        r.notes = "note";
        r.tags = {"seed", "t" + std::to_string(i)};
        if (!store->insert(r, diagnostics).isValid()) {
            for (const Diagnostic& d : diagnostics.all())
                std::fprintf(stderr, "%s\n", formatDiagnostic(d).c_str());
            return 1;
        }
    }
    return 0;
}
