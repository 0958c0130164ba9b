// SPDX-License-Identifier: MIT
// compass_store_crash_writer DB [--count N] [--seed-base S]
// Inserts sample runs (tests/store/sample_runs.h) in a loop and prints
// "committed <id> <uuid> <content-seed>" after each commit. The crash and concurrency tests
// start it, kill it with SIGKILL at random moments (or let it finish), and then check that
// every run it reported is stored intact.
#include "core/support/diagnostics.h"
#include "sample_runs.h"
#include "store/run_store.h"

#include <QString>

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char* argv[])
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DB [--count N] [--seed-base S]\n", argv[0]);
        return 2;
    }
    long long count = -1;
    unsigned long long seedBase = 0;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--count")
            count = std::atoll(argv[i + 1]);
        else if (option == "--seed-base")
            seedBase = std::strtoull(argv[i + 1], nullptr, 10);
    }
    compass::DiagnosticList diagnostics;
    auto store = compass::RunStore::open(QString::fromLocal8Bit(argv[1]),
                                         compass::OpenMode::ReadWrite, diagnostics);
    if (!store) {
        for (const auto& d : diagnostics.all())
            std::fprintf(stderr, "%s\n", compass::formatDiagnostic(d).c_str());
        return 1;
    }
    for (long long i = 0; count < 0 || i < count; ++i) {
        const unsigned long long contentSeed = seedBase + static_cast<unsigned long long>(i);
        const compass::RunRecord record = compass::testing::makeSampleRun(contentSeed);
        const compass::RunId id = store->insert(record, diagnostics);
        if (!id.isValid()) {
            for (const auto& d : diagnostics.all())
                std::fprintf(stderr, "%s\n", compass::formatDiagnostic(d).c_str());
            return 1;
        }
        std::printf("committed %d %s %llu\n", id.value, record.uuid.c_str(), contentSeed);
        std::fflush(stdout);
    }
    return 0;
}
