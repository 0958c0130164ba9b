// SPDX-License-Identifier: MIT
#pragma once

#include "core/arch/arch_spec.h"
#include "document_command.h"

#include <optional>

namespace compass::ui {

/// Base of the chip and batch edits: keeps the whole configuration (chip, preset, batch, cuts)
/// before the edit and, after the first redo, the configuration it produced (the cuts carried
/// across to the new unit table, or the greedy plan), so undo and redo restore both exactly.
class ConfigurationCommand : public DocumentCommand
{
public:
    void redo() override;
    void undo() override;

protected:
    ConfigurationCommand(ProjectDocument* document, ArchSpec arch, QString presetName,
                         std::int64_t batch);

private:
    DocumentConfiguration m_before;
    ArchSpec m_arch;
    QString m_presetName;
    std::int64_t m_batch;
    std::optional<DocumentConfiguration> m_after;
};

} // namespace compass::ui
