package backend_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// importGraph maps each of our packages (by import path) to the packages of
// ours its non-test files import, read from the whole module.
func importGraph(t *testing.T) map[string][]string {
	t.Helper()
	fset := token.NewFileSet()
	graph := map[string][]string{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != ".." && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "frontend" || name == "build") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("..", filepath.Dir(path))
		pkg := "careinbox"
		if rel != "." {
			pkg += "/" + filepath.ToSlash(rel)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(p, "careinbox/") {
				graph[pkg] = append(graph[pkg], p)
			}
		}
		if _, ok := graph[pkg]; !ok {
			graph[pkg] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return graph
}

// The bound layer reaches networks only through services the composition
// root hands it: no package it depends on, however indirectly, is a network.
func TestAppDependsOnNoNetwork(t *testing.T) {
	graph := importGraph(t)
	if _, ok := graph["careinbox/app"]; !ok {
		t.Fatal("package app not found")
	}
	seen := map[string]string{} // package → the package that pulled it in
	var walk func(pkg string)
	walk = func(pkg string) {
		for _, dep := range graph[pkg] {
			if _, ok := seen[dep]; ok {
				continue
			}
			seen[dep] = pkg
			walk(dep)
		}
	}
	walk("careinbox/app")
	var bad []string
	for dep, via := range seen {
		if strings.HasPrefix(dep, "careinbox/backend/connector/") {
			bad = append(bad, dep+" (via "+via+")")
		}
		if dep == "careinbox/backend/core" || dep == "careinbox/backend/cli" {
			bad = append(bad, dep+" (via "+via+"): app is wired by main, it does not wire")
		}
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Errorf("app depends on %s", b)
	}
}

// The root holds main.go and nothing else in Go (DESIGN.md's layout).
func TestRootHoldsOnlyMain(t *testing.T) {
	files, err := filepath.Glob("../*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if filepath.Base(f) != "main.go" {
			t.Errorf("%s: the root holds main.go only; move it into a package", filepath.Base(f))
		}
	}
	if _, err := os.Stat("../careinbox"); err == nil {
		t.Log("a built binary lies at the root: .gitignore keeps it out of git")
	}
}
