// SPDX-License-Identifier: MIT
#pragma once

#include "configuration_command.h"

namespace compass::ui {

/// Switches to a shipped chip preset (`spec` is the loaded, validated preset).
class SetArchPresetCommand final : public ConfigurationCommand
{
public:
    SetArchPresetCommand(ProjectDocument* document, const QString& preset, ArchSpec spec);
};

} // namespace compass::ui
