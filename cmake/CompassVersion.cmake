# SPDX-License-Identifier: MIT
# The git commit is baked in at configure time so `compass --version` can name its build.
find_package(Git QUIET)
set(COMPASS_GIT_COMMIT "unknown")
if(GIT_FOUND AND EXISTS "${CMAKE_SOURCE_DIR}/.git")
    execute_process(COMMAND "${GIT_EXECUTABLE}" rev-parse --short=12 HEAD
        WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}"
        OUTPUT_VARIABLE _compass_commit OUTPUT_STRIP_TRAILING_WHITESPACE
        ERROR_QUIET RESULT_VARIABLE _compass_git_rc)
    if(_compass_git_rc EQUAL 0 AND _compass_commit)
        set(COMPASS_GIT_COMMIT "${_compass_commit}")
    endif()
endif()
