// Service worker: keeps the patient pages, their assets and the last
// plan loaded usable without a network. Pages and data: network first,
// cache when offline. Hashed assets: cache first (they never change).
// v2: earlier copies could hold the PT's notes; activating drops them.
// Figures (/figures/<hash>.svg, immutable) live in a cache of their own;
// each time today's plan is loaded its figures are fetched ahead and the
// others let go. Signing out drops them with the rest: which figures a
// tablet keeps says which exercises its patient does.
var CACHE = "limber-v2";
var FIGURES = "limber-figures-v1";
var PAGES = ["/patient", "/patient/session", "/patient/journal", "/patient/settings"];
self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(PAGES).catch(function () {}); }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE && k !== FIGURES; }).map(function (k) { return caches.delete(k); }));
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
  if (url.pathname.indexOf("/figures/") === 0) {
    e.respondWith(caches.open(FIGURES).then(function (c) {
      return c.match(req, { ignoreVary: true }).then(function (hit) {
        return hit || fetch(req).then(function (r) { if (r.ok) c.put(req, r.clone()); return r; });
      });
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
        if (url.pathname === "/api/v1/me/today") e.waitUntil(keepFigures(r.clone()));
      }
      return r;
    }).catch(function () { return caches.match(req).then(function (hit) { return hit || Response.error(); }); }));
  }
});

// keepFigures fetches the figures of today's items that are not kept yet
// and drops those no item uses any more.
function keepFigures(r) {
  return r.json().then(function (t) {
    var want = {};
    (t.items || []).forEach(function (it) {
      [it.figure_url, it.figure_url_left].forEach(function (u) { if (u && u.indexOf("/figures/") === 0) want[new URL(u, location.origin).href] = true; });
    });
    return caches.open(FIGURES).then(function (c) {
      return c.keys().then(function (keys) {
        var have = {};
        keys.forEach(function (k) { have[k.url] = true; if (!want[k.url]) c.delete(k); });
        return Promise.all(Object.keys(want).filter(function (u) { return !have[u]; }).map(function (u) {
          return fetch(u, { credentials: "same-origin" }).then(function (f) { if (f.ok) return c.put(u, f); }).catch(function () {});
        }));
      });
    });
  }).catch(function () {});
}
