// SPDX-License-Identifier: MIT
#include "explorer_settings.h"

#include "store/run_store.h"

#include <algorithm>

namespace compass::ui {

namespace {

// The keys, here and nowhere else. They are what earlier versions wrote: keep them stable so
// an update keeps the user's preferences.
const QString kWindowGeometry = QStringLiteral("window/geometry");
const QString kWindowState = QStringLiteral("window/state");
const QString kLeftToRight = QStringLiteral("graph/leftToRight");
const QString kShowOverview = QStringLiteral("graph/overview");
const QString kFullNames = QStringLiteral("graph/fullNames");
const QString kEdgeShapes = QStringLiteral("graph/edgeShapes");
const QString kStripByLatency = QStringLiteral("strip/byLatency");
const QString kArchPreset = QStringLiteral("arch/preset");
const QString kBatchSize = QStringLiteral("arch/batch");
const QString kRunDatabase = QStringLiteral("history/database");
const QString kLastDirectory = QStringLiteral("lastDirectory");
const QString kRecentFiles = QStringLiteral("recentFiles");

} // namespace

QByteArray ExplorerSettings::windowGeometry() const
{
    return m_settings.value(kWindowGeometry).toByteArray();
}

void ExplorerSettings::setWindowGeometry(const QByteArray& geometry)
{
    m_settings.setValue(kWindowGeometry, geometry);
}

QByteArray ExplorerSettings::windowState() const
{
    return m_settings.value(kWindowState).toByteArray();
}

void ExplorerSettings::setWindowState(const QByteArray& state)
{
    m_settings.setValue(kWindowState, state);
}

bool ExplorerSettings::leftToRight() const
{
    return m_settings.value(kLeftToRight, false).toBool();
}

void ExplorerSettings::setLeftToRight(bool leftToRight)
{
    m_settings.setValue(kLeftToRight, leftToRight);
}

bool ExplorerSettings::showOverview() const
{
    return m_settings.value(kShowOverview, true).toBool();
}

void ExplorerSettings::setShowOverview(bool show)
{
    m_settings.setValue(kShowOverview, show);
}

bool ExplorerSettings::fullNames() const
{
    return m_settings.value(kFullNames, false).toBool();
}

void ExplorerSettings::setFullNames(bool fullNames)
{
    m_settings.setValue(kFullNames, fullNames);
}

bool ExplorerSettings::edgeShapes() const
{
    return m_settings.value(kEdgeShapes, false).toBool();
}

void ExplorerSettings::setEdgeShapes(bool edgeShapes)
{
    m_settings.setValue(kEdgeShapes, edgeShapes);
}

bool ExplorerSettings::stripByLatency() const
{
    return m_settings.value(kStripByLatency, false).toBool();
}

void ExplorerSettings::setStripByLatency(bool byLatency)
{
    m_settings.setValue(kStripByLatency, byLatency);
}

QString ExplorerSettings::archPreset() const
{
    return m_settings.value(kArchPreset).toString();
}

void ExplorerSettings::setArchPreset(const QString& preset)
{
    m_settings.setValue(kArchPreset, preset);
}

std::int64_t ExplorerSettings::batchSize() const
{
    return std::max<qlonglong>(1, m_settings.value(kBatchSize, 1).toLongLong());
}

void ExplorerSettings::setBatchSize(std::int64_t batch)
{
    m_settings.setValue(kBatchSize, static_cast<qlonglong>(batch));
}

QString ExplorerSettings::runDatabase() const
{
    return m_settings.value(kRunDatabase, defaultRunStorePath()).toString();
}

void ExplorerSettings::setRunDatabase(const QString& path)
{
    m_settings.setValue(kRunDatabase, path);
}

QString ExplorerSettings::lastDirectory() const
{
    return m_settings.value(kLastDirectory).toString();
}

void ExplorerSettings::setLastDirectory(const QString& directory)
{
    m_settings.setValue(kLastDirectory, directory);
}

QStringList ExplorerSettings::recentFiles() const
{
    return m_settings.value(kRecentFiles).toStringList();
}

void ExplorerSettings::setRecentFiles(const QStringList& files)
{
    if (files.isEmpty())
        m_settings.remove(kRecentFiles);
    else
        m_settings.setValue(kRecentFiles, files);
}

} // namespace compass::ui
