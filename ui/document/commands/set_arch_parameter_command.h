// SPDX-License-Identifier: MIT
#pragma once

#include "configuration_command.h"

namespace compass::ui {

/// Changes one chip parameter (the preset name is dropped: the chip is now custom). `next` is
/// the already validated chip with the change applied.
class SetArchParameterCommand final : public ConfigurationCommand
{
public:
    SetArchParameterCommand(ProjectDocument* document, const QString& key, const QString& value,
                            ArchSpec next);
};

} // namespace compass::ui
