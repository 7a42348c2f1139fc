// samtykke/vite: `plugins: [samtykke()]` in vite.config. It serves samtykke's runtime files in
// `vite dev`, emits them into the build under a folder named by version and content, and tells the
// package's ES module (samtykke.mjs) that folder, so `load()` needs no `src` or `base`.
//
// Which files are runtime files is not written here: `cargo xtask dist` lists them in runtime.json
// (the files a page fetches), so a change there needs no change here.

import { readFileSync, realpathSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, posix, relative, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = realpathSync(fileURLToPath(new URL('.', import.meta.url)));
const MODULE = join(PACKAGE, 'samtykke.mjs');
const MARK = /\b__SAMTYKKE_BASE__\b/;
const MARKS = new RegExp(MARK.source, 'g');
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/** The runtime files, read from the package: names, bytes, and the folder name they go under. */
export function runtime(dir = PACKAGE) {
  let manifest, pkg;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'runtime.json'), 'utf8'));
    pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch (e) {
    throw new Error(`samtykke: cannot read the list of runtime files in ${dir} (${e.message}); is the package complete?`);
  }
  const hash = createHash('sha256');
  const files = new Map();
  for (const name of manifest.files) {
    if (typeof name !== 'string' || name.startsWith('/') || name.split('/').includes('..')) {
      throw new Error(`samtykke: runtime.json names ${JSON.stringify(name)}, not a file of the package`);
    }
    const bytes = readFileSync(join(dir, name));
    hash.update(name).update('\0').update(bytes);
    files.set(name, bytes);
  }
  const version = String(pkg.version).replace(/[^0-9A-Za-z.-]/g, '-');
  return { version: pkg.version, files, folder: `samtykke-${version}-${hash.digest('hex').slice(0, 8)}` };
}

function clean(id) {
  return id.split('?')[0];
}

function isModule(id) {
  try {
    return realpathSync(clean(id)) === MODULE;
  } catch {
    return false;
  }
}

/** The Vite plugin. */
export default function samtykke() {
  let files = null;
  let folder = '';
  let base = '/';
  let assetsDir = 'assets';
  let ssr = false;
  let serving = false;
  const load = () => {
    ({ files, folder } = runtime());
  };
  const dir = () => posix.join(assetsDir, folder);
  return {
    name: 'samtykke',
    config(config) {
      const root = config.root ?? process.cwd();
      const outside = relative(root, PACKAGE);
      return {
        // Pre-bundled dependencies skip plugins; samtykke's modules must come through `transform`.
        optimizeDeps: { exclude: ['samtykke', 'samtykke/react'] },
        // A linked package (file: or npm link) lives outside the project: its modules must be served,
        // and their `react` is the project's (the package folder has none of its own).
        ...(outside.startsWith('..') || isAbsolute(outside)
          ? { server: { fs: { allow: [root, PACKAGE] } }, resolve: { dedupe: ['react'] } }
          : {}),
      };
    },
    configResolved(config) {
      base = config.base ?? '/';
      assetsDir = config.build.assetsDir;
      ssr = Boolean(config.build.ssr);
      serving = config.command === 'serve';
      load();
    },
    configureServer(server) {
      // Dev serves from the project's root; a relative base means `/` there.
      const prefix = () => `${base.startsWith('/') ? base : '/'}${dir()}/`;
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]);
        if (!path.startsWith(prefix())) return next();
        const bytes = files.get(path.slice(prefix().length));
        if (!bytes) return next();
        res.setHeader('Content-Type', TYPES[posix.extname(path)] ?? 'application/octet-stream');
        res.setHeader('Cache-Control', 'no-cache');
        res.end(bytes);
      });
    },
    transform(code, id) {
      // Dev only: the build sets the base per chunk in renderChunk.
      if (!serving || !MARK.test(code) || !isModule(id)) return null;
      const url = `${base.startsWith('/') ? base : '/'}${dir()}/`;
      return { code: code.replace(MARKS, JSON.stringify(url)), map: null };
    },
    renderChunk(code, chunk) {
      if (!MARK.test(code) || !Object.keys(chunk.modules).some(isModule)) return null;
      let url;
      if (/^(\/|[a-z][a-z0-9+.-]*:)/i.test(base)) {
        url = JSON.stringify(`${base}${dir()}/`);
      } else {
        // A relative base: the folder relative to this chunk, resolved where the chunk is served.
        let rel = posix.relative(posix.dirname(chunk.fileName), dir());
        if (!rel.startsWith('.')) rel = `./${rel}`;
        url = `new URL(${JSON.stringify(`${rel}/`)}, import.meta.url).href`;
      }
      return { code: code.replace(MARKS, url), map: null };
    },
    generateBundle() {
      if (ssr) return;
      for (const [name, source] of files) {
        this.emitFile({ type: 'asset', fileName: posix.join(dir(), name), source });
      }
    },
  };
}
