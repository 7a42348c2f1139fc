#!/usr/bin/env node
// `npx samtykke copy <folder>`: copies samtykke's runtime files (those runtime.json lists) into a
// folder your site serves, for bundlers other than Vite. Then `load({ base })` with its URL.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { runtime } from './vite.mjs';

const USAGE = `usage: npx samtykke copy <folder>

Copies samtykke's runtime files (the loader, the wasm, the language files) into <folder>, e.g.
public/samtykke, and prints the load() option that finds them there. Run it on every install (a
"postinstall" or "prebuild" script) so they match the installed version.`;

function main(args) {
  if (args[0] === '-h' || args[0] === '--help') {
    console.log(USAGE);
    return 0;
  }
  if (args[0] !== 'copy' || args.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  const to = resolve(args[1]);
  const { version, files } = runtime();
  for (const [name, bytes] of files) {
    const file = join(to, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  console.log(`samtykke ${version}: copied ${files.size} runtime files to ${args[1]}`);
  console.log(`Serve that folder, e.g. as /samtykke/, and call load({ base: '/samtykke/' }).`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(e.message);
  process.exitCode = 1;
}
