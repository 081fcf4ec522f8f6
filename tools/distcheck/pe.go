// Package distcheck reads what `make dist` built the way Windows would: the
// PE headers, the version resource and the NSIS installer's header, so
// scripts/test-dist.sh can check them on Linux (cmd/ is its command line).
package distcheck

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf16"
)

// PE is what a check needs to know of a Windows executable.
type PE struct {
	PE32Plus  bool   // 64-bit optional header
	Machine   uint16 // pe.IMAGE_FILE_MACHINE_*
	GUI       bool   // subsystem WINDOWS_GUI: no console window opens
	HasIcon   bool   // an RT_GROUP_ICON resource
	FixedFile string // VS_FIXEDFILEINFO file version, "a.b.c.d"
	Strings   map[string]string
	NSIS      bool // the Nullsoft installer's first header follows the image
}

// Resource type ids (winuser.h).
const (
	rtGroupIcon = 14
	rtVersion   = 16
)

// ReadPE parses the executable at path.
func ReadPE(path string) (*PE, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	f, err := pe.NewFile(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("parse %s as PE: %w", path, err)
	}
	defer f.Close()
	out := &PE{Machine: f.Machine, Strings: map[string]string{}}
	switch oh := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		out.PE32Plus = true
		out.GUI = oh.Subsystem == pe.IMAGE_SUBSYSTEM_WINDOWS_GUI
	case *pe.OptionalHeader32:
		out.GUI = oh.Subsystem == pe.IMAGE_SUBSYSTEM_WINDOWS_GUI
	default:
		return nil, fmt.Errorf("%s: no optional header", path)
	}
	var imageEnd uint32
	for _, s := range f.Sections {
		if end := s.Offset + s.Size; end > imageEnd {
			imageEnd = end
		}
	}
	// NSIS appends its data after the image: flags, 0xDEADBEEF, "NullsoftInst".
	if i := bytes.Index(raw, append([]byte{0xEF, 0xBE, 0xAD, 0xDE}, "NullsoftInst"...)); i >= 0 && uint32(i) >= imageEnd {
		out.NSIS = true
	}
	rsrc := f.Section(".rsrc")
	if rsrc == nil {
		return out, nil
	}
	data, err := rsrc.Data()
	if err != nil {
		return nil, fmt.Errorf("%s: read .rsrc: %w", path, err)
	}
	res := resources{data: data, base: rsrc.VirtualAddress}
	if _, err := res.first(rtGroupIcon); err == nil {
		out.HasIcon = true
	}
	ver, err := res.first(rtVersion)
	if err != nil {
		return out, nil
	}
	if err := parseVersion(ver, out); err != nil {
		return nil, fmt.Errorf("%s: version resource: %w", path, err)
	}
	return out, nil
}

// resources walks a .rsrc section: type → name → language → data.
type resources struct {
	data []byte
	base uint32 // the section's virtual address (data entries hold RVAs)
}

var errNoResource = errors.New("no such resource")

// first returns the data of the first resource of type typ.
func (r resources) first(typ uint32) ([]byte, error) {
	off, err := r.entry(0, typ, true)
	if err != nil {
		return nil, err
	}
	for depth := 0; depth < 2; depth++ { // name, then language: take the first
		if off, err = r.entry(off, 0, false); err != nil {
			return nil, err
		}
	}
	if int(off)+8 > len(r.data) {
		return nil, io.ErrUnexpectedEOF
	}
	rva := binary.LittleEndian.Uint32(r.data[off:])
	size := binary.LittleEndian.Uint32(r.data[off+4:])
	start := int64(rva) - int64(r.base)
	if start < 0 || start+int64(size) > int64(len(r.data)) {
		return nil, fmt.Errorf("resource data at %#x+%d outside .rsrc", rva, size)
	}
	return r.data[start : start+int64(size)], nil
}

// entry finds, in the directory at off, the entry with id (or the first one
// when match is false) and returns where it points (high bit cleared).
func (r resources) entry(off, id uint32, match bool) (uint32, error) {
	if int(off)+16 > len(r.data) {
		return 0, io.ErrUnexpectedEOF
	}
	n := uint32(binary.LittleEndian.Uint16(r.data[off+12:])) + uint32(binary.LittleEndian.Uint16(r.data[off+14:]))
	for i := uint32(0); i < n; i++ {
		e := off + 16 + 8*i
		if int(e)+8 > len(r.data) {
			return 0, io.ErrUnexpectedEOF
		}
		name := binary.LittleEndian.Uint32(r.data[e:])
		if match && name != id {
			continue
		}
		return binary.LittleEndian.Uint32(r.data[e+4:]) &^ 0x80000000, nil
	}
	return 0, errNoResource
}

// parseVersion reads VS_VERSIONINFO: the fixed file version and the
// StringFileInfo values (ProductName, ProductVersion, …).
func parseVersion(b []byte, out *PE) error {
	key := utf16le("VS_VERSION_INFO")
	i := bytes.Index(b, key)
	if i < 0 {
		return errors.New("no VS_VERSION_INFO")
	}
	fixed := align4(i + len(key) + 2)
	if fixed+52 > len(b) || binary.LittleEndian.Uint32(b[fixed:]) != 0xFEEF04BD {
		return errors.New("no VS_FIXEDFILEINFO")
	}
	ms, ls := binary.LittleEndian.Uint32(b[fixed+8:]), binary.LittleEndian.Uint32(b[fixed+12:])
	out.FixedFile = fmt.Sprintf("%d.%d.%d.%d", ms>>16, ms&0xffff, ls>>16, ls&0xffff)
	for _, k := range []string{"ProductName", "ProductVersion", "FileVersion", "FileDescription", "CompanyName", "LegalCopyright"} {
		if v, ok := stringValue(b, k); ok {
			out.Strings[k] = v
		}
	}
	return nil
}

// stringValue finds a String block's key and reads the value after it: a
// String is wLength, wValueLength, wType, szKey, padding, Value.
func stringValue(b []byte, k string) (string, bool) {
	key := append(utf16le(k), 0, 0)
	for from := 0; ; {
		i := bytes.Index(b[from:], key)
		if i < 0 {
			return "", false
		}
		i += from
		from = i + 1
		if i < 6 || i%2 != 0 || binary.LittleEndian.Uint16(b[i-2:]) != 1 { // wType 1: text
			continue
		}
		valueLen := int(binary.LittleEndian.Uint16(b[i-4:])) // in characters, with the NUL
		v := align4(i + len(key))
		var chars []uint16
		for j := 0; j < valueLen && v+2*j+1 < len(b); j++ {
			c := binary.LittleEndian.Uint16(b[v+2*j:])
			if c == 0 {
				break
			}
			chars = append(chars, c)
		}
		return string(utf16.Decode(chars)), true
	}
}

func align4(n int) int { return (n + 3) &^ 3 }

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return b
}
