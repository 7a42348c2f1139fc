// samtykke/vite without Vite: what the plugin reads (runtime.json), where it puts the files and what
// it writes into samtykke.mjs for each kind of base. The example app (react-vite.test.mjs) runs it
// inside real Vite; these pin the parts a real build shows only one case of.
import { mkdtempSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';

import { REPO } from './server.mjs';

const DIST = realpathSync(process.env.SAMTYKKE_DIST ?? join(REPO, 'dist'));
const { default: samtykke, runtime } = await import(pathToFileURL(join(DIST, 'vite.mjs')).href);
const MODULE = join(DIST, 'samtykke.mjs');

function resolved(plugin, base, { command = 'build', ssr = false } = {}) {
  plugin.configResolved({ base, command, build: { assetsDir: 'assets', ssr } });
  return plugin;
}

test('runtime(): the files runtime.json lists, under samtykke-<version>-<hash of their bytes>', () => {
  const { files, folder, version } = runtime();
  const listed = JSON.parse(readFileSync(join(DIST, 'runtime.json'), 'utf8')).files;
  assert.deepEqual([...files.keys()], listed);
  assert.equal(version, JSON.parse(readFileSync(join(DIST, 'package.json'), 'utf8')).version);
  assert.match(folder, /^samtykke-[0-9A-Za-z.-]+-[0-9a-f]{8}$/);
  assert.deepEqual(files.get('samtykke_bg.wasm').subarray(0, 4), Buffer.from([0, 0x61, 0x73, 0x6d]));
});

test('runtime(): another byte gives another folder; a name outside the package is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samtykke-vite-'));
  try {
    writeFileSync(join(dir, 'package.json'), '{"version": "1.2.3"}');
    mkdirSync(join(dir, 'i18n'));
    writeFileSync(join(dir, 'a.js'), 'one');
    writeFileSync(join(dir, 'i18n', 'da.json'), '{}');
    writeFileSync(join(dir, 'runtime.json'), '{"files": ["a.js", "i18n/da.json"]}');
    const first = runtime(dir).folder;
    assert.match(first, /^samtykke-1\.2\.3-[0-9a-f]{8}$/);
    writeFileSync(join(dir, 'a.js'), 'two');
    assert.notEqual(runtime(dir).folder, first);
    writeFileSync(join(dir, 'runtime.json'), '{"files": ["../outside.js"]}');
    assert.throws(() => runtime(dir), /runtime\.json names "\.\.\/outside\.js"/);
    rmSync(join(dir, 'runtime.json'));
    assert.throws(() => runtime(dir), /cannot read the list of runtime files/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('config(): samtykke is not pre-bundled (its module must pass through the plugin)', () => {
  const config = samtykke().config({ root: DIST });
  assert.deepEqual(config.optimizeDeps.exclude, ['samtykke', 'samtykke/react']);
  assert.equal(config.server, undefined, 'a package inside the project needs no fs.allow');
  const linked = samtykke().config({ root: join(tmpdir(), 'some-app') });
  assert.deepEqual(linked.server.fs.allow, [join(tmpdir(), 'some-app'), DIST]);
});

test('renderChunk(): the folder URL for an absolute, a full-URL and a relative base', () => {
  const code = 'var b = typeof __SAMTYKKE_BASE__ === "string" ? __SAMTYKKE_BASE__ : null;';
  const chunk = (fileName) => ({ fileName, modules: { [MODULE]: {} } });
  const render = (base, fileName) => {
    const plugin = resolved(samtykke(), base);
    const { folder } = runtime();
    return { out: plugin.renderChunk(code, chunk(fileName)).code, folder };
  };
  let { out, folder } = render('/shop/', 'assets/index-abc.js');
  assert.equal(out, `var b = typeof "/shop/assets/${folder}/" === "string" ? "/shop/assets/${folder}/" : null;`);
  ({ out } = render('https://cdn.example.com/', 'assets/index-abc.js'));
  assert.ok(out.includes(`"https://cdn.example.com/assets/${folder}/"`), out);
  ({ out } = render('./', 'js/deep/index-abc.js'));
  assert.ok(out.includes(`new URL("../../assets/${folder}/", import.meta.url).href`), out);
  ({ out } = render('', 'assets/index-abc.js'));
  assert.ok(out.includes(`new URL("./${folder}/", import.meta.url).href`), out);
  // Another module that happens to say the name is left alone.
  assert.equal(resolved(samtykke(), '/').renderChunk(code, { fileName: 'a.js', modules: { '/x/other.js': {} } }), null);
});

test('transform() in dev only, and only samtykke.mjs; generateBundle emits every runtime file', () => {
  const code = 'typeof __SAMTYKKE_BASE__';
  const dev = resolved(samtykke(), '/', { command: 'serve' });
  const { folder, files } = runtime();
  assert.equal(dev.transform(code, `${MODULE}?v=123`).code, `typeof "/assets/${folder}/"`);
  assert.equal(dev.transform(code, join(DIST, 'react.mjs')), null);
  assert.equal(resolved(samtykke(), '/').transform(code, MODULE), null, 'the build sets it per chunk');

  const emitted = [];
  resolved(samtykke(), '/').generateBundle.call({ emitFile: (f) => emitted.push(f.fileName) });
  assert.deepEqual(emitted, [...files.keys()].map((f) => `assets/${folder}/${f}`));
  const ssr = [];
  resolved(samtykke(), '/', { ssr: true }).generateBundle.call({ emitFile: (f) => ssr.push(f) });
  assert.deepEqual(ssr, [], 'an SSR build emits nothing');
});
