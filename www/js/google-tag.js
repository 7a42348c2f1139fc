// Stand-in for a Google tag, for the Consent Mode tests. It talks to nobody. Like gtag.js it reads
// `consent` commands from window.dataLayer (only `arguments` objects count, as with the real one),
// and keeps the state it would obey in window.__googleConsent. window.__tagSawAtStart lists what
// dataLayer already held when the tag started.
(function () {
  var layer = (window.dataLayer = window.dataLayer || []);
  var state = (window.__googleConsent = {});
  function isCommand(entry) {
    return Object.prototype.toString.call(entry) === '[object Arguments]';
  }
  function apply(entry) {
    if (!isCommand(entry) || entry[0] !== 'consent') return;
    Object.keys(entry[2] || {}).forEach(function (key) {
      if (key !== 'wait_for_update' && key !== 'region') state[key] = entry[2][key];
    });
  }
  window.__tagSawAtStart = layer.map(function (entry) {
    return isCommand(entry) ? entry[0] + ' ' + entry[1] : 'not a command';
  });
  layer.forEach(apply);
  var push = layer.push;
  layer.push = function () {
    for (var i = 0; i < arguments.length; i++) apply(arguments[i]);
    return push.apply(layer, arguments);
  };
})();
