// Type check of the classic script's global, `window.samtykke`, as a page with
// `<script src="/samtykke/samtykke.js">` sees it once it imports the types. Never run, only checked.

import type { ConsentRecord, SamtykkeEvent } from 'samtykke/samtykke.js';

async function classic(): Promise<void> {
  // @ts-expect-error window.samtykke is undefined until the loader has run
  window.samtykke.isGranted('analytics');
  const s = window.samtykke;
  if (!s) return;
  const record: ConsentRecord | null = await s.ready;
  const granted: boolean = s.isGranted('analytics');
  await s.whenGranted('analytics');
  const unsubscribe = s.onChange(() => {});
  unsubscribe();
  const reason: string | null = s.failed;
  // @ts-expect-error window.samtykke is read-only
  window.samtykke = s;
  // @ts-expect-error the record is checked: `method` is one of three strings
  const method: 'accept' = record!.method;

  addEventListener('samtykke:change', (e) => {
    const event: SamtykkeEvent = e;
    console.log(event.detail?.categories['analytics']);
  });
  removeEventListener('samtykke:ready', () => {});
  // @ts-expect-error the event detail is a record, not a number
  addEventListener('samtykke:ready', (e) => e.detail.toFixed());
  console.log(granted, method, reason);
}

void classic();
