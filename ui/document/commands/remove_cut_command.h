// SPDX-License-Identifier: MIT
#pragma once

#include <QUndoCommand>

#include <cstdint>

namespace compass::ui {

class ProjectDocument;

/// Removes the cut at a unit position (merges the two partitions around it).
class RemoveCutCommand final : public QUndoCommand
{
public:
    RemoveCutCommand(ProjectDocument* document, std::int32_t position);

    void redo() override;
    void undo() override;

private:
    ProjectDocument* m_document;
    std::int32_t m_position;
};

} // namespace compass::ui
