// Live view of the consent state through the samtykke JS API (external file: no inline script).
// Loaded with `defer`, so it runs after the samtykke loader at the end of <body> created window.samtykke.
(function () {
  'use strict';
  var CATEGORIES = ['necessary', 'preferences', 'analytics', 'marketing'];
  var out = document.getElementById('state');
  var status = document.getElementById('status');
  var rows = document.getElementById('categories');

  function api() {
    return window.samtykke;
  }

  function render(label) {
    var s = api();
    if (!s) {
      status.textContent = 'samtykke is not loaded.';
      return;
    }
    var record = s.getConsent();
    out.textContent = JSON.stringify(record, null, 2);
    status.textContent = label + (record ? ': a choice is stored.' : ': no choice is stored.');
    CATEGORIES.forEach(function (id) {
      var cell = rows.querySelector('[data-state-for="' + id + '"]');
      if (!cell) return;
      var granted = s.isGranted(id);
      cell.textContent = granted ? 'granted' : 'not granted';
      cell.className = granted ? 'granted' : 'denied';
    });
  }

  var actions = {
    'accept-all': function (s) { s.acceptAll(); },
    'reject-all': function (s) { s.rejectAll(); },
    withdraw: function (s) { s.withdraw(); },
    preferences: function (s) { s.showPreferences(); }
  };
  document.querySelectorAll('[data-api]').forEach(function (button) {
    button.addEventListener('click', function () {
      var s = api();
      var act = actions[button.getAttribute('data-api')];
      if (s && act) act(s);
    });
  });

  // The demo's consent log (cargo xtask demo): only when the config sends receipts, the receipts
  // stored for this visitor's consent id, read back through the demo server (which holds the token).
  var receipts = document.getElementById('receipts');
  var logged = null;
  var lastId = null;
  function sendsReceipts() {
    if (!logged) {
      logged = fetch('/consent.json', { cache: 'no-store' })
        .then(function (r) { return r.ok ? r.json() : {}; })
        .then(function (c) { return c.recordUrl === '/v1/receipts'; })
        .catch(function () { return false; });
    }
    return logged;
  }
  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text;
    row.appendChild(td);
  }
  function readBack() {
    var record = api() && api().getConsent();
    var stored = record;
    if (!stored) {
      try { stored = JSON.parse(localStorage.getItem('samtykke') || 'null'); } catch (e) { stored = null; }
    }
    if (stored && stored.id) lastId = stored.id;
    if (!lastId) return;
    var id = lastId;
    sendsReceipts().then(function (on) {
      if (!on) return;
      receipts.hidden = false;
      var status = document.getElementById('receipts-status');
      // The beacon is on its way: give it a moment to be stored.
      setTimeout(function () {
        fetch('/demo/receipts?id=' + encodeURIComponent(id), { cache: 'no-store' })
          .then(function (r) {
            if (!r.ok) throw new Error('the consent log answered ' + r.status);
            return r.text();
          })
          .then(function (text) {
            var lines = text.split('\n').filter(Boolean).map(function (l) { return JSON.parse(l); });
            var body = document.querySelector('#receipts-table tbody');
            body.textContent = '';
            lines.forEach(function (r) {
              var row = document.createElement('tr');
              cell(row, r.updated);
              cell(row, r.method);
              cell(row, r.source || '–');
              cell(row, r.received);
              cell(row, r.noticeSha256 ? r.noticeSha256.slice(0, 16) + '…' : '–');
              body.appendChild(row);
            });
            status.textContent = lines.length + ' receipt' + (lines.length === 1 ? '' : 's') + ' stored for consent id ' + id + '.';
            document.body.setAttribute('data-receipts', String(lines.length));
          })
          .catch(function (err) { status.textContent = 'Reading the consent log failed: ' + err.message; });
      }, 500);
    });
  }

  window.addEventListener('samtykke:change', function () { render('Changed'); readBack(); });
  window.addEventListener('samtykke:ready', function () { render('Ready'); });

  var s = api();
  if (!s) {
    status.textContent = 'samtykke is not loaded.';
    return;
  }
  s.ready.then(function (record) {
    render('Ready');
    readBack();
    if (record === null && !s.getConsent()) {
      document.body.setAttribute('data-state-ready', 'no-choice');
    } else {
      document.body.setAttribute('data-state-ready', 'choice');
    }
  });
})();
