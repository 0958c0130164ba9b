// SPDX-License-Identifier: MIT
#include "configuration_command.h"

namespace compass::ui {

ConfigurationCommand::ConfigurationCommand(ProjectDocument* document, ArchSpec arch,
                                           QString presetName, std::int64_t batch)
    : DocumentCommand(document)
    , m_before(document->configuration())
    , m_arch(std::move(arch))
    , m_presetName(std::move(presetName))
    , m_batch(batch)
{}

void ConfigurationCommand::redo()
{
    if (m_after)
        restoreConfiguration(*m_after);
    else
        m_after = reconfigure(m_arch, m_presetName, m_batch);
}

void ConfigurationCommand::undo()
{
    restoreConfiguration(m_before);
}

} // namespace compass::ui
