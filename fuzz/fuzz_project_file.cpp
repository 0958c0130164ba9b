// SPDX-License-Identifier: MIT
// libFuzzer target: compass::parseProject on arbitrary bytes (a .compass file from anywhere). A
// rejected project must come with an error; an accepted one must survive projectToJson and
// parse back to the same fields.
#include "core/project/project_file.h"
#include "fuzz_check.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace compass;
    const std::string name = "fuzz.compass";
    DiagnosticList diagnostics;
    const std::optional<ProjectFile> project =
        parseProject(QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)),
                     name, diagnostics);
    if (!project) {
        fuzz::check(diagnostics.hasErrors(), "rejected project without an error diagnostic");
        for (const Diagnostic& d : diagnostics.all())
            fuzz::check(d.severity != Severity::Error || !d.message.empty(),
                        "error diagnostic with an empty message");
        return 0;
    }
    fuzz::check(!diagnostics.hasErrors(), "project accepted but an error was reported");
    fuzz::check(project->batch >= 1, "accepted a batch below 1");
    for (std::size_t i = 1; i < project->innerCuts.size(); ++i)
        fuzz::check(project->innerCuts[i - 1] < project->innerCuts[i], "cuts not increasing");

    DiagnosticList again;
    const std::optional<ProjectFile> reparsed = parseProject(projectToJson(*project), name, again);
    fuzz::check(reparsed.has_value(), "the JSON of an accepted project is rejected");
    fuzz::check(reparsed->arch == project->arch, "round trip changes the chip");
    fuzz::check(reparsed->innerCuts == project->innerCuts, "round trip changes the cuts");
    fuzz::check(reparsed->batch == project->batch, "round trip changes the batch");
    fuzz::check(reparsed->view == project->view, "round trip changes the view");
    fuzz::check(reparsed->modelPath == project->modelPath, "round trip changes the model path");
    fuzz::check(projectToJson(*reparsed) == projectToJson(*project), "JSON is not stable");
    return 0;
}
