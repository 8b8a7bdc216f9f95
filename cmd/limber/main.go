// Command limber builds gentle stretching and relaxation plans for people
// living with MS and back pain, and checks them against clinical rules.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/limber-health/limber/internal/library"
	"github.com/limber-health/limber/internal/limber"
)

const usage = `Usage: limber COMMAND [flags]

Commands:
  serve                  run the web service (--demo seeds a demo clinic)
  plan                   print a plan for a profile (nothing is stored)
  exercises list         the library; with profile flags, every variant's decision
  exercises check DIR    validate a folder of exercise files (--strict: warnings fail too)
  exercises figures      draw every variant's figure and a contact sheet (--out DIR)
  rules list             every clinical rule with its reason and sources
  user add               add a therapist or admin (password on standard input)
  migrate                bring the database schema up to date
  backup --out FILE      write a consistent copy of a live database
  copy --from F --to URL move a clinic from a SQLite file into an empty PostgreSQL database
  demo                   generate a large clinic for measurements (--patients, --days)

Run "limber COMMAND -h" for a command's flags.
`

// Exit statuses: 2 for bad input on the command line, 1 for anything else
// that went wrong (an invalid exercise folder, an unreadable file).
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole program, apart from the process, so that tests can drive
// it with arguments and read what it prints.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "plan":
		err = runPlan(rest, stdout)
	case "exercises":
		err = runExercises(rest, stdout)
	case "rules":
		err = runRules(rest, stdout)
	case "serve":
		err = runServe(rest, stdout, stderr)
	case "migrate":
		err = runMigrate(rest, stdout)
	case "backup":
		err = runBackup(rest, stdout)
	case "copy":
		err = runCopy(rest, stdout)
	case "user":
		err = runUser(rest, stdin, stdout)
	case "demo":
		err = runDemo(rest, stdout)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "limber: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
	return report(cmd, err, stderr)
}

// usageError is bad input on the command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// failure is a problem already printed in full (every line of a check):
// exit status 1 with nothing more to say.
type failure struct{}

func (failure) Error() string { return "" }

func report(cmd string, err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var ue *usageError
	var de *limber.Error
	var probs library.Problems
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "limber %s: %s\n", cmd, ue.msg)
		return exitUsage
	case errors.As(err, &de) && de.Code == limber.EINVALID:
		fmt.Fprintf(stderr, "limber %s: %s\n", cmd, flagName(de))
		return exitUsage
	case errors.As(err, &probs):
		for _, p := range probs {
			fmt.Fprintln(stderr, p.String())
		}
		return exitFail
	case errors.As(err, new(failure)):
		return exitFail
	}
	fmt.Fprintf(stderr, "limber %s: %v\n", cmd, err)
	return exitFail
}

// flagName words a domain error in terms of the flag the value came from.
func flagName(e *limber.Error) string {
	field := e.Field
	if i := strings.IndexByte(field, '['); i >= 0 {
		field = field[:i]
	}
	flags := map[string]string{
		"mobility": "--mobility", "conditions": "--condition", "pregnancy_week": "--pregnancy-week",
		"lying_only": "--lying-only", "minutes": "--minutes", "focus": "--focus",
	}
	if f, ok := flags[field]; ok {
		return f + ": " + e.Message
	}
	return e.Error()
}
