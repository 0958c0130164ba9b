// SPDX-License-Identifier: MIT
#include "apply_plan_command.h"

#include "ui/document/project_document.h"

#include <QCoreApplication>

namespace compass::ui {

ApplyPlanCommand::ApplyPlanCommand(ProjectDocument* document, std::vector<std::int32_t> before,
                                   std::vector<std::int32_t> after, const QString& description)
    : m_document(document)
    , m_before(std::move(before))
    , m_after(std::move(after))
{
    setText(description.isEmpty() ? QCoreApplication::translate("ApplyPlanCommand", "Apply plan")
                                  : description);
}

void ApplyPlanCommand::redo()
{
    m_document->restoreCuts(m_after);
}

void ApplyPlanCommand::undo()
{
    m_document->restoreCuts(m_before);
}

} // namespace compass::ui
