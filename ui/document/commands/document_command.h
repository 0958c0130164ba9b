// SPDX-License-Identifier: MIT
#pragma once

#include "ui/document/project_document.h"

#include <QUndoCommand>

#include <cstdint>
#include <vector>

namespace compass::ui {

/// Base of every undo command on the ProjectDocument: the one narrow door to the document's
/// restore mutators, which change its state without pushing anything (ProjectDocument makes
/// them private and befriends only this class). Commands are pushed by the document's edit
/// functions, which check the edit first; redo and undo then only restore values.
class DocumentCommand : public QUndoCommand
{
protected:
    explicit DocumentCommand(ProjectDocument* document);

    ProjectDocument* document() const { return m_document; }
    void restoreCuts(const std::vector<std::int32_t>& innerCuts);
    void restoreConfiguration(const DocumentConfiguration& configuration);
    DocumentConfiguration reconfigure(const ArchSpec& arch, const QString& presetName,
                                      std::int64_t batch);

private:
    ProjectDocument* m_document;
};

} // namespace compass::ui
