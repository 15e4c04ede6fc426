package ipcs

import (
	"os"
	"strings"
	"time"
)

// Location returns the time zone C's ctime() uses, so that dates match
// util-linux's: TZ as glibc reads it. Unset, it is /etc/localtime; empty,
// UTC; a file name, absolute or under the zoneinfo directory, with or
// without a leading ':', is that zone file; anything else is a POSIX rule
// ("JST-9", "CET-1CEST,M3.5.0,M10.5.0/3"), which Go's time.Local would
// take as UTC but glibc, and this, follow. What cannot be read is UTC.
func Location() *time.Location {
	tz, ok := os.LookupEnv("TZ")
	return location(tz, ok)
}

func location(tz string, set bool) *time.Location {
	switch {
	case !set:
		return zoneFile("Local", "/etc/localtime")
	case tz == "":
		return time.UTC
	}
	name := strings.TrimPrefix(tz, ":")
	if strings.HasPrefix(name, "/") {
		return zoneFile(name, name)
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	if loc, err := time.LoadLocationFromTZData(name, posixZone(name)); err == nil {
		return loc
	}
	return time.UTC
}

// zoneFile loads a TZif file, or gives UTC.
func zoneFile(name, path string) *time.Location {
	data, err := os.ReadFile(path)
	if err != nil {
		return time.UTC
	}
	loc, err := time.LoadLocationFromTZData(name, data)
	if err != nil {
		return time.UTC
	}
	return loc
}

// posixZone is a TZif file with no transitions whose footer is the rule,
// which Go then applies to every date (RFC 8536, section 3.3).
func posixZone(rule string) []byte {
	header := func(b []byte, typecnt, charcnt byte) []byte {
		b = append(b, "TZif2"...)
		b = append(b, make([]byte, 15)...)
		// isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
		counts := [24]byte{19: typecnt, 23: charcnt}
		return append(b, counts[:]...)
	}
	b := header(nil, 0, 0) // an empty version 1 block
	b = header(b, 1, 4)
	b = append(b, 0, 0, 0, 0, 0, 0) // one type: UTC, standard, abbreviation 0
	b = append(b, "UTC\x00"...)
	b = append(b, '\n')
	b = append(b, rule...)
	return append(b, '\n')
}
