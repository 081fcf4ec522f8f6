package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"time"

	"careinbox/backend/store"
)

// triageStore is the part of the store the TriageAPI uses: tags, saved views, unread and snoozes.
type triageStore interface {
	DeleteView(ctx context.Context, id int64) error
	SaveView(ctx context.Context, name, filter string, now time.Time) (store.SavedView, error)
	SetUnread(ctx context.Context, ids []int64, unread bool) error
	TagCounts(ctx context.Context) ([]store.TagCount, error)
	TagMany(ctx context.Context, ids []int64, name string) error
	UntagMany(ctx context.Context, ids []int64, name string) error
	Views(ctx context.Context) ([]store.SavedView, error)
	WakeSnoozed(ctx context.Context, now time.Time) ([]int64, error)
}

// TriageAPI is bound to the front end: bulk actions on a selection, tags,
// read/unread and saved views. Statuses are set through InboxAPI.SetStatus.
type TriageAPI struct {
	ctx   func() context.Context
	store triageStore
	log   *slog.Logger
	now   func() time.Time
}

// TagDTO is a tag with how many conversations carry it.
type TagDTO struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	Color         string `json:"color"`
	Conversations int    `json:"conversations"`
}

// SavedViewDTO is a named filter.
type SavedViewDTO struct {
	ID     int64     `json:"id"`
	Name   string    `json:"name"`
	Filter FilterDTO `json:"filter"`
}

// Tag attaches a tag to every conversation in ids (the tag is created if new).
func (a *TriageAPI) Tag(ids []int64, name string) error {
	if strings.TrimSpace(name) == "" {
		return invalid("the tag name is empty")
	}
	return toAPIError(a.store.TagMany(a.ctx(), ids, name))
}

// Untag removes a tag from every conversation in ids.
func (a *TriageAPI) Untag(ids []int64, name string) error {
	return toAPIError(a.store.UntagMany(a.ctx(), ids, name))
}

// SetUnread marks conversations unread or read.
func (a *TriageAPI) SetUnread(ids []int64, unread bool) error {
	return toAPIError(a.store.SetUnread(a.ctx(), ids, unread))
}

// Tags lists every tag with its use count.
func (a *TriageAPI) Tags() ([]TagDTO, error) {
	tags, err := a.store.TagCounts(a.ctx())
	if err != nil {
		return nil, toAPIError(err)
	}
	out := make([]TagDTO, 0, len(tags))
	for _, t := range tags {
		out = append(out, TagDTO{ID: t.ID, Name: t.Name, Color: t.Color, Conversations: t.Conversations})
	}
	return out, nil
}

// Views lists saved views.
func (a *TriageAPI) Views() ([]SavedViewDTO, error) {
	views, err := a.store.Views(a.ctx())
	if err != nil {
		return nil, toAPIError(err)
	}
	out := make([]SavedViewDTO, 0, len(views))
	for _, v := range views {
		var f FilterDTO
		if err := json.Unmarshal([]byte(v.Filter), &f); err != nil {
			a.log.Warn("unreadable saved view skipped", "view", v.ID, "err", err)
			continue
		}
		out = append(out, SavedViewDTO{ID: v.ID, Name: v.Name, Filter: f})
	}
	return out, nil
}

// SaveView saves a filter under a name (replacing a view of the same name).
func (a *TriageAPI) SaveView(name string, filter FilterDTO) (SavedViewDTO, error) {
	if strings.TrimSpace(name) == "" {
		return SavedViewDTO{}, invalid("a saved view needs a name")
	}
	if err := filter.toFilter().Validate(); err != nil {
		return SavedViewDTO{}, invalid(err.Error())
	}
	b, err := json.Marshal(filter)
	if err != nil {
		return SavedViewDTO{}, toAPIError(err)
	}
	v, err := a.store.SaveView(a.ctx(), name, string(b), a.now())
	if err != nil {
		return SavedViewDTO{}, toAPIError(err)
	}
	return SavedViewDTO{ID: v.ID, Name: v.Name, Filter: filter}, nil
}

// DeleteView removes a saved view.
func (a *TriageAPI) DeleteView(id int64) error {
	return toAPIError(a.store.DeleteView(a.ctx(), id))
}

// WakeSnoozed re-opens snoozed conversations whose time has come and says how many.
func (a *TriageAPI) WakeSnoozed() (int, error) {
	ids, err := a.store.WakeSnoozed(a.ctx(), a.now())
	return len(ids), toAPIError(err)
}
