package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/limber-health/limber/internal/httpapi"
	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/sqlite"
	"github.com/limber-health/limber/internal/store"
)

// envDefaults fills every flag not given on the command line from its
// LIMBER_<NAME> variable (--public-url from LIMBER_PUBLIC_URL).
func envDefaults(fs *flag.FlagSet, args []string) error {
	if err := parse(fs, args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		name := "LIMBER_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok && !given[f.Name] && err == nil {
			if e := f.Value.Set(v); e != nil {
				err = usagef("%s: %v", name, e)
			}
		}
	})
	return err
}

// serveConfig is everything `limber serve` is told.
type serveConfig struct {
	addr, db, library, rules, tlsCert, tlsKey, publicURL, timezone string
	demo, trustProxy                                               bool
	drain                                                          time.Duration
}

func runServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stdout)
	var cfg serveConfig
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "address to listen on")
	dbFlag(fs, &cfg.db, "limber.db")
	fs.StringVar(&cfg.library, "library", "", "folder of exercise files to use instead of the built-in library")
	fs.StringVar(&cfg.rules, "rules", "", "folder of rule files to use instead of the built-in rules")
	fs.StringVar(&cfg.tlsCert, "tls-cert", "", "TLS certificate file (serve HTTPS)")
	fs.StringVar(&cfg.tlsKey, "tls-key", "", "TLS key file")
	fs.StringVar(&cfg.publicURL, "public-url", "", "the address tablets use, for QR codes and links")
	fs.StringVar(&cfg.timezone, "timezone", "UTC", "the clinic's time zone (IANA name): defines today and weeks")
	fs.BoolVar(&cfg.demo, "demo", false, "seed a demo clinic on an empty database and print its logins")
	fs.BoolVar(&cfg.trustProxy, "trust-proxy", false, "take client addresses from X-Forwarded-For (only behind your own proxy)")
	fs.DurationVar(&cfg.drain, "drain", time.Second, "on SIGTERM, keep serving this long before closing (readyz answers 503 meanwhile)")
	if err := envDefaults(fs, args); err != nil {
		return err
	}
	if (cfg.tlsCert == "") != (cfg.tlsKey == "") {
		return usagef("--tls-cert and --tls-key go together")
	}
	loc, err := time.LoadLocation(cfg.timezone)
	if err != nil {
		return usagef("--timezone: unknown time zone %q", cfg.timezone)
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	engine, err := loadEngine(cfg.library, cfg.rules)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	db, err := openDB(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetLocation(loc)
	if err := db.LoadSettings(ctx); err != nil {
		return err
	}
	if cfg.demo {
		if err := seedDemo(ctx, db, engine, stdout); err != nil {
			return err
		}
	}
	go sweepEvery(ctx, db, engine, sweepCheck, log)
	figures, err := figureData(cfg.rules)
	if err != nil {
		return err
	}
	srv := httpapi.New(db, engine, httpapi.Config{TrustProxy: cfg.trustProxy, SecureCookies: cfg.tlsCert != "" || strings.HasPrefix(cfg.publicURL, "https://"),
		PublicURL: strings.TrimRight(cfg.publicURL, "/"), Drain: cfg.drain, Figures: figures}, log)
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.addr, err)
	}
	scheme := "http"
	if cfg.tlsCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(stdout, "Limber is serving on %s://%s (database %s, rules %s)\n", scheme, ln.Addr(), describeDB(cfg.db), engine.Rules().Version)
	err = srv.Serve(ctx, ln, cfg.tlsCert, cfg.tlsKey)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

func runMigrate(args []string, stdout io.Writer) error {
	fs := newFlagSet("migrate", stdout)
	var dbPath string
	dbFlag(fs, &dbPath, "limber.db")
	if err := envDefaults(fs, args); err != nil {
		return err
	}
	db, err := openDB(context.Background(), dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	version, err := db.SchemaVersion(context.Background())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s is at schema version %d\n", describeDB(dbPath), version)
	return nil
}

func runBackup(args []string, stdout io.Writer) error {
	fs := newFlagSet("backup", stdout)
	var dbPath string
	dbFlag(fs, &dbPath, "limber.db")
	out := fs.String("out", "", "file to write the copy to (must not exist)")
	if err := envDefaults(fs, args); err != nil {
		return err
	}
	if isPostgres(dbPath) {
		if err := checkDB(dbPath); err != nil {
			return err
		}
		return pgBackupAdvice(dbPath, *out)
	}
	if *out == "" {
		return usagef("--out is required")
	}
	ctx := context.Background()
	db, err := openDB(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, *out); err != nil {
		return err
	}
	if err := sqlite.IntegrityCheck(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (integrity ok)\n", *out)
	return nil
}

func runUser(args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return usagef("which? add")
	}
	fs := newFlagSet("user add", stdout)
	var dbPath string
	dbFlag(fs, &dbPath, "limber.db")
	email := fs.String("email", "", "email address (the login)")
	name := fs.String("name", "", "full name")
	role := fs.String("role", "therapist", "therapist or admin")
	if err := envDefaults(fs, args[1:]); err != nil {
		return err
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return usagef("give the password as the first line of standard input")
	}
	password := strings.TrimRight(line, "\r\n")
	db, err := openDB(context.Background(), dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.CreateUser(context.Background(), *email, *name, limber.Role(*role), password)
	if err != nil {
		var de *limber.Error
		if errors.As(err, &de) && de.Field != "" {
			return usagef("--%s: %s", de.Field, de.Message)
		}
		return err
	}
	fmt.Fprintf(stdout, "added %s %s (id %d)\n", u.Role, u.Email, u.ID)
	return nil
}

// sweepCheck is how often a node asks whether this hour's sweep is still
// to be done: the hour is swept soon after it begins by whichever node
// asks first, and by another if that one is down.
const sweepCheck = 5 * time.Minute

// sweepEvery runs the time-driven checks (pregnancy bands, ended periods,
// inactivity) once each clock hour, at start and then when the hour's
// sweep has not been claimed yet by another node, until ctx ends.
func sweepEvery(ctx context.Context, db *store.DB, e *limber.Engine, check time.Duration, log *slog.Logger) {
	t := time.NewTicker(check)
	defer t.Stop()
	for first := true; ; first = false {
		claimed, err := db.ClaimSweep(ctx, db.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("sweep", slog.Any("error", err))
		case err == nil && !claimed && first:
			// Said once, at start; later hours skipped are not news.
			log.Info("sweep skipped", slog.String("why", "this hour's sweep was claimed by another node"))
		case err == nil && claimed:
			res, err := db.Sweep(ctx, e)
			if err != nil && ctx.Err() == nil {
				log.Error("sweep", slog.Any("error", err))
			} else if err == nil {
				log.Info("sweep", slog.Int("rechecked", res.Rechecked), slog.Int("period_alerts", res.PeriodAlerts), slog.Int("inactive_alerts", res.InactiveAlerts))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
