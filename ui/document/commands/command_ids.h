// SPDX-License-Identifier: MIT
#pragma once

namespace compass::ui {

/// QUndoCommand::id() values of the document's commands. Only commands with an id can merge;
/// every merge rule is listed here so they cannot collide.
enum class CommandId : int
{
    /// MoveCutCommand: successive moves of the same cut in the same drag (same drag id) merge
    /// into one undo step; a drag that ends where it started becomes obsolete and vanishes.
    MoveCut = 1,
};

constexpr int commandId(CommandId id)
{
    return static_cast<int>(id);
}

} // namespace compass::ui
