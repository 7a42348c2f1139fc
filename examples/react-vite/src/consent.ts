import type { SamtykkeConfig } from 'samtykke';

// Typed: a misspelt key (`expiresDay`, `requried`) does not compile.
export const config: SamtykkeConfig = {
  revision: '2026-01-01',
  policyUrl: '/privacy.html',
  controller: 'Example ApS',
  categories: [
    { id: 'necessary', required: true },
    { id: 'analytics', cookies: ['_ga', '_ga_*'] },
    { id: 'marketing' },
  ],
};
