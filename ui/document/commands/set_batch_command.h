// SPDX-License-Identifier: MIT
#pragma once

#include "configuration_command.h"

namespace compass::ui {

/// Changes the batch size (inputs per partition run). Units do not change, so the cuts stay.
class SetBatchCommand final : public ConfigurationCommand
{
public:
    SetBatchCommand(ProjectDocument* document, std::int64_t batch);
};

} // namespace compass::ui
