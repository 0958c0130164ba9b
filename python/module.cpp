// SPDX-License-Identifier: MIT
// compass._compass: the native half of the Python package (python/compass/__init__.py is the
// public face: it turns the JSON results into Report dicts and handles keyword arguments).
#include "app/version.h"
#include "py_common.h"
#include "py_errors.h"

#include <pybind11/pybind11.h>

PYBIND11_MODULE(_compass, m)
{
    m.doc() = "COMPASS native bindings; use the compass package.";
    m.attr("__version__") = COMPASS_VERSION;
    m.attr("version_text") = COMPASS_VERSION_TEXT;
    compass::python::registerErrors(m);
    compass::python::bindInputs(m);
    compass::python::bindRuns(m);
    compass::python::bindStore(m);
}
