// SPDX-License-Identifier: MIT
#include "remove_cut_command.h"

#include "ui/document/project_document.h"

#include <QCoreApplication>

#include <algorithm>

namespace compass::ui {

RemoveCutCommand::RemoveCutCommand(ProjectDocument* document, std::int32_t position)
    : m_document(document)
    , m_position(position)
{
    setText(QCoreApplication::translate("RemoveCutCommand", "Remove cut at unit %1").arg(position));
}

void RemoveCutCommand::redo()
{
    std::vector<std::int32_t> cuts = m_document->innerCuts();
    std::erase(cuts, m_position);
    m_document->restoreCuts(cuts);
}

void RemoveCutCommand::undo()
{
    std::vector<std::int32_t> cuts = m_document->innerCuts();
    cuts.insert(std::upper_bound(cuts.begin(), cuts.end(), m_position), m_position);
    m_document->restoreCuts(cuts);
}

} // namespace compass::ui
