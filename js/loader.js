// samtykke loader. `cargo xtask dist` wraps js/first.js and this file in one function scope, and
// puts the first-paint wasm (first/, a few KB) into FIRST below as hex.
//
// Two wasm modules, both deciding in Rust:
// - first: inlined here, so a first visit needs no second request. It understands a strict subset
//   of configs (an inline config, English, no Consent Mode, receipts, mirror cookie, services or
//   embeds) and does the banner, Accept all, Reject all and a return visit's gating itself. For
//   anything else it says so before touching the page (`firstPrepare` or its start returns null).
// - the full module (samtykke_bg.wasm with its wasm-bindgen glue samtykke_bg.js, an ES module):
//   everything. Fetched when first defers, or when the visitor asks for what only it does (the
//   preferences, the reopen control, an API call such as setConsent): then first steps aside and
//   the full module takes over the page in one task.
//
// Why this file exists: `window.samtykke` must exist synchronously, before any wasm has started.
// It fetches, decodes, instantiates and queues; everything else is decided in Rust. Any failure here
// fails closed: the page gets `ready` resolved with null, nothing gated runs.

var w = window;
var d = document;
// The page is hostile: `<img name="currentScript">` or `<form name="querySelectorAll">` shadow the
// document's own properties, and `<h2 id="samtykke">` is `window.samtykke` by named access. So the
// document is read through its prototypes' getters, and only an own property is samtykke's object.
function real(name) {
  for (var p = Document.prototype; p; p = Object.getPrototypeOf(p)) {
    var desc = Object.getOwnPropertyDescriptor(p, name);
    if (desc) return desc.get ? desc.get.call(d) : desc.value;
  }
}
function configElements() {
  return [].slice.call(real('querySelectorAll').call(d, '[id="samtykke-config"]'));
}
function isConfigElement(el) {
  return el instanceof HTMLScriptElement &&
    String(el.getAttribute('type')).trim().toLowerCase() === 'application/json';
}
// samtykke's own object is a read-only own property of window (defined below); a page's global
// variable is writable, and named access gives no own property at all.
var loaded = Object.getOwnPropertyDescriptor(w, 'samtykke');
if (loaded && !loaded.writable) {
  console.warn('samtykke: loaded twice; this copy does nothing');
  return;
}

// Google Consent Mode: Google's tags read the `default` command from dataLayer when they start, so
// it must be there before them, whatever happens next. Only an inline config above this script is
// readable this early; the default denies every type, and the wasm's first `update` grants what the
// validated config and the visitor allow (an invalid config must not grant anything).
function gtag() { (w.dataLayer = w.dataLayer || []).push(arguments); }
function googlePush(command, name, json) { gtag(command, name, JSON.parse(json)); }
var GOOGLE_TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
  'functionality_storage', 'personalization_storage', 'security_storage'];
var googleDefault = false;
var early = configElements().filter(isConfigElement);
var gcm = null;
if (early.length === 1) {
  try {
    gcm = JSON.parse(early[0].textContent).googleConsentMode;
  } catch (e) {
    // A broken config that meant to use Consent Mode still gets a default that denies everything.
    gcm = early[0].textContent.indexOf('googleConsentMode') >= 0 ? {} : null;
  }
} else if (early.some(function (el) { return el.textContent.indexOf('googleConsentMode') >= 0; })) {
  gcm = {}; // two configs are an error below; Google's tags still start with everything denied
}
if (gcm) {
  var state = {};
  GOOGLE_TYPES.forEach(function (type) { state[type] = 'denied'; });
  // As the core's ConsentMode::default_commands: 500 ms unless set, and with `region` an unscoped
  // default first, so visitors outside those regions do not start granted by omission.
  state.wait_for_update = typeof gcm.waitForUpdate === 'number' ? gcm.waitForUpdate : 500;
  gtag('consent', 'default', state);
  if (Array.isArray(gcm.region)) {
    state = Object.assign({}, state, { region: gcm.region.filter(function (r) { return typeof r === 'string'; }) });
    gtag('consent', 'default', state);
  }
  if (gcm.adsDataRedaction === true) gtag('set', 'ads_data_redaction', true);
  if (gcm.urlPassthrough === true) gtag('set', 'url_passthrough', true);
  googleDefault = true;
}

