# SPDX-License-Identifier: MIT
# Writes the compass(1) man page from the program's own --help texts, so the page never goes
# stale. Usage: cmake -DCOMPASS=path/to/compass -DOUT=compass.1 -DVERSION=x -P gen_manpage.cmake
function(troff_escape in out)
    string(REPLACE "\\" "\\e" s "${in}")
    string(REGEX REPLACE "(^|\n)\\." "\\1\\\\&." s "${s}")
    string(REGEX REPLACE "(^|\n)'" "\\1\\\\&'" s "${s}")
    set(${out} "${s}" PARENT_SCOPE)
endfunction()

execute_process(COMMAND "${COMPASS}" --help OUTPUT_VARIABLE main_help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "compass --help failed: ${rc}")
endif()
troff_escape("${main_help}" main_help_esc)

set(page ".TH COMPASS 1 \"\" \"compass ${VERSION}\" \"User Commands\"\n")
string(APPEND page ".SH NAME\ncompass \\- compiler and design-space explorer for crossbar PIM accelerators\n")
string(APPEND page ".SH SYNOPSIS\n.B compass\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n")
string(APPEND page ".SH DESCRIPTION\n.nf\n${main_help_esc}\n.fi\n")
string(APPEND page ".SH COMMANDS\n")

# Sub-commands are the indented words after "Commands:" in the main help.
string(REGEX MATCH "Commands:\n(.*)\n\nOptions:" _ "${main_help}")
set(commands_block "${CMAKE_MATCH_1}")
string(REGEX MATCHALL "\n?  ([a-z][a-z-]*) " command_lines "\n${commands_block}")
foreach(line IN LISTS command_lines)
    string(STRIP "${line}" cmd)
    execute_process(COMMAND "${COMPASS}" ${cmd} --help OUTPUT_VARIABLE cmd_help RESULT_VARIABLE rc)
    if(rc EQUAL 0)
        troff_escape("${cmd_help}" cmd_help_esc)
        string(APPEND page ".SS ${cmd}\n.nf\n${cmd_help_esc}\n.fi\n")
    endif()
endforeach()

string(APPEND page ".SH EXIT STATUS\n0 on success, 1 on bad input (diagnostics on standard error), 2 on bad usage.\n")
string(APPEND page ".SH FILES\n.TP\n/usr/share/compass/models\nBundled networks (ONNX, weights stripped).\n.TP\n/usr/share/compass/arch\nChip presets (JSON).\n")
string(APPEND page ".SH SEE ALSO\n.BR compass-explorer (1)\n")
file(WRITE "${OUT}" "${page}")
