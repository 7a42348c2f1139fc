// samtykke loader. `cargo xtask dist` wraps wasm-bindgen's no-modules glue and this file in one
// function scope, so `wasm_bindgen` below is the glue's init function with the wasm's exports on it.
//
// Why this file exists: `window.samtykke` must exist synchronously, before the wasm has loaded, and
// the wasm and the config must be fetched at once, in parallel. Everything else is decided in Rust.
// Any failure here fails closed: the page gets `ready` resolved with null, nothing gated runs.

var w = window;
var d = document;
if (w.samtykke) {
  console.warn('samtykke: loaded twice; this copy does nothing');
  return;
}
var me = d.currentScript;
var base = (me && me.src) || d.baseURI;
var exports = null; // the wasm's exports once boot() has run
var broken = false;
var failure = null; // why samtykke failed closed, once it has: `samtykke.failed`
var queue = [];
var settle;
var ready = new Promise(function (resolve) { settle = resolve; });
addEventListener('samtykke:ready', function (e) { settle(e.detail); }, { once: true });

function fail(message) {
  console.error('samtykke: ' + message + '. Failing closed: no optional script will run and no choice is stored.');
  failed(message);
  dispatchEvent(new CustomEvent('samtykke:ready', { detail: null }));
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
Object.defineProperty(w, 'samtykke', { value: Object.freeze(api), enumerable: true });

// Google Consent Mode: Google's tags read the `default` command from dataLayer when they start, so
// it must be there before them. Only an inline config above this script is readable this early;
// the default denies every type, and the wasm's first `update` grants what the validated config
// and the visitor allow (an invalid config must not grant anything).
function gtag() { (w.dataLayer = w.dataLayer || []).push(arguments); }
function googlePush(command, name, json) { gtag(command, name, JSON.parse(json)); }
var GOOGLE_TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
  'functionality_storage', 'personalization_storage', 'security_storage'];
var googleDefault = false;
var early = d.getElementById('samtykke-config');
var gcm = null;
if (early) {
  try {
    gcm = JSON.parse(early.textContent).googleConsentMode;
  } catch (e) {
    // A broken config that meant to use Consent Mode still gets a default that denies everything.
    gcm = early.textContent.indexOf('googleConsentMode') >= 0 ? {} : null;
  }
}
if (gcm) {
  var state = {};
  GOOGLE_TYPES.forEach(function (type) { state[type] = 'denied'; });
  if (typeof gcm.waitForUpdate === 'number') state.wait_for_update = gcm.waitForUpdate;
  if (Array.isArray(gcm.region)) state.region = gcm.region.filter(function (r) { return typeof r === 'string'; });
  gtag('consent', 'default', state);
  if (gcm.adsDataRedaction === true) gtag('set', 'ads_data_redaction', true);
  if (gcm.urlPassthrough === true) gtag('set', 'url_passthrough', true);
  googleDefault = true;
}

// The requests start now, side by side: the wasm, the config, and the language file the visitor
// will most likely see (the wasm decides; a wrong guess costs one more request, never a wrong text).
var dir = new URL('.', base).href;
var wasmUrl = new URL('samtykke_bg.wasm', base);
var LANGUAGES = /*LANGUAGES*/[]; // filled in by `cargo xtask dist`: the i18n/<code>.json files
var guess = [d.documentElement.lang].concat(navigator.languages || []).map(function (tag) {
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
var configSrc = me && me.getAttribute('data-config');
function configFailed(why) { return [null, 'could not load the config from ' + configSrc + ' (' + why + ')']; }
var config = configSrc
  ? fetch(new URL(configSrc, d.baseURI), { credentials: 'same-origin' }).then(
      function (r) {
        return r.ok
          ? r.text().then(function (text) { return [text]; }, function (e) { return configFailed(e.message); })
          : configFailed('HTTP ' + r.status);
      },
      function (e) { return configFailed(e.message); })
  : null;
var domReady = d.readyState === 'loading'
  ? new Promise(function (resolve) { d.addEventListener('DOMContentLoaded', resolve, { once: true }); })
  : null;

// The inline config may sit below the loader, so it is looked for once the document is parsed.
function inlineConfig() {
  var el = d.getElementById('samtykke-config');
  return el ? [el.textContent] : [null, null];
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
    var pending = queue;
    queue = [];
    pending.forEach(function (c) { call(c[0], c[1]); });
  },
  function (e) { fail(e && e.message === HTML ? HTML : 'could not load ' + wasmUrl + ' (' + (e && e.message) + ')'); }
);
