// SPDX-License-Identifier: MIT
#include "examples_menu.h"

#include "core/support/resource_paths.h"

#include <QMenu>

namespace compass::ui {

ExamplesMenu::ExamplesMenu(QMenu* menu, QObject* parent)
    : QObject(parent)
    , m_menu(menu)
{
    connect(m_menu, &QMenu::aboutToShow, this, &ExamplesMenu::rebuild);
    rebuild();
}

bool ExamplesMenu::open(const QString& name)
{
    rebuild();
    for (QAction* action : m_menu->actions()) {
        if (action->text() == name) {
            action->trigger();
            return true;
        }
    }
    return false;
}

void ExamplesMenu::rebuild()
{
    m_menu->clear();
    const std::vector<std::string> names = bundledModelNames();
    const std::filesystem::path models = resourceDir() / "models";
    for (const std::string& name : names) {
        const QString path = QString::fromStdString((models / (name + ".onnx")).string());
        m_menu->addAction(QString::fromStdString(name), this,
                          [this, path] { emit fileRequested(path); });
    }
    if (names.empty())
        m_menu->addAction(tr("(no bundled networks found)"))->setEnabled(false);
}

} // namespace compass::ui
