// SPDX-License-Identifier: MIT
// The search flags are core's search-option fields (core/search/search_options_json.h): the
// same table names, parses and checks them for the command line, sweep specs and run records.
#include "search_options.h"

#include "cli_common.h"
#include "core/search/search_options_json.h"

namespace compass::cli {

namespace {

QString text(std::string_view view)
{
    return QString::fromUtf8(view.data(), static_cast<qsizetype>(view.size()));
}

/// The flag a diagnostic's JSON path names ("ga.elite" -> "--ga-elite").
QString flagOf(const std::string& path)
{
    const SearchOptionField* field = findSearchOptionField(path);
    return field && !field->flag.empty() ? "--" + text(field->flag) : QString::fromStdString(path);
}

} // namespace

void addSearchOptions(QCommandLineParser& parser, bool withMethod)
{
    // Defaults live in SearchOptions: a flag that is not given leaves its field alone.
    for (const SearchOptionField& field : searchOptionFields()) {
        if (field.flag.empty() || (!withMethod && field.path == "method"))
            continue;
        // A field without a value name is a switch (true when given).
        parser.addOption(
            QCommandLineOption(text(field.flag), text(field.description), text(field.valueName)));
    }
}

std::optional<SearchOptions> searchOptionsFromParser(const QCommandLineParser& parser,
                                                     const QString& command, bool withMethod,
                                                     const SearchOptions& base)
{
    SearchOptions options = base;
    DiagnosticList diagnostics;
    bool ok = true;
    for (const SearchOptionField& field : searchOptionFields()) {
        if (field.flag.empty() || (!withMethod && field.path == "method"))
            continue;
        const QString flag = text(field.flag);
        if (!parser.isSet(flag))
            continue;
        const std::string value =
            field.valueName.empty() ? std::string("true") : parser.value(flag).toStdString();
        ok = setSearchOptionFromText(options, field.path, value, diagnostics,
                                     {{}, {}, std::string(field.path), -1}) &&
             ok;
    }
    ok = ok && validateSearchOptions(options, diagnostics, {});
    if (ok)
        return options;
    const Diagnostic& first = diagnostics.all().front();
    usageError(command, flagOf(first.location.path) + ": " + QString::fromStdString(first.message));
    return std::nullopt;
}

} // namespace compass::cli
