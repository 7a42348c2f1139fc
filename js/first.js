// The glue of the first-paint wasm (first/). `cargo xtask dist` puts this file into samtykke.js's one
// function scope, before js/loader.js; it only defines `firstPrepare`. The wasm decides (config,
// language, stored record, what to write, which cookies go, which gated script runs, the markup);
// this file carries strings in and out and applies the answers to the page.
//
// firstPrepare(bytes, configText) compiles and instantiates first and reads the config, the stored
// choice and the language, without touching the page; the loader calls it while the parser is
// still busy with the rest of the document. It returns null when first does not fully understand
// the config or the stored choice, else start(handover, started). start, called once the document
// is parsed, returns null when first does not fully understand the page (it has touched nothing
// then), else an object (isGranted, getConsent, acceptAll, rejectAll, stop) once it has run the
// stored choice's gated scripts, drawn the banner or the reopen control and sent `samtykke:ready`.
// It hands that object to started() before it touches the page, so the API answers from then on.
// A compile or instantiation failure throws. For what only the full module does, first calls
// handover(action[, detail]) (the loader fetches the full module once, keeping first in charge until
// it is there, then calls stop()): "preferences" (the Choose button,
// the reopen control, or a page element with data-samtykke-open, passed as detail), "language" (the
// switcher; the code picked as detail), "storage" (another tab changed the choice or the language),
// "embed" (a gated iframe appeared), "error" (first failed and has stopped itself).
function firstPrepare(bytes, configText) {
  const D = document;
  const N = navigator;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let X; // the wasm's exports
  let IN; // its input buffer
  const text = (at, n) => decoder.decode(new Uint8Array(X.memory.buffer, at, n));
  const out = (n) => text(X.o(), n);
  // Writes the strings one after another into the input buffer; their byte lengths (-1: none).
  const put = (...strings) => {
    let at = 0;
    return strings.map((s) => {
      if (s == null) return -1;
      const done = encoder.encodeInto(s, IN.subarray(at));
      if (done.read < s.length) throw Error('input too long');
      at += done.written;
      return done.written;
    });
  };
  const emit = (name, detail) => dispatchEvent(new CustomEvent('samtykke:' + name, { detail }));
  const SCRIPTS = 'script[type="text/plain"][data-consent]:not([data-samtykke])';
  const EMBEDS = 'iframe[data-consent]';
  const ACTIONS = /^(accept-all|reject-all|save|withdraw|preferences|reopen|close|language|embed-allow|embed-settings)$/;
  const DONE = 'data-samtykke';
  let handover; // start's argument

  let key; // the storage key
  let record = null; // the current record's JSON text
  let off = 0; // handed over or stopped: first does nothing more
  let dead = 0; // failed: first grants nothing any more
  let refused = 0; // storage refused a write (said once)
  let hosts = [];
  let roots = [];
  let queue = []; // scripts to revive, in document order
  let busy = 0; // an external script is loading
  let opener = null; // where focus was before the banner took it
  let sheet = null;
  let css;
  let observer;

  const consent = () => (record == null ? null : JSON.parse(record));
  // The loader asks for the full module once and keeps first in charge until it is here (if it
  // cannot be had, first's banner still decides), so first goes on until stop().
  const hand = (action, detail) => handover(action, detail);
  const stop = () => {
    off = 1;
    if (observer) observer.disconnect();
    hosts.forEach((h) => h.remove());
    removeEventListener('storage', onStorage);
    D.removeEventListener('click', onPage);
    // Queued scripts are the full module's to decide again.
    queue.forEach((el) => el.removeAttribute(DONE));
    queue = [];
  };
  const failed = (e) => console.error('samtykke: the first-paint module failed (' + e + ')');
  // An error once first is in charge: it stops, grants nothing more, and hands over (fail closed).
  const fail = (e) => {
    dead = 1;
    stop();
    failed(e);
    handover('error');
  };
  // Runs `f` unless first is off.
  const guard = (f) => (a) => {
    if (!off) {
      try {
        f(a);
      } catch (e) {
        fail(e);
      }
    }
  };

  // The gated scripts the grants allow (src/browser/gating.rs `apply`; the wasm gives each verdict).
  const gate = () => {
    D.querySelectorAll(SCRIPTS).forEach((el) => {
      const a = (name) => el.getAttribute(name);
      const verdict = X.g(...put(a('data-consent'), a('data-src'), a('src'), a('data-type'), a('id')));
      if (verdict == 2) el.setAttribute(DONE, 'refused');
      if (verdict == 1) {
        el.setAttribute(DONE, '');
        queue.push(el);
      }
    });
    drain();
  };
  // Revives queued scripts in order; an external one holds back the rest until it loads or fails.
  const drain = () => {
    while (!busy && queue.length) {
      const old = queue.shift();
      const fresh = D.createElement('script');
      for (const at of old.attributes) {
        if (!/^(type|data-src|data-type|data-samtykke)$/.test(at.name)) {
          try {
            fresh.setAttribute(at.name, at.value);
          } catch (e) {
            // A name the parser took but setAttribute refuses: left out, as the full module does.
          }
        }
      }
      const type = old.getAttribute('data-type');
      if (type != null) fresh.setAttribute('type', type);
      fresh.setAttribute(DONE, 'ran');
      if (old.nonce) fresh.nonce = old.nonce;
      const src = old.getAttribute('data-src');
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
  const next = () => {
    busy = 0;
    drain();
  };

  // The banner's language select has only English in its first frame (first/build.rs says why);
  // the other options go in right after that frame, or as soon as the visitor reaches the select.
  let listed = 0;
  const list = guard(() => {
    const el = !listed && roots[0].querySelector('select');
    if (el) el.innerHTML = out(X.l());
    listed = 1;
  });
  // Focus or a pointer on the select itself (the banner taking focus is no reason to list).
  const reach = (event) => {
    if (event.target.localName == 'select') list();
  };
  const render = () =>
    roots.forEach((root, i) => (root.innerHTML = (sheet ? '' : '<style>' + css + '</style>') + out(X.h(i))));
  // The page element that has focus, unless it is the banner's host or the body.
  const pageElement = () => {
    const el = D.activeElement;
    return el && el.id != 'samtykke' && el != D.body && el instanceof HTMLElement ? el : null;
  };
  const focus = (selector) => {
    const el = roots[0].querySelector(selector) || roots[1].querySelector(selector);
    if (el) el.focus();
  };

  const decide = guard((accept) => {
    crypto.getRandomValues(IN.subarray(0, 16));
    const n = X.d(accept, Date.now());
    if (!n) throw Error('no record');
    const json = out(n);
    try {
      localStorage.setItem(key, json);
    } catch (e) {
      // As the full module: the choice holds for this page, and the console says so once.
      if (!refused) console.warn('samtykke: saving to localStorage failed (full or blocked); your choice is kept for this page only');
      refused = 1;
    }
    record = json;
    let jar = '';
    try {
      jar = D.cookie;
    } catch (e) {
      // A sandboxed page may not read its cookies.
    }
    X.x(...put(jar, location.hostname));
    render();
    // Focus goes back where it was before the banner took it, else to the reopen control.
    const el = opener;
    opener = null;
    if (el && el.isConnected) el.focus();
    if (!(el && el.isConnected && pageElement())) focus('[data-action="reopen"]');
    gate();
    emit('change', consent());
  });

  // The control a click or change was on: its data-action and the element.
  const action = (event) => {
    for (const el of event.composedPath()) {
      const a = el.getAttribute && el.getAttribute('data-action');
      if (a && ACTIONS.test(a)) return [a, el];
    }
    return [];
  };
  const onClick = guard((event) => {
    const [a] = action(event);
    if (a == 'accept-all' || a == 'reject-all') decide(a == 'accept-all');
    if (a == 'preferences' || a == 'reopen') hand('preferences');
  });
  const onChange = guard((event) => {
    const [a, el] = action(event);
    if (a == 'language') hand('language', el.value);
  });
  const onPage = guard((event) => {
    const t = event.target;
    const el = t && t.closest && t.closest('[data-samtykke-open]');
    if (el) {
      event.preventDefault();
      hand('preferences', el);
    }
  });
  const onStorage = guard(({ key: k }) => {
    if (k == null || k == key || k == key + '-language') hand('storage');
  });

  // Compiled and instantiated synchronously: the module is a few KB, which every engine compiles in
  // well under a millisecond, and a return visit's gated scripts start without waiting for a compile
  // task to come back (a failure throws, and the loader goes on without first).
  X = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    x: {
      e: (at, n) => console.error(text(at, n)),
      k: (at, n) => {
        try {
          D.cookie = text(at, n);
        } catch (e) {
          // A sandboxed page may not write cookies: nothing to delete there.
        }
      },
    },
  }).exports;
  IN = new Uint8Array(X.memory.buffer, X.i(), 65536);
  const root = D.documentElement;
  let n;
  let stored;
  try {
    n = X.c(...put(configText));
    // Global Privacy Control needs the full module's rules.
    if (!n || N.globalPrivacyControl === true) return null;
    key = out(n);
    stored = localStorage.getItem(key);
    for (const tag of [localStorage.getItem(key + '-language'), root.getAttribute('lang'), ...(N.languages || [])]) {
      if (tag != null) X.n(...put(tag));
    }
    n = X.s(stored == null ? -1 : put(stored)[0], Date.now(), N.doNotTrack === '1');
    if (!n) return null;
  } catch (e) {
    // Storage that throws, a config too long for first: the full module's to handle.
    return null;
  }
  // Another tab may change the choice before start: then start leaves the page to the full module,
  // which reads it afresh (first's own listener comes only with start).
  let changed = 0;
  const early = ({ key: k }) => {
    if (k == null || k == key || k == key + '-language') changed = 1;
  };
  addEventListener('storage', early);
  return (give, started) => {
    removeEventListener('storage', early);
    // Gated iframes need the full module's placeholders.
    if (changed || !D.body || D.querySelector(EMBEDS)) return null;
    handover = give;
    // From here on first is in charge of the page. The order is the full module's boot: gated
    // elements added later are watched, the stored choice's scripts run, then the UI is drawn.
    // The loader gets the API first, so a gated script that asks `samtykke.isGranted` while it
    // runs, or a `samtykke:ready` listener, hears first's answer.
    const api = {
      isGranted: (id) => {
        try {
          return !dead && X.q(...put(String(id))) == 1;
        } catch (e) {
          if (!dead) fail(e);
          return false;
        }
      },
      getConsent: consent,
      acceptAll: () => decide(1),
      rejectAll: () => decide(0),
      stop,
    };
    if (started) started(api);
    try {
      if (n == 2) record = stored;
      observer = new MutationObserver(
        guard((records) => {
          if (records.some((r) => [...r.addedNodes].some((node) => node.nodeType == 1))) {
            D.querySelector(EMBEDS) ? hand('embed') : gate();
          }
        }),
      );
      observer.observe(root, { childList: true, subtree: true });
      gate();
      css = out(X.y());
      try {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
      } catch (e) {
        sheet = null;
      }
      for (const id of ['samtykke', 'samtykke-reopen']) {
        const host = D.createElement('div');
        host.id = id;
        const shadow = host.attachShadow({ mode: 'open' });
        if (sheet) shadow.adoptedStyleSheets = [sheet];
        shadow.addEventListener('click', onClick);
        shadow.addEventListener('change', onChange);
        D.body.appendChild(host);
        hosts.push(host);
        roots.push(shadow);
      }
      render();
      if (n == 1) {
        roots[0].addEventListener('focusin', reach);
        roots[0].addEventListener('pointerdown', reach);
        requestAnimationFrame(() => setTimeout(list));
        opener = pageElement();
        focus('.banner');
      }
      D.addEventListener('click', onPage);
      addEventListener('storage', onStorage);
      emit('ready', consent());
    } catch (e) {
      stop();
      failed(e);
      return null;
    }
    return api;
  };
}
