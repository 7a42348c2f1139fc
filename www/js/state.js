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

  window.addEventListener('samtykke:change', function () { render('Changed'); });
  window.addEventListener('samtykke:ready', function () { render('Ready'); });

  var s = api();
  if (!s) {
    status.textContent = 'samtykke is not loaded.';
    return;
  }
  s.ready.then(function (record) {
    render('Ready');
    if (record === null && !s.getConsent()) {
      document.body.setAttribute('data-state-ready', 'no-choice');
    } else {
      document.body.setAttribute('data-state-ready', 'choice');
    }
  });
})();
