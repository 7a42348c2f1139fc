import { useConsent, useSamtykke } from 'samtykke/react';

import { config } from './consent';

// The options go to samtykke's load(); every component may pass the same ones (or none).
const options = { config };

function Badge({ category }: { category: string }) {
  const granted = useConsent(category, options);
  return (
    <li data-badge={category} data-granted={String(granted)}>
      {category}: {granted ? 'allowed' : 'not allowed'}
    </li>
  );
}

export function App() {
  const samtykke = useSamtykke(options);
  return (
    <main>
      <h1>samtykke with React and Vite</h1>
      <ul>
        <Badge category="analytics" />
        <Badge category="marketing" />
      </ul>
      <button type="button" disabled={!samtykke} onClick={() => samtykke?.showPreferences()}>
        Cookie settings
      </button>
    </main>
  );
}
