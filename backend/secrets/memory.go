package secrets

import (
	"context"
	"fmt"
	"sync"
)

// Memory is an in-process Store for tests. It applies the same validation as
// Keyring so tests catch oversized values and empty keys.
type Memory struct {
	mu    sync.RWMutex
	items map[string]string
}

// NewMemory returns an empty Memory store.
func NewMemory() *Memory {
	return &Memory{items: make(map[string]string)}
}

var _ Store = (*Memory)(nil)

// Get implements Store.
func (m *Memory) Get(ctx context.Context, key string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("get %s: %w", key, err)
	}
	if err := checkKey(key); err != nil {
		return "", err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	v, ok := m.items[key]
	if !ok {
		return "", fmt.Errorf("get %s: %w", key, ErrNotFound)
	}
	return v, nil
}

// Set implements Store.
func (m *Memory) Set(ctx context.Context, key, value string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("set %s: %w", key, err)
	}
	if err := checkSet(key, value); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.items[key] = value
	return nil
}

// Delete implements Store.
func (m *Memory) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	if err := checkKey(key); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.items[key]; !ok {
		return fmt.Errorf("delete %s: %w", key, ErrNotFound)
	}
	delete(m.items, key)
	return nil
}

// Len reports how many secrets are stored, so tests can check nothing leaked.
func (m *Memory) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.items)
}
