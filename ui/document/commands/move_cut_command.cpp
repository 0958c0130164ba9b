// SPDX-License-Identifier: MIT
#include "move_cut_command.h"

#include "command_ids.h"

#include <QCoreApplication>

namespace compass::ui {

MoveCutCommand::MoveCutCommand(ProjectDocument* document, int cutIndex, std::int32_t from,
                               std::int32_t to, int dragId)
    : DocumentCommand(document)
    , m_cutIndex(cutIndex)
    , m_from(from)
    , m_to(to)
    , m_dragId(dragId)
{
    updateText();
}

void MoveCutCommand::redo()
{
    place(m_to);
}

void MoveCutCommand::undo()
{
    place(m_from);
}

int MoveCutCommand::id() const
{
    return m_dragId != 0 ? commandId(CommandId::MoveCut) : -1;
}

bool MoveCutCommand::mergeWith(const QUndoCommand* other)
{
    const auto* move = dynamic_cast<const MoveCutCommand*>(other);
    if (!move || move->m_dragId != m_dragId || move->m_cutIndex != m_cutIndex)
        return false;
    m_to = move->m_to;
    setObsolete(m_to == m_from); // dragged back to where it started: nothing to undo
    updateText();
    return true;
}

void MoveCutCommand::place(std::int32_t position)
{
    std::vector<std::int32_t> cuts = document()->innerCuts();
    const auto i = static_cast<std::size_t>(m_cutIndex);
    if (i < cuts.size())
        cuts[i] = position;
    restoreCuts(cuts);
}

void MoveCutCommand::updateText()
{
    setText(QCoreApplication::translate("MoveCutCommand", "Move cut from unit %1 to %2")
                .arg(m_from)
                .arg(m_to));
}

} // namespace compass::ui
