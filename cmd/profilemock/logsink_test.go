package main

import (
	"strings"
	"testing"
	"time"
)

func TestLogSink(t *testing.T) {
	var out serveLog
	// A long interval, so that only the rules under test can flush.
	l := newLogSink(&out, time.Hour)
	l.Write([]byte("first\n"))
	if got := out.String(); got != "first\n" {
		t.Fatalf("a line after a quiet spell must go out at once, got %q", got)
	}
	l.Write([]byte("second\n"))
	if strings.Contains(out.String(), "second") {
		t.Fatalf("a line right after another must wait in the buffer, got %q", out.String())
	}
	l.Close()
	if got := out.String(); got != "first\nsecond\n" {
		t.Fatalf("Close must write out what is left, got %q", got)
	}

	// The ticker flushes a buffered line within the interval.
	var out2 serveLog
	l2 := newLogSink(&out2, 20*time.Millisecond)
	defer l2.Close()
	l2.Write([]byte("a\n"))
	l2.Write([]byte("b\n"))
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out2.String(), "b\n") {
		if time.Now().After(deadline) {
			t.Fatalf("the buffered line was never flushed: %q", out2.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"28MiB": 28 << 20, "512KiB": 512 << 10, "1GiB": 1 << 30, "100B": 100, "4096": 4096, "0": 0} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MiB", "-1MiB", "1.5GiB", "12 MiB", "1TiB", "9999999999GiB"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) accepted", in)
		}
	}
}
