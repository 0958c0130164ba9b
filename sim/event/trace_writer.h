// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

namespace compass {

struct Program;
struct EventSimResult;

/// The simulated execution in the Chrome trace-event JSON format (Perfetto, chrome://tracing):
/// {"traceEvents": [{"name", "cat", "ph": "X", "ts", "dur", "pid", "tid", "args"} ...],
/// "displayTimeUnit": "ns"}, times in microseconds. One process, one thread per core and
/// resource: "core N crossbars" (Mvmul), "core N VFU", "core N write", and shared "DRAM" and
/// "bus" tracks for transfers. Zero-time instructions (Recv, Sync) are left out. Needs the
/// result's per-instruction timings (EventSimOptions::recordTimings).
QByteArray chromeTraceJson(const Program& program, const EventSimResult& result);

} // namespace compass
