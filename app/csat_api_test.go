package app

import (
	"testing"
	"time"
)

func TestCSATAPISettingsButtonAndFigure(t *testing.T) {
	a, s := newTestApp(t)
	id := publicConversation(t, s)
	client := clientOf(t, s, id)
	if _, err := a.CSAT.SaveSettings(client, CSATSettingsDTO{Enabled: true, Scale: "1-10"}); err == nil {
		t.Fatal("a bad scale was saved")
	}
	saved, err := a.CSAT.SaveSettings(client, CSATSettingsDTO{Enabled: true, Scale: "thumbs", Trigger: "button", QuietDays: 0})
	if err != nil || saved.Question == "" || saved.Scale != "thumbs" {
		t.Fatalf("save: %+v %v", saved, err)
	}
	got, err := a.CSAT.Settings(client)
	if err != nil || !got.Enabled || got.Trigger != "button" {
		t.Fatalf("settings: %+v %v", got, err)
	}
	if v, err := a.CSAT.Survey(id); err != nil || v.State != "none" {
		t.Fatalf("before: %+v %v", v, err)
	}
	v, err := a.CSAT.AskForRating(id)
	if err != nil || v.State != "asked" || v.MessageID == 0 {
		t.Fatalf("ask: %+v %v", v, err)
	}
	if _, err := a.CSAT.AskForRating(id); err == nil {
		t.Fatal("asked twice")
	}
	f, err := a.CSAT.Figure(0, time.Now().Add(-time.Hour).UnixMilli(), time.Now().Add(time.Hour).UnixMilli())
	if err != nil || f.Asked != 1 || f.ResponseRate != 0 || f.Score != -1 {
		t.Fatalf("figure: %+v %v", f, err)
	}
	if len(a.CSAT.Channels()) == 0 {
		t.Fatal("no channels")
	}
}

func TestDemoCustomerWritesOnlyInTheDemo(t *testing.T) {
	a, s := newTestApp(t)
	id := publicConversation(t, s)
	a.CSAT.demo = false
	if err := a.CSAT.DemoCustomerWrites(id, "5"); err == nil {
		t.Fatal("a real workspace let the app play the customer")
	}
	a.CSAT.demo = true
	client := clientOf(t, s, id)
	if _, err := a.CSAT.SaveSettings(client, CSATSettingsDTO{Enabled: true, Trigger: "button"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CSAT.AskForRating(id); err != nil {
		t.Fatal(err)
	}
	if err := a.CSAT.DemoCustomerWrites(id, "5 thanks"); err != nil {
		t.Fatal(err)
	}
	v, err := a.CSAT.Survey(id)
	if err != nil || v.State != "answered" || v.Score != 5 || v.Comment != "thanks" {
		t.Fatalf("answer: %+v %v", v, err)
	}
}
