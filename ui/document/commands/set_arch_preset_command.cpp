// SPDX-License-Identifier: MIT
#include "set_arch_preset_command.h"

#include <QCoreApplication>

namespace compass::ui {

SetArchPresetCommand::SetArchPresetCommand(ProjectDocument* document, const QString& preset,
                                           ArchSpec spec)
    : ConfigurationCommand(document, std::move(spec), preset, document->batchSize())
{
    setText(QCoreApplication::translate("SetArchPresetCommand", "Use chip %1").arg(preset));
}

} // namespace compass::ui
