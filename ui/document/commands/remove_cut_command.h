// SPDX-License-Identifier: MIT
#pragma once

#include "document_command.h"

#include <cstdint>

namespace compass::ui {

/// Removes the cut at a unit position (merges the two partitions around it).
class RemoveCutCommand final : public DocumentCommand
{
public:
    RemoveCutCommand(ProjectDocument* document, std::int32_t position);

    void redo() override;
    void undo() override;

private:
    std::int32_t m_position;
};

} // namespace compass::ui
