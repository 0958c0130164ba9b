// SPDX-License-Identifier: MIT
#pragma once

#include "document_command.h"

#include <cstdint>

namespace compass::ui {

/// Adds a cut at a unit position (splits the partition holding it).
class AddCutCommand final : public DocumentCommand
{
public:
    AddCutCommand(ProjectDocument* document, std::int32_t position);

    void redo() override;
    void undo() override;

private:
    std::int32_t m_position;
};

} // namespace compass::ui
