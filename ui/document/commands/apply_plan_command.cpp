// SPDX-License-Identifier: MIT
#include "apply_plan_command.h"

#include <QCoreApplication>

namespace compass::ui {

ApplyPlanCommand::ApplyPlanCommand(ProjectDocument* document, std::vector<std::int32_t> before,
                                   std::vector<std::int32_t> after, const QString& description)
    : DocumentCommand(document)
    , m_before(std::move(before))
    , m_after(std::move(after))
{
    setText(description.isEmpty() ? QCoreApplication::translate("ApplyPlanCommand", "Apply plan")
                                  : description);
}

void ApplyPlanCommand::redo()
{
    restoreCuts(m_after);
}

void ApplyPlanCommand::undo()
{
    restoreCuts(m_before);
}

} // namespace compass::ui
