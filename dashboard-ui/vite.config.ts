import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The metrics service serves dist/ at `/` and the API under /api on the same origin, so the app uses relative
// /api URLs; the dev server proxies them to a local metrics service (STRIDE_API_URL to point elsewhere).
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env['STRIDE_API_URL'] ?? 'http://127.0.0.1:4318', changeOrigin: false } },
  },
});
