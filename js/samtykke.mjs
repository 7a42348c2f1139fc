// samtykke ES module entry (`import { load } from 'samtykke'`). `cargo xtask dist` minifies it into
// dist/samtykke.mjs beside the classic loader samtykke.js.
//
// Why it injects the classic loader instead of containing it: the loader must find
// samtykke_bg.wasm and i18n/ next to itself, run once per page however often it is included, and
// keep working for plain script tags. So this module only makes sure that one copy of samtykke.js
// runs, and hands out `window.samtykke` once it exists.
//
// Importing this module does nothing by itself. `load()` does the work, and it is asynchronous:
// an injected classic script runs later, never during the import.

// Not a literal in `new URL('…', import.meta.url)`: bundlers would copy samtykke.js alone into
// their output under a hashed name, away from the wasm it needs. With a bundler, the Vite plugin
// (samtykke/vite) or `base` says where the runtime files are.
var LOADER_FILE = 'samtykke.js';
// samtykke/vite replaces this name with the URL of the folder it serves and emits the runtime files
// in. Unreplaced it is an undeclared global, and named access can only make it an element.
var PLUGIN_BASE = typeof __SAMTYKKE_BASE__ === 'string' ? __SAMTYKKE_BASE__ : null;
var HINT = 'if this module was bundled, add the samtykke/vite plugin or pass `base`, the folder URL of the runtime files';
var loading = null;
var first = null;

// samtykke's object is an own property of window; `<h2 id="samtykke">` is one only by named access.
function loaded() {
  var own = Object.getOwnPropertyDescriptor(window, 'samtykke');
  return own && !own.writable ? own.value : undefined;
}

function fail(message) {
  var reason = 'samtykke: ' + message;
  if (typeof window !== 'undefined') {
    window.dispatchEvent(new CustomEvent('samtykke:error', { detail: message }));
  }
  return Promise.reject(new Error(reason));
}

// What a call's options mean, to tell the same options given twice from different ones.
function key(options) {
  var o = options || {};
  var c = o.config;
  return JSON.stringify([c instanceof URL ? String(c) : c, o.src === undefined ? null : String(o.src),
    o.base === undefined ? null : String(o.base), o.nonce === undefined ? null : String(o.nonce)]);
}

/**
 * Makes sure the classic loader runs once on this page and resolves with `window.samtykke`
 * (which exists before the wasm has loaded; await its `ready` for the stored choice).
 * Every call returns the same promise; only the first call's options are used, and a later call
 * with different options says so in the console (the same options again, or none, are fine).
 */
export function load(options) {
  if (loading) {
    var k;
    try {
      k = key(options);
    } catch (e) {
      k = null;
    }
    if (options && k !== first) console.warn('samtykke: load() was already called with other options; these are not used');
    return loading;
  }
  try {
    first = key(options);
  } catch (e) {
    first = null;
  }
  loading = start(options || {});
  return loading;
}

function start(options) {
  if (typeof window === 'undefined' || typeof document === 'undefined') {
    return fail('load() needs a browser (window and document)');
  }
  if (loaded()) {
    if (options.config !== undefined) {
      console.warn('samtykke: already loaded by a script tag; the config given to load() is not used');
    }
    return Promise.resolve(loaded());
  }
  var src;
  var guessed = options.src === undefined && options.base === undefined && PLUGIN_BASE === null;
  try {
    if (options.src !== undefined) {
      src = new URL(String(options.src), document.baseURI).href;
    } else {
      var base = options.base !== undefined ? String(options.base) : PLUGIN_BASE;
      // A folder: `/samtykke` means `/samtykke/`, never its parent.
      if (base !== null && !/\/$/.test(base)) base += '/';
      src = new URL(LOADER_FILE, base === null ? import.meta.url : new URL(base, document.baseURI)).href;
    }
  } catch (e) {
    return fail('load(): `' + (options.src !== undefined ? 'src' : 'base') + '` is not a URL (' + e.message + ')');
  }
  // A script tag for the same file may be on the page and not have run yet (async, or inserted by
  // someone else): wait for it rather than start a second copy that would find no config.
  var existing = [].slice.call(document.scripts).filter(function (s) { return s.src === src; })[0];
  if (existing) return settled(existing, src, guessed);

  var config = options.config;
  var script = document.createElement('script');
  script.src = src;
  if (options.nonce) script.nonce = String(options.nonce);
  if (config !== undefined && config !== null) {
    if (typeof config === 'string' || config instanceof URL) {
      script.setAttribute('data-config', String(config));
    } else if (typeof config === 'object') {
      if (document.querySelector('script[id="samtykke-config"][type="application/json" i]')) {
        return fail('load(): the page already has <script id="samtykke-config">; pass no `config` object as well');
      }
      var inline = document.createElement('script');
      inline.type = 'application/json';
      inline.id = 'samtykke-config';
      try {
        inline.textContent = JSON.stringify(config);
      } catch (e) {
        return fail('load(): `config` cannot be written as JSON (' + e.message + ')');
      }
      (document.body || document.documentElement).appendChild(inline);
    } else {
      return fail('load(): `config` must be a URL or a config object, not ' + typeof config);
    }
  }
  var done = settled(script, src, guessed);
  (document.body || document.documentElement).appendChild(script);
  return done;
}

function settled(script, src, guessed) {
  return new Promise(function (resolve, reject) {
    function finish() {
      script.removeEventListener('load', finish);
      script.removeEventListener('error', finish);
      if (loaded()) {
        resolve(loaded());
        return;
      }
      // Nothing gated runs without samtykke; say so and let the caller decide.
      fail('could not load ' + src + '; no optional script will run' + (guessed ? ' (' + HINT + ')' : '')).then(null, reject);
    }
    script.addEventListener('load', finish);
    script.addEventListener('error', finish);
  });
}
