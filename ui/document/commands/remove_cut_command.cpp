// SPDX-License-Identifier: MIT
#include "remove_cut_command.h"

#include <QCoreApplication>

#include <algorithm>

namespace compass::ui {

RemoveCutCommand::RemoveCutCommand(ProjectDocument* document, std::int32_t position)
    : DocumentCommand(document)
    , m_position(position)
{
    setText(QCoreApplication::translate("RemoveCutCommand", "Remove cut at unit %1").arg(position));
}

void RemoveCutCommand::redo()
{
    std::vector<std::int32_t> cuts = document()->innerCuts();
    std::erase(cuts, m_position);
    restoreCuts(cuts);
}

void RemoveCutCommand::undo()
{
    std::vector<std::int32_t> cuts = document()->innerCuts();
    cuts.insert(std::upper_bound(cuts.begin(), cuts.end(), m_position), m_position);
    restoreCuts(cuts);
}

} // namespace compass::ui
