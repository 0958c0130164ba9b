// SPDX-License-Identifier: MIT
#pragma once

#include <QUndoCommand>

#include <cstdint>

namespace compass::ui {

class ProjectDocument;

/// Adds a cut at a unit position (splits the partition holding it).
class AddCutCommand final : public QUndoCommand
{
public:
    AddCutCommand(ProjectDocument* document, std::int32_t position);

    void redo() override;
    void undo() override;

private:
    ProjectDocument* m_document;
    std::int32_t m_position;
};

} // namespace compass::ui
