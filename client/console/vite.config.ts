import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The console is built by the server at start (server/platform/web-build.ts) or by
 * `npm run console:build`; the manifest lets bench/console-bundle.ts and the tests find what the
 * sign-in page loads.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // Nothing is fetched at run time: no CDN, no public/ folder to copy.
  publicDir: false,
  build: {
    outDir: 'dist',
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // React and Ant Design change when the lock file does, not with every screen: long-lived chunks.
        manualChunks: (id) => (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id) ? 'react' : undefined),
      },
    },
  },
});
