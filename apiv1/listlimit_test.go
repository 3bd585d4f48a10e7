package apiv1_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
)

func TestCheckListLimit(t *testing.T) {
	refusal := func(limit string) error {
		return &apiv1.Error{Status: 400, Message: "limit: " + limit + " is not a number from 1 to 500"}
	}
	tests := map[string]struct {
		limit   string
		want    int
		wantErr error
	}{
		"smallest":  {limit: "1", want: 1},
		"largest":   {limit: "500", want: apiv1.MaxListLimit},
		"zero":      {limit: "0", wantErr: refusal(`"0"`)},
		"negative":  {limit: "-1", wantErr: refusal(`"-1"`)},
		"too many":  {limit: "501", wantErr: refusal(`"501"`)},
		"no number": {limit: "ten", wantErr: refusal(`"ten"`)},
		"empty":     {limit: "", wantErr: refusal(`""`)},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := apiv1.CheckListLimit(tt.limit)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CheckListLimit(%q) (-want +got):\n%s", tt.limit, diff)
			}
			if diff := cmp.Diff(tt.wantErr, err); diff != "" {
				t.Errorf("CheckListLimit(%q) error (-want +got):\n%s", tt.limit, diff)
			}
		})
	}
}
