//go:build linux || freebsd || openbsd || netbsd

package autostart

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// path is $XDG_CONFIG_HOME/autostart/<id>.desktop (~/.config when unset).
func path(e Entry) (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the config directory: %w", err)
	}
	return filepath.Join(dir, "autostart", e.ID+".desktop"), nil
}

func enable(e Entry) error {
	p, err := path(e)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(p), err)
	}
	args := []string{execQuote(e.Exe)}
	for _, a := range e.Args {
		args = append(args, execQuote(a))
	}
	content := "[Desktop Entry]\nType=Application\nName=" + e.Name + "\nExec=" + strings.Join(args, " ") +
		"\nIcon=careinbox\nTerminal=false\nX-GNOME-Autostart-enabled=true\n"
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, p); err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	return nil
}

func disable(e Entry) error {
	p, err := path(e)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", p, err)
	}
	return nil
}

// enabled: the file is there and not switched off (Hidden=true, or GNOME's
// X-GNOME-Autostart-enabled=false, which a desktop's settings may write).
func enabled(e Entry) (bool, error) {
	p, err := path(e)
	if err != nil {
		return false, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read %s: %w", p, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		switch strings.ReplaceAll(strings.TrimSpace(sc.Text()), " ", "") {
		case "Hidden=true", "X-GNOME-Autostart-enabled=false":
			return false, nil
		}
	}
	return true, sc.Err()
}

// execQuote quotes one argument of a desktop entry's Exec key (Desktop Entry
// Specification, "The Exec key"): reserved characters need double quotes,
// and inside them ", `, $ and \ a backslash.
func execQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n\"'\\><~|&;$*?#()`%") {
		return s
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`", `$`, `\$`, `%`, `%%`)
	return `"` + r.Replace(s) + `"`
}
