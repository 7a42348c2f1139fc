// The ES module demo (www/esm/index.html). With a bundler and the npm package this import would
// be `from 'samtykke'`, with `load({ config, src: '/samtykke/samtykke.js' })`: see the README.
import { load } from '/samtykke/samtykke.mjs';

const status = document.getElementById('esm-status');

function show(samtykke) {
  const record = samtykke.getConsent();
  status.textContent = record
    ? `Statistics ${samtykke.isGranted('analytics') ? 'allowed' : 'not allowed'} (${record.method}).`
    : 'No choice stored yet.';
  document.body.setAttribute('data-esm-state', record ? record.method : 'none');
}

try {
  // Resolves once the loader has run: window.samtykke exists, the wasm may still be loading.
  const samtykke = await load({ config: '/consent.json' });
  for (const button of document.querySelectorAll('[data-esm]')) {
    const action = { 'accept-all': 'acceptAll', 'reject-all': 'rejectAll', withdraw: 'withdraw' }[button.dataset.esm];
    button.addEventListener('click', () => samtykke[action]());
  }
  samtykke.onChange(() => show(samtykke));
  await samtykke.ready;
  show(samtykke);
} catch (e) {
  // load() rejects only when samtykke.js could not be loaded; nothing gated runs then.
  status.textContent = 'samtykke could not be loaded; nothing optional runs.';
  document.body.setAttribute('data-esm-state', 'failed');
  console.warn(e);
}
