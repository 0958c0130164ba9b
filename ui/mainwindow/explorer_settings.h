// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace compass::ui {

/// The explorer's preferences, one typed accessor each, stored in QSettings (the application's
/// organisation and name) under keys that only explorer_settings.cpp spells. A read of a
/// preference never written gives its default, stated at the accessor. Not thread-safe: use
/// it on the GUI thread; construct one where needed (QSettings is cheap and shared).
class ExplorerSettings
{
public:
    ExplorerSettings() = default;

    /// Window geometry and dock layout (QMainWindow::saveGeometry / saveState); empty at first.
    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);

    /// Graph laid out left to right (default false: top to bottom).
    bool leftToRight() const;
    void setLeftToRight(bool leftToRight);
    /// Mini overview shown over the graph (default true).
    bool showOverview() const;
    void setShowOverview(bool show);
    /// Graph nodes titled by their full names instead of op types (default false).
    bool fullNames() const;
    void setFullNames(bool fullNames);
    /// Edges labelled with their tensors' shapes (default false).
    bool edgeShapes() const;
    void setEdgeShapes(bool edgeShapes);
    /// Partition strip sized by latency instead of crossbars (default false).
    bool stripByLatency() const;
    void setStripByLatency(bool byLatency);

    /// The chip preset last used (default empty: the document's default preset).
    QString archPreset() const;
    void setArchPreset(const QString& preset);
    /// The batch size last used (default 1; values below 1 read as 1).
    std::int64_t batchSize() const;
    void setBatchSize(std::int64_t batch);

    /// The run database the history shows (default: defaultRunStorePath()).
    QString runDatabase() const;
    void setRunDatabase(const QString& path);
    /// The folder File ▸ Open starts in (default empty: the dialog's choice).
    QString lastDirectory() const;
    void setLastDirectory(const QString& directory);
    /// Recently opened files, newest first (default empty).
    QStringList recentFiles() const;
    void setRecentFiles(const QStringList& files);

private:
    QSettings m_settings;
};

} // namespace compass::ui
