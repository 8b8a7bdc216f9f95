// Package web will carry the templates and static assets of Limber's pages,
// embedded into the binary. The pages come with the web issue; for now the
// folder holds only this file so the layout is in place.
package web
