package mock

import (
	"bytes"
	"net/http/httptest"
	"testing"
)

// TestConfigZeroValues: the zero value of each Config field means what the
// serve flag means by default (seed 1, 200 log lines a second, a journal of
// 1,000, the folder polled every second), and off is its own No... field.
func TestConfigZeroValues(t *testing.T) {
	zero, err := newServer(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer zero.close()
	if zero.cfg.Seed != 1 || DefaultSeed != 1 {
		t.Errorf("seed %d (DefaultSeed %d), want 1, the --seed default", zero.cfg.Seed, DefaultSeed)
	}
	if zero.sampler.limit != 200 || DefaultLogRate != 200 {
		t.Errorf("log rate %d (DefaultLogRate %d), want 200, the --log-rate default", zero.sampler.limit, DefaultLogRate)
	}
	if _, capacity := zero.journal.size(); capacity != 1000 || DefaultJournalSize != 1000 {
		t.Errorf("journal capacity %d (DefaultJournalSize %d), want 1000, the --journal-size default", capacity, DefaultJournalSize)
	}

	// Seed 0 is seed 1: the same bytes.
	body := func(cfg Config) []byte {
		h, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", endpoint("", dept, "ok-1"), nil).WithContext(t.Context()))
		if rec.Code != 200 {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
	noAuth := Auth{Disabled: true}
	if a, b := body(Config{Auth: noAuth}), body(Config{Seed: 1, Auth: noAuth}); !bytes.Equal(a, b) {
		t.Error("Seed 0 and Seed 1 give different bodies")
	}
	if a, b := body(Config{Auth: noAuth}), body(Config{Seed: 2, Auth: noAuth}); bytes.Equal(a, b) {
		t.Error("Seed 0 and Seed 2 give the same body: the seed is ignored")
	}

	watched, err := newServer(Config{ScenarioDir: scenarioDir(t, nil), NoBuiltinScenarios: true})
	if err != nil {
		t.Fatal(err)
	}
	defer watched.close()
	if !watched.watching || watched.watchInterval != DefaultWatchInterval || DefaultWatchInterval.Seconds() != 1 {
		t.Errorf("watching %v every %v, want every second, the --watch-interval default", watched.watching, watched.watchInterval)
	}

	off, err := newServer(Config{NoJournal: true, NoLogLimit: true, NoWatch: true, ScenarioDir: scenarioDir(t, nil), NoBuiltinScenarios: true})
	if err != nil {
		t.Fatal(err)
	}
	defer off.close()
	if off.journal != nil || off.sampler.limit >= 0 || off.watching {
		t.Errorf("NoJournal, NoLogLimit, NoWatch: journal %v, log limit %d, watching %v; want each off", off.journal != nil, off.sampler.limit, off.watching)
	}
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{JournalSize: -1}, "Config.JournalSize -1 is negative (NoJournal turns the journal off)"},
		{Config{LogRate: -1}, "Config.LogRate -1 is negative (NoLogLimit lifts the cap)"},
	} {
		if err := tc.cfg.Validate(); err == nil || err.Error() != "mock: "+tc.want {
			t.Errorf("Validate() = %v, want %q", err, tc.want)
		}
	}
}
