// Package web carries Limber's pages: html/template files and the static
// assets (CSS, a little plain JavaScript, the web app manifest, the service
// worker, icons), embedded into the binary. No build step, nothing fetched
// from outside.
package web

import "embed"

// FS holds templates/ and static/.
//
//go:embed templates/*.html static/*
var FS embed.FS
