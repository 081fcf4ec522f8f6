// Command traywatcher is the desktop panel of scripts/test-background.sh,
// on the session bus it runs in (backend/tray/traytest):
//
//	traywatcher serve            be the StatusNotifierWatcher until SIGTERM;
//	                             prints "registered ITEM" / "unregistered ITEM"
//	traywatcher show             the registered item: its properties and menu
//	traywatcher click LABEL      click the menu item with this label
//	traywatcher activate         click the icon
//	traywatcher wait-gone        wait (up to 20 s) until no item is registered
//
// show, click and activate act on the one registered item; they fail when
// there is none.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/godbus/dbus/v5"

	"careinbox/backend/tray/traytest"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: traywatcher serve|show|click LABEL|activate|wait-gone")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "traywatcher:", err)
		os.Exit(1)
	}
}

func run(cmd string, args []string) error {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return fmt.Errorf("session bus: %w", err)
	}
	defer conn.Close()
	if cmd == "serve" {
		return serve(conn)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if cmd == "wait-gone" {
		return waitGone(ctx, conn)
	}
	item, err := registered(ctx, conn)
	if err != nil {
		return err
	}
	switch cmd {
	case "show":
		p, err := item.Props(ctx)
		if err != nil {
			return err
		}
		fmt.Printf("item %s%s\nid %s\ntitle %s\ntooltip %s\nstatus %s\nicon %s ok=%v\nitem-is-menu %v\n",
			item.Service, item.Path, p.ID, p.Title, p.Tooltip, p.Status, strings.Join(p.Icons, ","), p.IconOK, p.ItemIsMenu)
		menu, err := item.Menu(ctx, p.Menu)
		if err != nil {
			return err
		}
		for _, e := range menu {
			fmt.Println("menu", e)
		}
		return nil
	case "click":
		if len(args) != 1 {
			return errors.New("click needs the item's label")
		}
		p, err := item.Props(ctx)
		if err != nil {
			return err
		}
		return item.Click(ctx, p.Menu, args[0])
	case "activate":
		return item.Activate(ctx)
	}
	return fmt.Errorf("unknown command %q", cmd)
}

func serve(conn *dbus.Conn) error {
	w, err := traytest.NewWatcher(conn)
	if err != nil {
		return err
	}
	defer w.Close()
	fmt.Println("watcher ready")
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-stop; cancel() }()
	seen := map[string]bool{}
	for {
		items, err := w.Wait(ctx, func(items []string) bool { return !sameSet(items, seen) })
		if err != nil {
			return nil // stopped
		}
		now := map[string]bool{}
		for _, it := range items {
			now[it] = true
			if !seen[it] {
				fmt.Println("registered", it)
			}
		}
		for it := range seen {
			if !now[it] {
				fmt.Println("unregistered", it)
			}
		}
		seen = now
	}
}

func sameSet(items []string, set map[string]bool) bool {
	if len(items) != len(set) {
		return false
	}
	for _, it := range items {
		if !set[it] {
			return false
		}
	}
	return true
}

func watcherItems(ctx context.Context, conn *dbus.Conn) ([]string, error) {
	var v dbus.Variant
	err := conn.Object("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher").CallWithContext(ctx,
		"org.freedesktop.DBus.Properties.Get", 0, "org.kde.StatusNotifierWatcher", "RegisteredStatusNotifierItems").Store(&v)
	if err != nil {
		return nil, fmt.Errorf("ask the watcher: %w", err)
	}
	var items []string
	return items, v.Store(&items)
}

func registered(ctx context.Context, conn *dbus.Conn) (traytest.Item, error) {
	items, err := watcherItems(ctx, conn)
	if err != nil {
		return traytest.Item{}, err
	}
	if len(items) != 1 {
		return traytest.Item{}, fmt.Errorf("%d items registered, want 1: %q", len(items), items)
	}
	return traytest.ItemAt(conn, items[0]), nil
}

// waitGone waits for the watcher to list no item, following its signals.
func waitGone(ctx context.Context, conn *dbus.Conn) error {
	ch := make(chan *dbus.Signal, 16)
	if err := conn.AddMatchSignal(dbus.WithMatchInterface("org.kde.StatusNotifierWatcher")); err != nil {
		return err
	}
	conn.Signal(ch)
	for {
		items, err := watcherItems(ctx, conn)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("still registered: %q", items)
		}
	}
}
