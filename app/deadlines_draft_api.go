package app

import (
	"careinbox/backend/deadline/tracker"
	"careinbox/backend/inbox"
)

// SettingsDraftDTO is the settings screen's unsaved edit: a calendar and/or
// a policy (nil = unchanged), each at its own scope.
type SettingsDraftDTO struct {
	CalendarHandleID int64        `json:"calendarHandleId"`
	Calendar         *CalendarDTO `json:"calendar"`
	PolicyHandleID   int64        `json:"policyHandleId"`
	PolicyKind       string       `json:"policyKind"`
	Policy           *PolicyDTO   `json:"policy"`
}

func (d SettingsDraftDTO) draft() (tracker.Draft, error) {
	var out tracker.Draft
	if d.Calendar != nil {
		spec, err := d.Calendar.spec()
		if err != nil {
			return out, err
		}
		out.Calendar = &tracker.CalendarEdit{HandleID: d.CalendarHandleID, Spec: spec}
	}
	if d.Policy != nil {
		out.Policy = &tracker.PolicyEdit{HandleID: d.PolicyHandleID, Kind: inbox.Kind(d.PolicyKind), Spec: d.Policy.spec()}
	}
	return out, nil
}

// PreviewSettings lists open conversations whose deadlines the whole unsaved
// edit (hours and targets together) would move, against what is stored now.
func (a *DeadlinesAPI) PreviewSettings(clientID int64, d SettingsDraftDTO) (PreviewDTO, error) {
	if err := a.ready(); err != nil {
		return PreviewDTO{}, err
	}
	dr, err := d.draft()
	if err != nil {
		return PreviewDTO{}, err
	}
	pv, err := a.svc.PreviewDraft(a.ctx(), clientID, dr)
	if err != nil {
		return PreviewDTO{}, invalid(err.Error())
	}
	return previewDTO(pv), nil
}

// SaveSettings stores the whole edit at once: nothing is stored if any part is invalid.
func (a *DeadlinesAPI) SaveSettings(clientID int64, d SettingsDraftDTO) error {
	if err := a.ready(); err != nil {
		return err
	}
	dr, err := d.draft()
	if err != nil {
		return err
	}
	if err := a.svc.SaveDraft(a.ctx(), clientID, dr); err != nil {
		return invalid(err.Error())
	}
	return nil
}
