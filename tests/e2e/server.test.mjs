// The demo server itself: no browser needed, runs without a wasm build.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer } from './server.mjs';

let server;
let dist;

before(async () => {
  // A stand-in dist so these tests do not depend on a build.
  dist = await mkdtemp(join(tmpdir(), 'samtykke-dist-'));
  await writeFile(join(dist, 'samtykke.js'), '/* loader */\n');
  await writeFile(join(dist, 'samtykke_bg.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  await writeFile(join(dist, 'samtykke.d.ts'), 'export {};\n');
  await writeFile(join(dist, 'package.json'), '{}\n');
  server = await startServer({
    dist,
    routes(req, res) {
      if (req.url === '/__fault') {
        res.writeHead(418, { 'Content-Type': 'text/plain' });
        res.end('injected');
        return true;
      }
      return false;
    },
  });
});

after(async () => {
  await server?.close();
  await rm(dist, { recursive: true, force: true });
});

/** Raw GET (fetch would normalise ../ away, and we want to test what the server does with it). */
function get(path, method = 'GET') {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('listens on 127.0.0.1 and reports its url', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.equal(server.server.address().address, '127.0.0.1');
});

test('serves www/ with the right MIME types and no-store', async () => {
  const cases = [
    ['/', 'text/html'],
    ['/index.html', 'text/html'],
    ['/state.html', 'text/html'],
    ['/style.css', 'text/css'],
    ['/js/state.js', 'text/javascript'],
    ['/consent.json', 'application/json'],
  ];
  for (const [path, type] of cases) {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers['content-type'].split(';')[0], type, `${path} content-type`);
    assert.equal(res.headers['cache-control'], 'no-store', `${path} cache-control`);
  }
  const index = await get('/');
  assert.match(index.body.toString(), /samtykke\/samtykke\.js/);
});

test('maps /samtykke/* to dist/', async () => {
  const js = await get('/samtykke/samtykke.js');
  assert.equal(js.status, 200);
  assert.equal(js.body.toString(), '/* loader */\n');
  assert.equal(js.headers['content-type'].split(';')[0], 'text/javascript');
  const wasm = await get('/samtykke/samtykke_bg.wasm');
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers['content-type'], 'application/wasm');
  assert.equal(wasm.headers['cache-control'], 'no-store');
  assert.deepEqual([...wasm.body], [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  const pkg = await get('/samtykke/package.json');
  assert.equal(pkg.headers['content-type'].split(';')[0], 'application/json');
  assert.equal((await get('/samtykke/missing.js')).status, 404);
});

test('HEAD answers without a body', async () => {
  const res = await get('/index.html', 'HEAD');
  assert.equal(res.status, 200);
  assert.equal(res.body.length, 0);
  assert.ok(Number(res.headers['content-length']) > 0);
});

test('404 for missing files and directories without index.html', async () => {
  for (const path of ['/nope.html', '/js/', '/js/nope.js', '/test/nope']) {
    const res = await get(path);
    assert.equal(res.status, 404, path);
    assert.equal(res.headers['cache-control'], 'no-store', `${path} cache-control`);
  }
});

test('no directory traversal', async () => {
  const attempts = [
    '/../package.json',
    '/..%2fpackage.json',
    '/%2e%2e/package.json',
    '/%2e%2e%2fpackage.json',
    '/js/../../package.json',
    '/samtykke/../../package.json',
    '/samtykke/..%2f..%2fpackage.json',
    '/samtykke/%2e%2e/www/index.html',
    '/..%5cpackage.json',
    '/index.html%00.css',
    '/%E0%A4%A',
  ];
  for (const path of attempts) {
    const res = await get(path);
    assert.ok(res.status === 400 || res.status === 404, `${path} -> ${res.status}`);
    assert.doesNotMatch(res.body.toString(), /devDependencies|<html/, path);
  }
});

test('only GET and HEAD', async () => {
  assert.equal((await get('/index.html', 'POST')).status, 405);
});

test('routes hook can answer first', async () => {
  const res = await get('/__fault');
  assert.equal(res.status, 418);
  assert.equal(res.body.toString(), 'injected');
  assert.equal((await get('/index.html')).status, 200, 'other requests still served');
});

test('cacheControl applies to served files, not to errors', async () => {
  const cached = await startServer({ dist, cacheControl: 'max-age=600' });
  try {
    for (const path of ['/index.html', '/samtykke/samtykke_bg.wasm']) {
      const res = await fetch(new URL(path, cached.url));
      await res.arrayBuffer();
      assert.equal(res.headers.get('cache-control'), 'max-age=600', path);
    }
    const missing = await fetch(new URL('/nope.html', cached.url));
    await missing.text();
    assert.equal(missing.headers.get('cache-control'), 'no-store');
  } finally {
    await cached.close();
  }
});

test('CLI prints its url and stops on SIGTERM', async () => {
  const script = fileURLToPath(new URL('./server.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const line = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no url printed: ${out}`)), 5000);
      child.stdout.on('data', (c) => {
        out += c;
        const m = out.match(/^samtykke demo: (http:\/\/127\.0\.0\.1:\d+\/)$/m);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const res = await fetch(line);
    assert.equal(res.status, 200);
    await res.text();
  } finally {
    // A child that already exited (it failed before printing) fires no second 'exit'.
    const exited = child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve({ code: child.exitCode })
      : new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.kill('SIGTERM');
    const { code } = await exited;
    assert.equal(code, 0, 'exits cleanly on SIGTERM');
  }
});