var full = null; // the full module's exports once boot() has run
var firstApi = null; // first's object while first is in charge
var taking = null; // the full module's hand-over, once asked for
var broken = false;
var failure = null; // why samtykke failed closed, once it has: `samtykke.failed`
var queue = [];
var settle;
// Settled by this file only: a `samtykke:ready` event can be dispatched by any script on the page.
var ready = new Promise(function (resolve) { settle = resolve; });

function fail(message) {
  console.error('samtykke: ' + message + '. Failing closed: no optional script will run and no choice is stored.');
  failed(message);
  dispatchEvent(new CustomEvent('samtykke:ready', { detail: null }));
  settle(null);
}

// `failed` is set before `samtykke:error` (and then `samtykke:ready`) is heard.
function failed(reason) {
  broken = true;
  if (failure) return;
  failure = reason;
  dispatchEvent(new CustomEvent('samtykke:error', { detail: reason }));
}

// What first answers itself while it is in charge; every other call needs the full module.
var FIRST_CALLS = ['isGranted', 'getConsent', 'acceptAll', 'rejectAll'];

// Calls into the wasm; before it has started, actions wait in order and run once it has.
function call(name, args) {
  if (broken) return;
  if (firstApi && !taking && FIRST_CALLS.indexOf(name) >= 0) return firstApi[name].apply(null, args);
  if (!full) {
    queue.push([name, args]);
    if (firstApi) takeOver(null);
    return;
  }
  try {
    return full[name].apply(null, args);
  } catch (e) {
    // A trap (panic) in the wasm: stop calling it; what has not run stays blocked.
    console.error('samtykke: internal error, nothing more will run:', e);
    failed('internal error: ' + e);
    settle(null);
  }
}

// Questions (isGranted, getConsent): first answers until the full module has taken over.
function ask(name, arg, otherwise) {
  if (broken) return otherwise;
  if (firstApi) return firstApi[name](arg);
  return full ? call(name, [arg]) : otherwise;
}

var api = {
  ready: ready,
  get failed() { return failure; },
  isGranted: function (id) { return ask('isGranted', String(id), false) === true; },
  whenGranted: function (id) {
    return new Promise(function (resolve) {
      function check() {
        if (!api.isGranted(id)) return false;
        removeEventListener('samtykke:change', check);
        resolve(api.getConsent());
        return true;
      }
      ready.then(function () {
        if (!check()) addEventListener('samtykke:change', check);
      });
    });
  },
  getConsent: function () { return ask('getConsent', undefined, null) || null; },
  acceptAll: function () { call('acceptAll', []); },
  rejectAll: function () { call('rejectAll', []); },
  setConsent: function (choices) { call('setConsent', [choices]); },
  showPreferences: function () { call('showPreferences', []); },
  withdraw: function () { call('withdraw', []); },
  setLanguage: function (code) { call('setLanguage', [String(code)]); },
  onChange: function (callback) {
    function listener(e) { callback(e.detail); }
    addEventListener('samtykke:change', listener);
    return function () { removeEventListener('samtykke:change', listener); };
  },
  // The audit is the full module's: while first is in charge it is fetched, and this answers [].
  audit: function () { return (full && !broken && call('audit', [])) || (firstApi && takeOver(null), []); },
};
try {
  Object.defineProperty(w, 'samtykke', { value: Object.freeze(api), enumerable: true });
} catch (e) {
  // The page made `window.samtykke` its own, unchangeable: there is no API to hand out.
  console.error('samtykke: window.samtykke is taken; failing closed');
  return;
}

// Where the wasm, the language files and the config come from: only a real <script> says that.
var me = real('currentScript');
if (me !== null && !(me instanceof HTMLScriptElement)) {
  fail('document.currentScript is not a <script> element');
  return;
}
var configSrc = me && me.getAttribute('data-config');
var configUrl = null;
if (configSrc) {
  try {
    configUrl = new URL(configSrc, real('baseURI'));
  } catch (e) {
    fail('data-config="' + configSrc + '" is not a URL');
    return;
  }
}

