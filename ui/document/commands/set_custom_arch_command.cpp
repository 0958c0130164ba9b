// SPDX-License-Identifier: MIT
#include "set_custom_arch_command.h"

namespace compass::ui {

SetCustomArchCommand::SetCustomArchCommand(ProjectDocument* document, ArchSpec next,
                                           const QString& text)
    : ConfigurationCommand(document, std::move(next), QString(), document->batchSize())
{
    setText(text);
}

} // namespace compass::ui
