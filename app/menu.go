package app

import (
	goruntime "runtime"

	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Menu actions the front end carries out (frontend/src/lib/menuActions.ts
// routes each to its screen). The rest (Quit, the folders, diagnostics) the
// back end does itself.
const (
	MenuImport        = "import"
	MenuExport        = "export"
	MenuBackup        = "backup"
	MenuDensity       = "density"
	MenuDarkMode      = "dark-mode"
	MenuGuide         = "guide"
	MenuShortcuts     = "shortcuts"
	MenuAbout         = "about"
	MenuSettings      = "settings"
	MenuDiagnostics   = "diagnostics"
	MenuEditUndo      = "edit:undo"
	MenuEditRedo      = "edit:redo"
	MenuEditCut       = "edit:cut"
	MenuEditCopy      = "edit:copy"
	MenuEditPaste     = "edit:paste"
	MenuEditSelectAll = "edit:select-all"
)

// MenuActions lists every action the menu may send, for the front end's
// table to be checked against (app/menu_test.go).
func MenuActions() []string {
	return []string{MenuImport, MenuExport, MenuBackup, MenuDensity, MenuDarkMode, MenuGuide, MenuShortcuts,
		MenuAbout, MenuSettings, MenuDiagnostics, MenuEditUndo, MenuEditRedo, MenuEditCut, MenuEditCopy, MenuEditPaste, MenuEditSelectAll}
}

// Menu is the application menu: File, Edit, View, Help (and the macOS app
// menu). Built once, before the window; its callbacks reach the window
// through the context Startup stores.
func (a *App) Menu() *menu.Menu {
	emit := func(action string) menu.Callback {
		return func(*menu.CallbackData) {
			if a.started() {
				runtime.EventsEmit(a.context(), EventMenu, action)
			}
		}
	}
	m := menu.NewMenu()
	mac := goruntime.GOOS == "darwin"
	if mac {
		m.Append(menu.AppMenu())
	}
	file := m.AddSubmenu("File")
	file.AddText("Import…", nil, emit(MenuImport))
	file.AddText("Export…", nil, emit(MenuExport))
	file.AddText("Backup…", nil, emit(MenuBackup))
	file.AddSeparator()
	file.AddText("Settings", keys.CmdOrCtrl(","), emit(MenuSettings))
	file.AddSeparator()
	file.AddText("Close window (keep watching)", keys.CmdOrCtrl("w"), func(*menu.CallbackData) {
		if a.started() {
			a.BeforeClose(a.context())
		}
	})
	file.AddText("Quit Care Inbox", keys.CmdOrCtrl("q"), func(*menu.CallbackData) { a.Quit() })

	if mac {
		m.Append(menu.EditMenu()) // the system's own, with its shortcuts
	} else {
		// GTK and Windows have no edit role: these items ask the page, and
		// carry no shortcuts, which the web view already handles itself.
		edit := m.AddSubmenu("Edit")
		edit.AddText("Undo", nil, emit(MenuEditUndo))
		edit.AddText("Redo", nil, emit(MenuEditRedo))
		edit.AddSeparator()
		edit.AddText("Cut", nil, emit(MenuEditCut))
		edit.AddText("Copy", nil, emit(MenuEditCopy))
		edit.AddText("Paste", nil, emit(MenuEditPaste))
		edit.AddText("Select all", nil, emit(MenuEditSelectAll))
	}

	view := m.AddSubmenu("View")
	view.AddText("Compact or comfortable rows", nil, emit(MenuDensity))
	view.AddText("Dark mode", nil, emit(MenuDarkMode))

	help := m.AddSubmenu("Help")
	help.AddText("Best-practices guide", nil, emit(MenuGuide))
	help.AddText("Keyboard shortcuts", nil, emit(MenuShortcuts))
	help.AddSeparator()
	help.AddText("Open logs folder", nil, func(*menu.CallbackData) { a.menuErr(a.Desktop.OpenLogsFolder()) })
	help.AddText("Open data folder", nil, func(*menu.CallbackData) { a.menuErr(a.Desktop.OpenDataFolder()) })
	help.AddText("Copy diagnostics", nil, emit(MenuDiagnostics))
	help.AddSeparator()
	help.AddText("About Care Inbox", nil, emit(MenuAbout))
	return m
}

func (a *App) menuErr(err error) {
	if err != nil {
		a.cfg.Logger.Warn("menu action failed", "err", err)
	}
}
