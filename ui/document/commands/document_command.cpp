// SPDX-License-Identifier: MIT
#include "document_command.h"

namespace compass::ui {

DocumentCommand::DocumentCommand(ProjectDocument* document)
    : m_document(document)
{}

void DocumentCommand::restoreCuts(const std::vector<std::int32_t>& innerCuts)
{
    m_document->restoreCuts(innerCuts);
}

void DocumentCommand::restoreConfiguration(const DocumentConfiguration& configuration)
{
    m_document->restoreConfiguration(configuration);
}

DocumentConfiguration DocumentCommand::reconfigure(const ArchSpec& arch, const QString& presetName,
                                                   std::int64_t batch)
{
    return m_document->reconfigure(arch, presetName, batch);
}

} // namespace compass::ui
