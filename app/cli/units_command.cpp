// SPDX-License-Identifier: MIT
#include "cli_common.h"

namespace compass::cli {

int runUnits(const QStringList& args)
{
    err() << "compass " << args.value(0) << ": not built yet\n";
    err().flush();
    return ExitUsage;
}

} // namespace compass::cli
