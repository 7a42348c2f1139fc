// Injects the samtykke loader late: data-when="load" after the load event, data-when="dcl" after
// DOMContentLoaded (while an image still holds back load). Records document.readyState at that time.
(function () {
  var when = document.currentScript.getAttribute('data-when');
  function inject() {
    window.__injectedAt = document.readyState;
    var s = document.createElement('script');
    s.src = '/samtykke/samtykke.js';
    s.setAttribute('data-config', '/consent.json');
    document.body.appendChild(s);
  }
  if (when === 'load') {
    addEventListener('load', function () { setTimeout(inject, 0); });
  } else {
    document.addEventListener('DOMContentLoaded', function () { setTimeout(inject, 0); });
  }
})();
