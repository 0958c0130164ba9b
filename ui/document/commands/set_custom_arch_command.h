// SPDX-License-Identifier: MIT
#pragma once

#include "configuration_command.h"

namespace compass::ui {

/// Replaces the chip by an edited one: one field changed in the chip table, or a stored run's
/// custom chip. The preset name is dropped (the chip is now custom). `next` is the already
/// validated chip; `text` is the undo text ("Set dram.bandwidth_GBps to 25.6").
class SetCustomArchCommand final : public ConfigurationCommand
{
public:
    SetCustomArchCommand(ProjectDocument* document, ArchSpec next, const QString& text);
};

} // namespace compass::ui
