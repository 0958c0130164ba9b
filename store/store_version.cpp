// SPDX-License-Identifier: MIT
// Placeholder translation unit so the library exists before the run store lands.
namespace compass::store {
int storeSchemaVersion()
{
    return 0;
}
} // namespace compass::store
