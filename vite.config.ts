import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is one static bundle: the hub serves it over HTTP and Electron loads it from disk.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // One bundle served from the hall's own LAN or from disk: its size costs nothing a split would save.
    chunkSizeWarningLimit: 2500,
  },
  server: { fs: { allow: ['..'] } },
});
