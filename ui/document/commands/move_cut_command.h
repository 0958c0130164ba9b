// SPDX-License-Identifier: MIT
#pragma once

#include "document_command.h"

#include <cstdint>

namespace compass::ui {

/// Moves one inner cut. Moves of the same cut with the same non-zero drag id merge, so a whole
/// boundary drag is one undo step; a drag back to where it started leaves no step at all.
class MoveCutCommand final : public DocumentCommand
{
public:
    MoveCutCommand(ProjectDocument* document, int cutIndex, std::int32_t from, std::int32_t to,
                   int dragId);

    void redo() override;
    void undo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

    int cutIndex() const { return m_cutIndex; }
    std::int32_t from() const { return m_from; }
    std::int32_t to() const { return m_to; }

private:
    void place(std::int32_t position);
    void updateText();

    int m_cutIndex;
    std::int32_t m_from;
    std::int32_t m_to;
    int m_dragId;
};

} // namespace compass::ui
