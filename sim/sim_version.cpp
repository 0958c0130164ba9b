// SPDX-License-Identifier: MIT
// Placeholder translation unit so the library exists before the estimator lands.
namespace compass::sim {
int simLibraryVersion()
{
    return 1;
}
} // namespace compass::sim
