// Compile-time checks against the real React and Vite types (tsc runs on `npm run build`); each
// `@ts-expect-error` line must stay an error. Nothing here runs.
import type { PluginOption } from 'vite';
import samtykke from 'samtykke/vite';
import type { SamtykkeConfig } from 'samtykke';

export const plugins: PluginOption[] = [samtykke()];

// @ts-expect-error `expiresDay` is misspelt (`expiresDays`)
export const misspelt: SamtykkeConfig = { revision: 'r', policyUrl: '/p', expiresDay: 400 };
// @ts-expect-error `requried` is misspelt (`required`)
export const category: SamtykkeConfig = { revision: 'r', policyUrl: '/p', categories: [{ id: 'x', requried: true }] };
