// Types for samtykke/react (react.mjs). No React types are needed: the hooks take and return plain
// values.

import type { LoadOptions, Samtykke } from './samtykke.mjs';

/**
 * The API object (`window.samtykke`) once samtykke's loader has run; `null` before that, during
 * server rendering, and if the loader could not be loaded. `options` go to `load()` (give them in
 * one place, or call `load(options)` once at start-up and use the hooks without).
 */
export function useSamtykke(options?: LoadOptions): Samtykke | null;

/**
 * Whether the visitor has granted `category` now. `false` during server rendering and hydration,
 * before the stored choice is read, for unknown ids and when samtykke failed closed; re-renders on
 * every change.
 */
export function useConsent(category: string, options?: LoadOptions): boolean;
