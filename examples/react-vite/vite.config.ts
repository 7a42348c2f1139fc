import react from '@vitejs/plugin-react';
import samtykke from 'samtykke/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react(), samtykke()],
});
