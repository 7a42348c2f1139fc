// Put first in every page by the engines test server (run.mjs), before any page script. It keeps
// what the page logs where any driver can read it (WebDriver classic has no console events):
// window.__engineLog.errors gets console.error calls, uncaught errors and unhandled rejections,
// .warnings console.warn calls, .violations the page's Content-Security-Policy violations. A fault
// named in this script's query is switched on:
//   ?fault=storage-throws   reading window.localStorage throws, as with storage blocked
(function () {
  var log = { errors: [], warnings: [], violations: [] };
  window.__engineLog = log;
  function text(args) {
    return Array.prototype.map.call(args, function (a) {
      return a instanceof Error ? String(a) : typeof a === 'string' ? a : JSON.stringify(a);
    }).join(' ');
  }
  var error = console.error;
  var warn = console.warn;
  console.error = function () { log.errors.push(text(arguments)); return error.apply(console, arguments); };
  console.warn = function () { log.warnings.push(text(arguments)); return warn.apply(console, arguments); };
  addEventListener('error', function (e) { log.errors.push('uncaught: ' + e.message); });
  addEventListener('unhandledrejection', function (e) { log.errors.push('unhandled rejection: ' + e.reason); });
  document.addEventListener('securitypolicyviolation', function (e) {
    log.violations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));
  });
  var fault = new URL(document.currentScript.src).searchParams.get('fault');
  if (fault === 'storage-throws') {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get: function () { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  } else if (fault) {
    log.errors.push('prelude.js: unknown fault ' + fault);
  }
})();
