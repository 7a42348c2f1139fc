// The glue of the first-paint wasm (first/). `cargo xtask dist` puts this file into samtykke.js's one
// function scope, before js/loader.js; it only defines `firstStart`. The wasm decides (config,
// language, stored record, what to write, which cookies go, which gated script runs, the markup);
// this file carries strings in and out and applies the answers to the page.
//
// firstStart(bytes, configText, handover) resolves null when first does not fully understand the
// config or the page (it has touched nothing then), else an object (isGranted, getConsent,
// acceptAll, rejectAll, stop) once it has run the stored choice's gated scripts, drawn the banner or
// the reopen control and sent `samtykke:ready`. For what only the full module does, first calls
// handover(action[, detail]) once and ignores everything after: "preferences" (the Choose button,
// the reopen control, or a page element with data-samtykke-open, passed as detail), "language" (the
// switcher; the code picked as detail), "storage" (another tab changed the choice or the language),
// "embed" (a gated iframe appeared), "error" (first failed and has stopped itself).
function firstStart(bytes, configText, handover) {
  var D = document;
  var N = navigator;
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();
  var X; // the wasm's exports
  var IN; // its input buffer
  var text = function (at, n) { return decoder.decode(new Uint8Array(X.memory.buffer, at, n)); };
  var out = function (n) { return text(X.o(), n); };
  // Writes the strings one after another into the input buffer; their byte lengths (-1: none).
  var put = function () {
    var at = 0;
    return [].map.call(arguments, function (s) {
      if (s == null) return -1;
      var done = encoder.encodeInto(s, IN.subarray(at));
      if (done.read < s.length) throw Error('input too long');
      at += done.written;
      return done.written;
    });
  };
  var emit = function (name, detail) {
    dispatchEvent(new CustomEvent('samtykke:' + name, { detail: detail }));
  };
  var SCRIPTS = 'script[type="text/plain"][data-consent]:not([data-samtykke])';
  var EMBEDS = 'iframe[data-consent]';
  var ACTIONS = /^(accept-all|reject-all|save|withdraw|preferences|reopen|close|language|embed-allow|embed-settings)$/;
  var DONE = 'data-samtykke';

  var key; // the storage key
  var record = null; // the current record's JSON text
  var off = 0; // handed over or stopped: first does nothing more
  var dead = 0; // failed: first grants nothing any more
  var hosts = [];
  var roots = [];
  var queue = []; // scripts to revive, in document order
  var busy = 0; // an external script is loading
  var opener = null; // where focus was before the banner took it
  var sheet = null;
  var css;
  var observer;
  var local = function () { return localStorage; };

  var consent = function () { return record == null ? null : JSON.parse(record); };
  var hand = function (action, detail) {
    if (off) return;
    off = 1;
    handover(action, detail);
  };
  var stop = function () {
    off = 1;
    if (observer) observer.disconnect();
    hosts.forEach(function (h) { h.remove(); });
    removeEventListener('storage', onStorage);
    D.removeEventListener('click', onPage);
    // Queued scripts are the full module's to decide again.
    queue.forEach(function (el) { el.removeAttribute(DONE); });
    queue = [];
  };
  var fail = function (e) {
    dead = 1;
    stop();
    console.error('samtykke: the first-paint module failed (' + e + '); the full module takes over');
    handover('error');
  };
  // Runs `f` unless first is off; any error stops first and hands over.
  var guard = function (f) {
    return function (a) {
      if (!off) {
        try {
          f(a);
        } catch (e) {
          fail(e);
        }
      }
    };
  };

  // The gated scripts the grants allow (src/browser/gating.rs `apply`; the wasm gives each verdict).
  var gate = function () {
    D.querySelectorAll(SCRIPTS).forEach(function (el) {
      var a = function (name) { return el.getAttribute(name); };
      var verdict = X.g.apply(null, put(a('data-consent'), a('data-src'), a('src'), a('data-type'), a('id')));
      if (verdict == 2) el.setAttribute(DONE, 'refused');
      if (verdict == 1) {
        el.setAttribute(DONE, '');
        queue.push(el);
      }
    });
    drain();
  };
  // Revives queued scripts in order; an external one holds back the rest until it loads or fails.
  var drain = function () {
    while (!busy && queue.length) {
      var old = queue.shift();
      var fresh = D.createElement('script');
      [].forEach.call(old.attributes, function (at) {
        if (!/^(type|data-src|data-type|data-samtykke)$/.test(at.name)) {
          try {
            fresh.setAttribute(at.name, at.value);
          } catch (e) {
            // A name the parser took but setAttribute refuses: left out, as the full module does.
          }
        }
      });
      var type = old.getAttribute('data-type');
      if (type != null) fresh.setAttribute('type', type);
      fresh.setAttribute(DONE, 'ran');
      if (old.nonce) fresh.nonce = old.nonce;
      var src = old.getAttribute('data-src');
      if (src != null) {
        fresh.src = src;
        fresh.async = false;
        fresh.addEventListener('load', next);
        fresh.addEventListener('error', next);
      } else {
        fresh.text = old.textContent;
      }
      try {
        old.replaceWith(fresh);
        busy = src != null;
      } catch (e) {
        // Not in the document any more: nothing to wait for.
      }
    }
  };
  var next = function () {
    busy = 0;
    drain();
  };

  var render = function () {
    roots.forEach(function (root, i) {
      root.innerHTML = (sheet ? '' : '<style>' + css + '</style>') + out(X.h(i));
    });
  };
  // The page element that has focus, unless it is the banner's host or the body.
  var pageElement = function () {
    var el = D.activeElement;
    return el && el.id != 'samtykke' && el != D.body && el instanceof HTMLElement ? el : null;
  };
  var focus = function (selector) {
    var el = roots[0].querySelector(selector) || roots[1].querySelector(selector);
    if (el) el.focus();
  };

  var decide = guard(function (accept) {
    crypto.getRandomValues(IN.subarray(0, 16));
    var n = X.d(accept, Date.now());
    if (!n) throw Error('no record');
    var json = out(n);
    local().setItem(key, json);
    record = json;
    var jar = '';
    try {
      jar = D.cookie;
    } catch (e) {
      // A sandboxed page may not read its cookies.
    }
    X.x.apply(null, put(jar, location.hostname));
    render();
    // Focus goes back where it was before the banner took it, else to the reopen control.
    var el = opener;
    opener = null;
    if (el && el.isConnected) {
      el.focus();
      if (pageElement()) el = 0;
    }
    if (el !== 0) focus('[data-action="reopen"]');
    gate();
    emit('change', consent());
  });

  var action = function (event) {
    var path = event.composedPath();
    for (var i = 0; i < path.length; i++) {
      var a = path[i].getAttribute && path[i].getAttribute('data-action');
      if (a && ACTIONS.test(a)) return [a, path[i]];
    }
    return [];
  };
  var onClick = guard(function (event) {
    var a = action(event)[0];
    if (a == 'accept-all' || a == 'reject-all') decide(a == 'accept-all');
    if (a == 'preferences' || a == 'reopen') hand('preferences');
  });
  var onChange = guard(function (event) {
    var a = action(event);
    if (a[0] == 'language') hand('language', a[1].value);
  });
  var onPage = guard(function (event) {
    var t = event.target;
    var el = t && t.closest && t.closest('[data-samtykke-open]');
    if (el) {
      event.preventDefault();
      hand('preferences', el);
    }
  });
  var onStorage = guard(function (event) {
    var k = event.key;
    if (k == null || k == key || k == key + '-language') hand('storage');
  });

  return WebAssembly.instantiate(bytes, {
    x: {
      e: function (at, n) { console.error(text(at, n)); },
      k: function (at, n) {
        try {
          D.cookie = text(at, n);
        } catch (e) {
          // A sandboxed page may not write cookies: nothing to delete there.
        }
      },
    },
  }).then(function (wasm) {
    X = wasm.instance.exports;
    IN = new Uint8Array(X.memory.buffer, X.i(), 65536);
    var root = D.documentElement;
    var stored;
    try {
      var n = X.c(put(configText)[0]);
      // Gated iframes need the full module's placeholders; Global Privacy Control its rules.
      if (!n || !D.body || D.querySelector(EMBEDS) || N.globalPrivacyControl === true) return null;
      key = out(n);
      stored = local().getItem(key);
      [local().getItem(key + '-language'), root && root.getAttribute('lang')]
        .concat([].slice.call(N.languages || []))
        .forEach(function (tag) { if (tag != null) X.n(put(tag)[0]); });
      n = X.s(stored == null ? -1 : put(stored)[0], Date.now(), N.doNotTrack === '1');
      if (!n) return null;
    } catch (e) {
      // Storage that throws, a config too long for first: the full module's to handle.
      return null;
    }
    // From here on first is in charge of the page. The order is the full module's boot: gated
    // elements added later are watched, the stored choice's scripts run, then the UI is drawn.
    try {
      if (n == 2) record = stored;
      observer = new MutationObserver(guard(function (records) {
        var added = records.some(function (r) {
          return [].some.call(r.addedNodes, function (node) { return node.nodeType == 1; });
        });
        if (added) D.querySelector(EMBEDS) ? hand('embed') : gate();
      }));
      observer.observe(root, { childList: true, subtree: true });
      gate();
      css = out(X.y());
      try {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
      } catch (e) {
        sheet = null;
      }
      ['samtykke', 'samtykke-reopen'].forEach(function (id) {
        var host = D.createElement('div');
        host.id = id;
        var shadow = host.attachShadow({ mode: 'open' });
        if (sheet) shadow.adoptedStyleSheets = [sheet];
        shadow.addEventListener('click', onClick);
        shadow.addEventListener('change', onChange);
        D.body.appendChild(host);
        hosts.push(host);
        roots.push(shadow);
      });
      render();
      if (n == 1) {
        opener = pageElement();
        focus('.banner');
      }
      D.addEventListener('click', onPage);
      addEventListener('storage', onStorage);
      emit('ready', consent());
    } catch (e) {
      stop();
      console.error('samtykke: the first-paint module failed (' + e + '); loading the full one');
      return null;
    }
    return {
      isGranted: function (id) { return !dead && X.q(put(String(id))[0]) == 1; },
      getConsent: consent,
      acceptAll: function () { decide(1); },
      rejectAll: function () { decide(0); },
      stop: stop,
    };
  });
}
