// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

class QTableWidget;

namespace compass::ui {

/// The explorer's main window: assembles panels, docks and actions.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);

    /// Opens an ONNX model; returns false (after telling the user) when it cannot be read.
    bool openModel(const QString& path);

private:
    void chooseModel();

    QTableWidget* m_layers = nullptr;
};

} // namespace compass::ui
