// samtykke loader. `cargo xtask dist` wraps wasm-bindgen's no-modules glue and this file in one
// function scope, so `wasm_bindgen` below is the glue's init function with the wasm's exports on it.
//
// Why this file exists: `window.samtykke` must exist synchronously, before the wasm has loaded, and
// the wasm and the config must be fetched at once, in parallel. Everything else is decided in Rust.
// Any failure here fails closed: the page gets `ready` resolved with null, nothing gated runs.

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

var exports = null; // the wasm's exports once boot() has run
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

// Calls into the wasm; before it has started, actions wait in order and run once it has.
function call(name, args) {
  if (broken) return;
  if (!exports) {
    queue.push([name, args]);
    return;
  }
  try {
    return exports[name].apply(null, args);
  } catch (e) {
    // A trap (panic) in the wasm: stop calling it; what has not run stays blocked.
    console.error('samtykke: internal error, nothing more will run:', e);
    failed('internal error: ' + e);
    settle(null);
  }
}

function ask(name, arg, otherwise) {
  return exports && !broken ? call(name, [arg]) : otherwise;
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
  audit: function () { return (exports && !broken && call('audit', [])) || []; },
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

// The requests start now, side by side: the wasm, the config, and the language file the visitor
// will most likely see (the wasm decides; a wrong guess costs one more request, never a wrong text).
var base = (me && me.src) || real('baseURI');
var dir = new URL('.', base).href;
var wasmUrl = new URL('samtykke_bg.wasm', base);
var LANGUAGES = /*LANGUAGES*/[]; // filled in by `cargo xtask dist`: the i18n/<code>.json files
var guess = [real('documentElement').lang].concat(navigator.languages || []).map(function (tag) {
  var code = String(tag || '').split(/[-_]/)[0].toLowerCase();
  return code === 'nn' || code === 'no' ? 'nb' : code;
}).filter(function (code) { return code === 'en' || LANGUAGES.indexOf(code) >= 0; })[0];
var language = guess && guess !== 'en'
  ? fetch(dir + 'i18n/' + guess + '.json').then(
      function (r) { return r.ok ? r.text() : null; },
      function () { return null; })
  : null;
// Not served as wasm: read first, so that HTML (an SPA's fallback page) gets a message saying so.
var HTML = 'the server answered HTML (an SPA fallback?) for ' + wasmUrl;
var wasmReady = wasm_bindgen({
  module_or_path: fetch(wasmUrl).then(function (r) {
    if (!r.ok) throw new Error('HTTP ' + r.status);
    var html = /html/.test(r.headers.get('content-type'));
    return /wasm/.test(r.headers.get('content-type')) ? r : r.arrayBuffer().then(function (bytes) {
      if (html || new Uint8Array(bytes)[0] === 60) throw new Error(HTML);
      return bytes;
    });
  }),
});
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

Promise.all([wasmReady, config, domReady, language]).then(
  function (done) {
    var cfg = done[1] || inlineConfig();
    exports = wasm_bindgen;
    var why = call('boot', [cfg[0], cfg[1], dir, language ? guess : null, done[3], googlePush, googleDefault]);
    if (why) {
      failed(why);
      dispatchEvent(new CustomEvent('samtykke:ready', { detail: null }));
    }
    settle(why ? null : api.getConsent());
    var pending = queue;
    queue = [];
    pending.forEach(function (c) { call(c[0], c[1]); });
  },
  function (e) { fail(e && e.message === HTML ? HTML : 'could not load ' + wasmUrl + ' (' + (e && e.message) + ')'); }
);
