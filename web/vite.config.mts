import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = new URL('.', import.meta.url).pathname;
const server = 'http://localhost:3000';

/** The packages of the `framework` chunk. */
const FRAMEWORK =
  /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack|i18next|react-i18next|use-sync-external-store)[\\/]/;

/** Text the server would compress anyway; images and fonts are compressed by their format. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|xml|webmanifest)$/;

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip -9) beside every text file of
 * the build, when they are smaller: the server sends them as they are, so a visitor gets the
 * smallest bytes and the server spends no CPU on them. Source maps are left out (production
 * does not serve them).
 */
function precompress(): Plugin {
  return {
    name: 'laogao:precompress',
    apply: 'build',
    writeBundle: {
      order: 'post',
      sequential: true,
      handler({ dir }) {
        if (!dir) return;
        for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
          if (!COMPRESSIBLE.test(name)) continue;
          const file = join(dir, name);
          const plain = readFileSync(file);
          const copies = {
            br: brotliCompressSync(plain, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
              },
            }),
            gz: gzipSync(plain, { level: constants.Z_BEST_COMPRESSION }),
          };
          for (const [suffix, bytes] of Object.entries(copies)) {
            if (bytes.length < plain.length) writeFileSync(`${file}.${suffix}`, bytes);
          }
        }
      },
    },
  };
}

// The web client: built into web/dist, which the NestJS server serves at `/`.
export default defineConfig({
  root,
  publicDir: 'public',
  plugins: [precompress()],
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      checks: { pluginTimings: false },
      output: {
        codeSplitting: {
          // The libraries every screen runs on, in a chunk of their own: a deploy that changes
          // only the app leaves it in the visitor's cache (assets are cached for a year).
          // socket.io-client is not among them: it is loaded once a member signs in.
          groups: [
            { name: 'framework', test: FRAMEWORK },
            {
              name: 'socket.io',
              test: /[\\/]node_modules[\\/](socket\.io|engine\.io|@socket\.io)/,
            },
          ],
        },
      },
      onwarn(warning, warn) {
        // React Query and React Router mark modules "use client": meaningless in a SPA.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/socket.io': { target: server, ws: true },
    },
  },
});
