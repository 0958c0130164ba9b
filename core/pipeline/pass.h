// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace compass {

class DiagnosticSink;
struct PipelineState;

/// One stage of the compiler pipeline (LLVM/MLIR style): a name (`crossbar-tiling`), a one-line
/// description, run(state, diagnostics), which reads earlier passes' products from the state and
/// sets its own, and dump(state), its product as stable, diffable text (--dump-after, golden
/// tests). Passes keep no state of their own: run() is const, so one pipeline may run on several
/// threads at once, each on its own PipelineState.
class Pass
{
public:
    virtual ~Pass() = default;
    virtual const char* name() const = 0;
    virtual const char* description() const = 0;
    /// Returns false after reporting an error (a missing product names the pass that makes it).
    virtual bool run(PipelineState& state, DiagnosticSink& diagnostics) const = 0;
    /// This pass's product in `state` as text; call after run() succeeded.
    virtual std::string dump(const PipelineState& state) const = 0;
};

} // namespace compass
