// Keeps the workout pages working without a connection (served as /workouts/sw.js, so that it
// controls the pages under /workouts/). A workout page and the files it uses are kept when the
// page asks (workouts.js, once loaded) and each time they load; without a network they come
// from here. The sets themselves are kept by the page (local storage) and sent by it.
"use strict";

const CACHE = "regain-workouts-1";
const PAGE = /^\/workouts\/\d+$/;
const KEEP_AT_MOST = 40;

const keyOf = (url) => {
  const clean = new URL(url, self.location.origin);
  clean.search = "";
  clean.hash = "";
  return clean.href;
};

const OFFLINE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>No connection · Regain</title></head>
<body><main><h1>No connection</h1><p>This workout was not opened on this device while it had a
connection, so it cannot be shown now. Sets already kept on this device are safe: open their
workout again when the connection is back.</p></main></body></html>`;

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("regain-workouts-") && name !== CACHE) {
          await caches.delete(name);
        }
      }
      await self.clients.claim();
    })(),
  );
});

async function trim(cache) {
  const pages = (await cache.keys()).filter((r) => PAGE.test(new URL(r.url).pathname));
  for (const old of pages.slice(0, Math.max(0, pages.length - KEEP_AT_MOST))) {
    await cache.delete(old);
  }
}

async function forgetPages(cache) {
  for (const request of await cache.keys()) {
    if (PAGE.test(new URL(request.url).pathname)) {
      await cache.delete(request);
    }
  }
}

async function keep(urls) {
  const cache = await caches.open(CACHE);
  for (const url of urls.slice(0, 20)) {
    const target = new URL(url, self.location.origin);
    if (target.origin !== self.location.origin) {
      continue;
    }
    try {
      const response = await fetch(target.href, { credentials: "same-origin" });
      if (response.ok && !response.redirected) {
        await cache.put(keyOf(target), response);
      }
    } catch {
      // No connection: what is kept stays.
    }
  }
  await trim(cache);
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep" && Array.isArray(data.urls)) {
    event.waitUntil(keep(data.urls.map(String)));
  }
});

async function networkFirst(request, url) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.redirected && new URL(response.url).pathname.startsWith("/login")) {
      await forgetPages(cache); // logged out: keep nobody's workouts on this device
    } else if (response.ok && !response.redirected) {
      await cache.put(keyOf(url), response.clone());
    }
    return response;
  } catch {
    const kept = await cache.match(keyOf(url));
    if (kept) {
      return kept;
    }
    if (request.mode === "navigate") {
      return new Response(OFFLINE, {
        status: 503,
        headers: { "Content-Type": "text/html; charset=utf-8" },
      });
    }
    return Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  const page = request.mode === "navigate" && PAGE.test(url.pathname);
  if (page || url.pathname.startsWith("/static/")) {
    event.respondWith(networkFirst(request, url));
  }
});
