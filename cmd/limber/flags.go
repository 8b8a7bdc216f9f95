package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/limber-health/limber/internal/limber"
)

// listFlag collects a repeatable flag that also takes comma-separated lists.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// profileFlags are the flags that describe a person.
type profileFlags struct {
	mobility   string
	conditions listFlag
	pregnancy  string
	lyingOnly  bool
	helper     bool
}

func (p *profileFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.mobility, "mobility", "", "mobility level: M1 (walks on own) .. M5 (mostly in bed)")
	fs.Var(&p.conditions, "condition", "condition flag (repeatable, or comma-separated)")
	fs.StringVar(&p.pregnancy, "pregnancy-week", "", "week of pregnancy 0-42, or \"unknown\"")
	fs.BoolVar(&p.lyingOnly, "lying-only", false, "cannot sit up safely right now (M5 only)")
	fs.BoolVar(&p.helper, "helper", false, "a trained helper is there during exercise")
}

// given reports whether any profile flag was set.
func (p *profileFlags) given() bool {
	return p.mobility != "" || len(p.conditions) > 0 || p.pregnancy != "" || p.lyingOnly || p.helper
}

// profile turns the flags into a profile, naming the flag on bad input.
func (p *profileFlags) profile() (limber.Profile, error) {
	if p.mobility == "" {
		_, err := limber.ParseMobility("")
		return limber.Profile{}, usagef("--mobility is required: %s", strings.TrimPrefix(err.Error(), "missing mobility level; "))
	}
	m, err := limber.ParseMobility(strings.ToUpper(p.mobility))
	if err != nil {
		return limber.Profile{}, usagef("--mobility: %s", err.(*limber.Error).Message)
	}
	prof := limber.Profile{Mobility: m, LyingOnly: p.lyingOnly, HelperAvailable: p.helper}
	for _, s := range p.conditions {
		c, err := limber.ParseCondition(s)
		if err != nil {
			return limber.Profile{}, usagef("--condition: %s", err.(*limber.Error).Message)
		}
		prof.Conditions = append(prof.Conditions, c)
	}
	switch p.pregnancy {
	case "":
	case "unknown":
		prof.Pregnant = true
	default:
		w, err := strconv.Atoi(p.pregnancy)
		if err != nil {
			return limber.Profile{}, usagef("--pregnancy-week: %q is not a week number (0 to 42, or \"unknown\")", p.pregnancy)
		}
		prof.PregnancyWeek = &w
	}
	return prof, nil
}

// newFlagSet makes a flag set that reports its own errors as usage errors.
func newFlagSet(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	return fs
}

// parse parses flags; a bad flag is a usage error naming it, and -h
// prints the flags to the command's output.
func parse(fs *flag.FlagSet, args []string) error {
	out := fs.Output()
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fs.SetOutput(out)
			fmt.Fprintf(out, "Usage of limber %s:\n", fs.Name())
			fs.PrintDefaults()
			return err
		}
		return usagef("%v", err)
	}
	return nil
}
