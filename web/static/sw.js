// Service worker: keeps the patient pages, their assets and the last
// plan loaded usable without a network. Pages and data: network first,
// cache when offline. Hashed assets: cache first (they never change).
// v2: earlier copies could hold the PT's notes; activating drops them.
var CACHE = "limber-v2";
var PAGES = ["/patient", "/patient/session", "/patient/journal", "/patient/settings"];
self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(PAGES).catch(function () {}); }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});
self.addEventListener("fetch", function (e) {
  var req = e.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (url.origin !== location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    e.respondWith(caches.match(req).then(function (hit) {
      return hit || fetch(req).then(function (r) { var copy = r.clone(); caches.open(CACHE).then(function (c) { c.put(req, copy); }); return r; });
    }));
    return;
  }
  if (url.pathname.indexOf("/patient") === 0 || url.pathname === "/api/v1/me/today" || url.pathname === "/api/v1/me/plan") {
    e.respondWith(fetch(req).then(function (r) {
      if (r.status === 401 || (r.redirected && new URL(r.url).pathname === "/enroll")) {
        // Signed out or revoked: nothing of the patient's stays cached.
        caches.delete(CACHE);
      } else if (r.ok && !r.redirected) {
        var copy = r.clone(); caches.open(CACHE).then(function (c) { c.put(req, copy); });
      }
      return r;
    }).catch(function () { return caches.match(req).then(function (hit) { return hit || Response.error(); }); }));
  }
});
