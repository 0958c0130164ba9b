// SPDX-License-Identifier: MIT
#include "set_arch_parameter_command.h"

#include <QCoreApplication>

namespace compass::ui {

SetArchParameterCommand::SetArchParameterCommand(ProjectDocument* document, const QString& key,
                                                 const QString& value, ArchSpec next)
    : ConfigurationCommand(document, std::move(next), QString(), document->batchSize())
{
    setText(QCoreApplication::translate("SetArchParameterCommand", "Set %1 to %2").arg(key, value));
}

} // namespace compass::ui
