module github.com/limber-health/limber

go 1.26.8

require (
	github.com/jmoiron/sqlx v1.4.0
	github.com/mattn/go-sqlite3 v1.14.53
	go.yaml.in/yaml/v3 v3.0.6
)

require golang.org/x/crypto v0.59.0 // indirect
