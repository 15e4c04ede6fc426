// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package tz converts Unix times to local time exactly as glibc 2.36
// (Debian 12's, the C library util-linux's tools run on here) does in
// localtime, localtime_r, ctime and ctime_r, for every TZ value glibc
// accepts, so that Go programs print the dates C programs print. Go's
// time package differs: it ignores leap-second records, takes a POSIX
// rule it cannot parse as UTC, and knows none of glibc's quirks.
//
// A [Zone] is made from a [Config] (TZ and TZDIR) and reads nothing until
// its first conversion. Its state follows glibc's, which is global and
// changes as a process converts times: one Zone stands for one process,
// and gives the same answers as the same calls in the same order in a C
// program started with that environment.
//
// # What glibc does, and so this package
//
// Finding the zone (tzset_internal): TZ unset is /etc/localtime; empty is
// the file "Universal"; one leading ':' is dropped; a name is a zone file,
// absolute or under $TZDIR (empty or unset: /usr/share/zoneinfo), "../"
// allowed. If glibc cannot read the file (missing, a directory, not TZif,
// damaged), the value is parsed as a POSIX rule; no name, or
// /etc/localtime, is UTC. A value that is not a rule either ("garbage",
// "/nonexistent") is UTC.
//
// POSIX rules (__tzset_parse_tz): names of three or more letters, or <...>
// of three or more letters, digits, '+' and '-'. Offsets are read with
// sscanf("%hu:%hu:%hu"), so blanks and a sign may precede each number and
// "-5" is 65531; then hours are clamped to 24 and minutes and seconds to 59
// (UTC+25 is UTC+24, XYZ+24:59:59 stays). A missing daylight offset is one
// hour more than standard time. Dates are Jn (1-365), n (0-365) or Mm.w.d;
// a time /[-]h[:m[:s]] takes hours up to 65535 and may be negative. A rule
// that fails to parse leaves what it read behind and glibc uses it: in
// "EST5x" the daylight half is a zeroed rule at offset 0, and since its
// change comes before standard time's, most of every year is "daylight
// time" at UTC. Rules are read even without a daylight name
// ("EST5,M3.2.0,M11.1.0" is UTC in summer). Two names and no rule ("XST3XDT",
// or a trailing ',') take the transitions of $TZDIR/posixrules, moved to the
// given offsets; without that file (or with fewer than two types in it),
// the United States' rule M3.2.0,M11.1.0 at 02:00.
//
// Computing a rule's change (compute_change): for the UTC year of the time;
// a year before 1971 counts from 1970-01-01 (so before 1970 a southern
// rule is in daylight time all year); the day count is a C int, which
// wraps after the year 5,881,580 as glibc's does.
//
// Zone files (__tzfile_read, __tzfile_compute): TZif version 1 data, or for
// version 2 and later the 64-bit data and the footer, which applies after
// the last transition. The reader accepts and refuses what glibc does,
// including its sizes computed in wrapping size_t, a footer of
// whatever bytes are left over, and a type table glibc reads from the
// abbreviations when it is empty. Before the first transition the first
// standard type applies. Transitions are searched as glibc searches them,
// so that files with transitions out of order give glibc's answers too.
//
// Leap seconds: the last leap record at or before t gives a correction
// subtracted from t; exactly at an inserted leap second the seconds read
// 60 (61 for two in a row), as in right/UTC at 2016-12-31 23:59:60.
//
// State: glibc's rule_dstoff (Debian backports glibc bug 29951's change,
// after which reading a zone file no longer sets it) survives from one
// posixrules adjustment to the next, so the first conversion with
// "XST3XDT" moves the return to standard time by the full daylight offset
// and later ones do not. localtime reads TZ again after posixrules gave the
// rule, and always when TZ is unset; localtime_r (and ctime_r, which
// util-linux's ipcs calls) only once per process. A zone file whose footer
// needs posixrules makes glibc replace the file's data with posixrules' at
// the first time past its last transition (or, without posixrules, drop
// the file for the footer's rule).
//
// Results: a year that does not fit a C int is NULL; asctime's year is
// printed with %d, so it may have five digits or a sign; ctime_r's 26-byte
// buffer holds at most 25 characters.
//
// Not reproduced: zone abbreviations (tm_zone, tzname), which ctime does
// not print; changes to zone files while a process runs (files are read
// once); and glibc's reads of memory outside its data, which only damaged
// files and failed rules with a month outside 1-12 cause (tests mark them
// and compare nothing there).
//
// Every behaviour above is checked against glibc itself: the tests compile
// a C program with gcc and compare every field of struct tm and the ctime
// string for hundreds of TZ values and crafted zone files, at times from
// the extremes of time_t to leap seconds and daylight-time changes, in
// both call orders; the fuzz targets do the same for any rule or file.
package tz
