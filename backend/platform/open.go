package platform

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
)

// OpenFolder shows a folder in the system's file manager (the logs folder,
// the data folder). The window's browser opener refuses file: links, so the
// desktop's own opener is started instead.
func OpenFolder(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("open folder: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("open folder: %s is not a folder", dir)
	}
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", dir)
	case "windows":
		cmd = exec.Command("explorer", dir)
	default:
		cmd = exec.Command("xdg-open", dir)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open folder %s: %w", dir, err)
	}
	go func() { _ = cmd.Wait() }() // reap it; explorer exits 1 even when it worked
	return nil
}
