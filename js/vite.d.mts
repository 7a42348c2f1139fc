// Types for samtykke/vite (vite.mjs). Written without importing Vite's types, so the package needs
// no Vite to type-check; the object is a Vite plugin and fits `plugins: [samtykke()]`.

/** The Vite plugin: serves samtykke's runtime files in `vite dev` and emits them into the build. */
export default function samtykke(): { readonly name: 'samtykke' };

/** The runtime files of the installed package, as the plugin and `npx samtykke copy` read them. */
export function runtime(): { version: string; files: Map<string, Uint8Array>; folder: string };
