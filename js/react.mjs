// samtykke/react: `useConsent(category)` and `useSamtykke()`, on React's useSyncExternalStore.
//
// The store is the one API object `load()` hands out; the hooks re-read it on samtykke's window
// events and never decide anything themselves (isGranted does). On the server and before the API
// is there, a category is not granted, so server HTML and the first client render agree.

import { useEffect, useSyncExternalStore } from 'react';

import { load } from './samtykke.mjs';

var EVENTS = ['samtykke:ready', 'samtykke:change', 'samtykke:error'];
var api = null;
var listeners = [];
var listening = false;

function changed() {
  listeners.slice().forEach(function (l) { l(); });
}

function subscribe(listener) {
  listeners.push(listener);
  if (!listening) {
    listening = true;
    EVENTS.forEach(function (type) { addEventListener(type, changed); });
  }
  return function () {
    var i = listeners.indexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
  };
}

function got(s) {
  if (api !== s) {
    api = s;
    changed();
  }
}

// With options, load() starts at once. Without, it waits a microtask: every effect of this commit
// has run by then, so options given further up the tree (or to load() at start-up) are the ones
// used, and the hooks below just join them.
function start(options) {
  var go = function () { return load(options).then(got, changed); };
  if (options) go();
  else Promise.resolve().then(go);
}

function noApi() {
  return null;
}

function no() {
  return false;
}

/**
 * The API object (`window.samtykke`) once samtykke's loader has run; null before, on the server,
 * and if it could not be loaded. Options go to `load()`; give them in one place.
 */
export function useSamtykke(options) {
  useEffect(function () { start(options); }, []); // eslint-disable-line react-hooks/exhaustive-deps
  return useSyncExternalStore(subscribe, function () { return api; }, noApi);
}

/**
 * True while the visitor has granted `category`; false before the choice is read, on the server,
 * for unknown ids, and when samtykke failed closed. Re-renders on every change, without a reload.
 */
export function useConsent(category, options) {
  useEffect(function () { start(options); }, []); // eslint-disable-line react-hooks/exhaustive-deps
  return useSyncExternalStore(
    subscribe,
    function () { return api !== null && api.isGranted(String(category)); },
    no,
  );
}
