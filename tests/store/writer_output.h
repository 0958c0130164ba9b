// SPDX-License-Identifier: MIT
// Parses what compass_store_crash_writer printed: "committed <id> <uuid> <content-seed>".
#pragma once

#include <QByteArray>
#include <QList>

#include <cstdint>
#include <string>
#include <vector>

namespace compass::testing {

struct CommittedRun
{
    std::int32_t id = -1;
    std::string uuid;
    std::uint64_t contentSeed = 0;
};

/// Complete lines only: a line cut short by SIGKILL (no newline) is ignored.
inline std::vector<CommittedRun> parseCommitted(const QByteArray& output)
{
    std::vector<CommittedRun> runs;
    const qsizetype end = output.lastIndexOf('\n');
    if (end < 0)
        return runs;
    for (const QByteArray& line : output.left(end).split('\n')) {
        const QList<QByteArray> words = line.split(' ');
        if (words.size() != 4 || words[0] != "committed")
            continue;
        runs.push_back({words[1].toInt(), words[2].toStdString(), words[3].toULongLong()});
    }
    return runs;
}

} // namespace compass::testing
