// SPDX-License-Identifier: MIT
#pragma once

#include "document_command.h"

#include <cstdint>
#include <vector>

namespace compass::ui {

/// Replaces the whole plan (an optimiser result, a baseline) in one undo step. Push it through
/// ProjectDocument::applyPlan, which checks the cuts first.
class ApplyPlanCommand final : public DocumentCommand
{
public:
    ApplyPlanCommand(ProjectDocument* document, std::vector<std::int32_t> before,
                     std::vector<std::int32_t> after, const QString& description);

    void redo() override;
    void undo() override;

private:
    std::vector<std::int32_t> m_before;
    std::vector<std::int32_t> m_after;
};

} // namespace compass::ui
