package httpapi

// Undocumented lists registered routes missing from the OpenAPI document.
var Undocumented = undocumented
