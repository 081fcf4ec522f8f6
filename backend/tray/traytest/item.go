package traytest

import (
	"context"
	"fmt"
	"strings"

	"github.com/godbus/dbus/v5"
)

const (
	itemIface = "org.kde.StatusNotifierItem"
	menuIface = "com.canonical.dbusmenu"
)

// Item is a registered item as a panel sees it.
type Item struct {
	conn    *dbus.Conn
	Service string
	Path    dbus.ObjectPath
}

// ItemAt is the item a watcher lists as "busname/path".
func ItemAt(conn *dbus.Conn, registered string) Item {
	service, path, _ := strings.Cut(registered, "/")
	return Item{conn: conn, Service: service, Path: dbus.ObjectPath("/" + path)}
}

// Props is what a panel reads to draw the item.
type Props struct {
	ID, Title, Tooltip string
	Status             string
	ItemIsMenu         bool
	Menu               dbus.ObjectPath
	// Icons lists the sizes of IconPixmap; IconOK says each has width ×
	// height × 4 bytes of ARGB and some pixel is not transparent.
	Icons  []string
	IconOK bool
}

type pixmap struct {
	W, H int32
	Pix  []byte
}

// Props reads the item's properties (org.freedesktop.DBus.Properties.GetAll).
func (it Item) Props(ctx context.Context) (Props, error) {
	var all map[string]dbus.Variant
	err := it.conn.Object(it.Service, it.Path).CallWithContext(ctx, "org.freedesktop.DBus.Properties.GetAll", 0, itemIface).Store(&all)
	if err != nil {
		return Props{}, fmt.Errorf("read the item's properties: %w", err)
	}
	var p Props
	_ = all["Id"].Store(&p.ID)
	_ = all["Title"].Store(&p.Title)
	_ = all["Status"].Store(&p.Status)
	_ = all["ItemIsMenu"].Store(&p.ItemIsMenu)
	_ = all["Menu"].Store(&p.Menu)
	var tip struct {
		Name  string
		Icons []pixmap
		Title string
		Text  string
	}
	if err := all["ToolTip"].Store(&tip); err == nil {
		p.Tooltip = tip.Title
	}
	var icons []pixmap
	if err := all["IconPixmap"].Store(&icons); err != nil {
		return p, fmt.Errorf("read IconPixmap: %w", err)
	}
	p.IconOK = len(icons) > 0
	for _, ic := range icons {
		p.Icons = append(p.Icons, fmt.Sprintf("%dx%d", ic.W, ic.H))
		opaque := false
		for i := 0; i < len(ic.Pix); i += 4 {
			opaque = opaque || ic.Pix[i] != 0
		}
		p.IconOK = p.IconOK && ic.W > 0 && ic.H > 0 && len(ic.Pix) == int(ic.W*ic.H*4) && opaque
	}
	return p, nil
}

// Activate is a click on the icon.
func (it Item) Activate(ctx context.Context) error {
	return it.conn.Object(it.Service, it.Path).CallWithContext(ctx, itemIface+".Activate", 0, int32(0), int32(0)).Err
}

// Entry is one item of the menu.
type Entry struct {
	ID        int32
	Label     string
	Enabled   bool
	Separator bool
}

func (e Entry) String() string {
	switch {
	case e.Separator:
		return "----"
	case !e.Enabled:
		return "(" + e.Label + ")"
	}
	return e.Label
}

// Menu reads the menu's top level (com.canonical.dbusmenu.GetLayout).
func (it Item) Menu(ctx context.Context, menu dbus.ObjectPath) ([]Entry, error) {
	var rev uint32
	var root struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	err := it.conn.Object(it.Service, menu).CallWithContext(ctx, menuIface+".GetLayout", 0, int32(0), int32(-1), []string{}).Store(&rev, &root)
	if err != nil {
		return nil, fmt.Errorf("read the menu: %w", err)
	}
	var out []Entry
	for _, c := range root.Children {
		fields, ok := c.Value().([]any)
		if !ok || len(fields) < 2 {
			return nil, fmt.Errorf("menu item of type %s", c.Signature())
		}
		id, _ := fields[0].(int32)
		props, _ := fields[1].(map[string]dbus.Variant)
		e := Entry{ID: id, Enabled: true}
		if v, ok := props["label"]; ok {
			_ = v.Store(&e.Label)
		}
		if v, ok := props["enabled"]; ok {
			_ = v.Store(&e.Enabled)
		}
		if v, ok := props["visible"]; ok {
			var visible bool
			if v.Store(&visible) == nil && !visible {
				continue
			}
		}
		if v, ok := props["type"]; ok {
			var typ string
			_ = v.Store(&typ)
			e.Separator = typ == "separator"
		}
		out = append(out, e)
	}
	return out, nil
}

// WaitMenu returns the menu once ok accepts it, re-reading it each time the
// item says its menu changed, or ctx's error.
func (it Item) WaitMenu(ctx context.Context, menu dbus.ObjectPath, ok func([]Entry) bool) ([]Entry, error) {
	ch := make(chan *dbus.Signal, 16)
	if err := it.conn.AddMatchSignal(dbus.WithMatchSender(it.Service), dbus.WithMatchObjectPath(menu), dbus.WithMatchInterface(menuIface)); err != nil {
		return nil, fmt.Errorf("watch the menu: %w", err)
	}
	it.conn.Signal(ch)
	defer it.conn.RemoveSignal(ch)
	for {
		entries, err := it.Menu(ctx, menu)
		if err != nil {
			return nil, err
		}
		if ok(entries) {
			return entries, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return entries, fmt.Errorf("menu %v: %w", entries, ctx.Err())
		}
	}
}

// Click sends "clicked" to the menu item with this label, as a panel does.
func (it Item) Click(ctx context.Context, menu dbus.ObjectPath, label string) error {
	entries, err := it.Menu(ctx, menu)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Label == label {
			return it.conn.Object(it.Service, menu).CallWithContext(ctx, menuIface+".Event", 0,
				e.ID, "clicked", dbus.MakeVariant(int32(0)), uint32(0)).Err
		}
	}
	return fmt.Errorf("no menu item %q in %v", label, entries)
}
