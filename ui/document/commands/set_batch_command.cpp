// SPDX-License-Identifier: MIT
#include "set_batch_command.h"

#include <QCoreApplication>

namespace compass::ui {

SetBatchCommand::SetBatchCommand(ProjectDocument* document, std::int64_t batch)
    : ConfigurationCommand(document, document->arch(), document->presetName(), batch)
{
    setText(QCoreApplication::translate("SetBatchCommand", "Set batch size to %1").arg(batch));
}

} // namespace compass::ui
