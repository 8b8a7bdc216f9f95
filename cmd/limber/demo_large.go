package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/limber-health/limber/internal/store"
)

// runDemo generates a large clinic for measurements: `limber demo --db FILE
// --patients N --days D`. It writes the tablets' tokens to --tokens (0600)
// for the load tool.
func runDemo(args []string, stdout io.Writer) error {
	fs := newFlagSet("demo", stdout)
	var dbPath string
	dbFlag(fs, &dbPath, "large.db")
	patients := fs.Int("patients", 10000, "patients to generate")
	days := fs.Int("days", 365, "days of sessions and journal entries")
	per := fs.Int("per-therapist", 200, "patients per therapist")
	password := fs.String("password", "", "every therapist's password (at least 10 characters)")
	tablets := fs.Int("tablets", 200, "patients whose tablets are enrolled for the load tool")
	tokens := fs.String("tokens", "", "file to write the tablets' tokens to (one per line, mode 0600)")
	if err := envDefaults(fs, args); err != nil {
		return err
	}
	if *patients < 1 || *days < 1 || *per < 1 || *tablets < 0 || *tablets > *patients {
		return usagef("--patients, --days and --per-therapist must be positive; --tablets at most --patients")
	}
	ctx := context.Background()
	engine, err := loadEngine("", "")
	if err != nil {
		return err
	}
	db, err := openDB(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	rep, err := db.GenerateClinic(ctx, engine, store.GenerateOptions{Patients: *patients, Days: *days, PerTherapist: *per,
		Password: *password, Tablets: *tablets, Seed: 1})
	if err != nil {
		return err
	}
	size := ""
	if st, err := os.Stat(dbPath); err == nil && !isPostgres(dbPath) {
		size = fmt.Sprintf("; %s is %d MB", dbPath, st.Size()>>20)
	}
	fmt.Fprintf(stdout, "generated in %s: %d therapists, %d patients, %d sessions, %d journal entries, %d alerts%s\n",
		time.Since(start).Round(time.Second), rep.Therapists, rep.Patients, rep.Sessions, rep.Journal, rep.Alerts, size)
	fmt.Fprintf(stdout, "therapists: therapist1@large.clinic … therapist%d@large.clinic\n", rep.Therapists)
	if *tokens != "" {
		if err := os.WriteFile(*tokens, []byte(strings.Join(rep.TabletTokens, "\n")+"\n"), 0o600); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d tablet tokens written to %s\n", len(rep.TabletTokens), *tokens)
	}
	return nil
}
