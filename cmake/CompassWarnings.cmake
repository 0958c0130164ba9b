# SPDX-License-Identifier: MIT
# compass::warnings carries the project's warning flags; every first-party target links it.
add_library(compass_warnings INTERFACE)
add_library(compass::warnings ALIAS compass_warnings)
target_compile_options(compass_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wconversion -Wsign-conversion -Wdouble-promotion
    -Wformat=2 -Wimplicit-fallthrough -Wmisleading-indentation -Wduplicated-cond
    -Wlogical-op)
if(COMPASS_WERROR)
    target_compile_options(compass_warnings INTERFACE -Werror)
endif()

if(COMPASS_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                        -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
endif()

# Third-party headers (protobuf, Qt, Graphviz) are included as SYSTEM so their warnings
# do not drown ours; CMake does this for imported targets by default.