var base = (me && me.src) || real('baseURI');
var dir = new URL('.', base).href;
var wasmUrl = new URL('samtykke_bg.wasm', base);
var LANGUAGES = /*LANGUAGES*/[]; // filled in by `cargo xtask dist`: the i18n/<code>.json files
var FIRST = /*FIRST*/''; // filled in by `cargo xtask dist`: first.wasm as hex

// The full module: its glue (an ES module), its wasm and the language file the visitor will most
// likely see, fetched side by side (the wasm decides; a wrong guess costs one more request, never a
// wrong text). Asked for once, when it is first needed.
var HTML = 'the server answered HTML (an SPA fallback?) for ' + wasmUrl;
var fullFiles = null;
function loadFull() {
  if (fullFiles) return fullFiles;
  var guess = [real('documentElement').lang].concat(navigator.languages || []).map(function (tag) {
    var code = String(tag || '').split(/[-_]/)[0].toLowerCase();
    return code === 'nn' || code === 'no' ? 'nb' : code;
  }).filter(function (code) { return code === 'en' || LANGUAGES.indexOf(code) >= 0; })[0];
  var language = guess && guess !== 'en'
    ? fetch(dir + 'i18n/' + guess + '.json').then(
        function (r) { return r.ok ? r.text() : null; },
        function () { return null; })
    : null;
  var wasm = fetch(wasmUrl).then(function (r) {
    if (!r.ok) throw new Error('HTTP ' + r.status);
    var html = /html/.test(r.headers.get('content-type'));
    // Not served as wasm: read first, so that HTML (an SPA's fallback page) gets a message saying so.
    return /wasm/.test(r.headers.get('content-type')) ? r : r.arrayBuffer().then(function (bytes) {
      if (html || new Uint8Array(bytes)[0] === 60) throw new Error(HTML);
      return bytes;
    });
  });
  var glue = import(dir + 'samtykke_bg.js');
  fullFiles = Promise.all([glue, wasm]).then(function (got) {
    var module = got[0];
    return module.default({ module_or_path: got[1] }).then(function () {
      return language ? language.then(function (text) { return [module, guess, text]; }) : [module, null, null];
    });
  });
  return fullFiles;
}
function loadFailed(e) {
  return e && e.message === HTML ? HTML : 'could not load ' + wasmUrl + ' (' + (e && e.message) + ')';
}

function configFailed(why) { return [null, 'could not load the config from ' + configSrc + ' (' + why + ')']; }
var config = configUrl
  ? fetch(configUrl, { credentials: 'same-origin' }).then(
      function (r) {
        return r.ok
          ? r.text().then(function (text) { return [text]; }, function (e) { return configFailed(e.message); })
          : configFailed('HTTP ' + r.status);
      },
      function (e) { return configFailed(e.message); })
  : null;
var domReady = real('readyState') === 'loading'
  ? new Promise(function (resolve) { real('addEventListener').call(d, 'DOMContentLoaded', resolve, { once: true }); })
  : null;

// The inline config may sit below the loader, so it is looked for once the document is parsed.
// Only a <script type="application/json"> is a config: user content the site lets through (a comment
// with <div id="samtykke-config">) must not become one, and two configs are one too many.
function inlineConfig() {
  var found = configElements().filter(function (el) {
    if (isConfigElement(el)) return true;
    console.warn('samtykke: ignoring a <' + el.tagName.toLowerCase() + ' id="samtykke-config">: only a <script type="application/json"> is a config');
    return false;
  });
  if (found.length > 1) return [null, found.length + ' <script type="application/json" id="samtykke-config"> elements on the page; there must be one'];
  return found.length ? [found[0].textContent] : [null, null];
}

// Boots the full module with the config; `after` is first's hand-over (then the page already heard
// `samtykke:ready`, and the full module picks up the state first left in storage and on the page).
function bootFull(cfg, got, after) {
  full = got[0];
  var why = call('boot', [cfg[0], cfg[1], dir, got[1], got[2], googlePush, googleDefault, !!after]);
  if (why) {
    failed(why);
    if (!after) dispatchEvent(new CustomEvent('samtykke:ready', { detail: null }));
  }
  settle(why ? null : api.getConsent());
  var pending = queue;
  queue = [];
  pending.forEach(function (c) { call(c[0], c[1]); });
}

