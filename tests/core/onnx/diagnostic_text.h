// SPDX-License-Identifier: MIT
#pragma once
// Every diagnostic of a list as the CLI prints it, one per line: the message a failed import
// check shows. Shared by the ONNX tests (no protobuf here, unlike onnx_model_builder.h).

#include "core/support/diagnostics.h"

#include <string>

namespace compass::test {

inline std::string allMessages(const DiagnosticList& diagnostics)
{
    std::string s;
    for (const Diagnostic& d : diagnostics.all())
        s += formatDiagnostic(d) + "\n";
    return s;
}

} // namespace compass::test
