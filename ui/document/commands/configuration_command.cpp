// SPDX-License-Identifier: MIT
#include "configuration_command.h"

namespace compass::ui {

ConfigurationCommand::ConfigurationCommand(ProjectDocument* document, ArchSpec arch,
                                           QString presetName, std::int64_t batch)
    : m_document(document)
    , m_before(document->configuration())
    , m_arch(std::move(arch))
    , m_presetName(std::move(presetName))
    , m_batch(batch)
{}

void ConfigurationCommand::redo()
{
    if (m_after)
        m_document->restoreConfiguration(*m_after);
    else
        m_after = m_document->reconfigure(m_arch, m_presetName, m_batch);
}

void ConfigurationCommand::undo()
{
    m_document->restoreConfiguration(m_before);
}

} // namespace compass::ui