var cfg = null;
// The visitor (or the page) asked for what only the full module does. First stays in charge until
// the full module is here, so a failed fetch leaves a working banner, not none. What first handed
// over is then done by the full module: open the preferences, or switch to the language picked.
function takeOver(action, detail) {
  if (taking) return taking;
  taking = loadFull().then(function (got) {
    var first = firstApi;
    firstApi = null;
    try {
      if (first) first.stop();
    } catch (e) {
      // Stopping failed: the full module takes over regardless, drawing afresh.
    }
    bootFull(cfg, got, true);
    if (action === 'preferences') call('showPreferences', []);
    if (action === 'language') call('setLanguage', [String(detail)]);
  }, function (e) {
    taking = null;
    // first stopped after an error of its own, and nothing can take over: fail closed.
    if (!firstApi) {
      console.error('samtykke: ' + loadFailed(e) + '. Failing closed: no optional script will run and no choice is stored.');
      return failed(loadFailed(e));
    }
    // Without the full module, first keeps the page; the queued calls cannot run.
    console.error('samtykke: ' + loadFailed(e) + '; the preferences cannot open');
    fullFiles = null; // asked again, it is fetched again
    queue = [];
  });
  return taking;
}

// Lower-case hex to bytes, where the engine has no Uint8Array.fromHex: '0'-'9' are 0x30-0x39 and
// 'a'-'f' 0x61-0x66, so the low four bits plus 9 for letters (bit 6) give the digit's value.
function hex(text) {
  if (Uint8Array.fromHex) return Uint8Array.fromHex(text);
  var bytes = new Uint8Array(text.length >> 1);
  for (var i = 0; i < bytes.length; i++) {
    var h = text.charCodeAt(2 * i);
    var l = text.charCodeAt(2 * i + 1);
    bytes[i] = ((h & 15) + (h >> 6) * 9) << 4 | ((l & 15) + (l >> 6) * 9);
  }
  return bytes;
}

// first, instantiated with a config text: [text, start or null] (see js/first.js), or [text, null,
// the error] when it could not be compiled or instantiated.
function prepare(text) {
  try {
    return [text, firstPrepare(hex(FIRST), text)];
  } catch (e) {
    return [text, null, e];
  }
}
var firstUsable = FIRST && typeof WebAssembly === 'object';
// An inline config above this script is read now, while the parser finishes the page: first is
// compiled and reads it, the stored choice and the language before DOMContentLoaded. It touches the
// page only after, and only if the document then holds that one config with the same text.
var prepared = !configUrl && firstUsable && early.length === 1 ? prepare(early[0].textContent) : null;

Promise.all([config, domReady]).then(function (done) {
  cfg = done[0] || inlineConfig();
  // first only ever takes a config text it fully understands; any problem is the full module's to
  // name. Without WebAssembly at all, the full module's load says so.
  var tried = cfg[0] !== null && firstUsable
    ? new Promise(function (resolve) {
        var made = prepared && prepared[0] === cfg[0] ? prepared : prepare(cfg[0]);
        prepared = null;
        if (made[2]) throw made[2];
        resolve(made[1] && made[1](function (action, detail) {
          // After "error" first has stopped itself: nothing it granted is taken back, and it
          // answers no more questions.
          if (action === 'error') firstApi = null;
          takeOver(action, detail);
        }, function (api) {
          // first is in charge from here: gated scripts it runs may already ask the API.
          firstApi = api;
        }));
      }).catch(function (e) {
        console.warn('samtykke: the first-paint module could not start (' + (e && e.message) + '); loading the full one');
        return null;
      })
    : Promise.resolve(null);
  return tried.then(function (first) {
    // A first that stopped half-way (it says why in the console) answers nothing any more.
    if (!first) firstApi = null;
    if (first) {
      settle(first.getConsent());
      var pending = queue;
      queue = [];
      pending.forEach(function (c) { call(c[0], c[1]); });
      return;
    }
    return loadFull().then(function (got) { bootFull(cfg, got, false); }, function (e) { fail(loadFailed(e)); });
  });
});
