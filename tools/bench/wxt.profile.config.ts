import { defineConfig } from 'wxt';
import base from '../../wxt.config';

export default defineConfig({
  ...base,
  outDir: '.tmp/bench-profile-build',
  vite: (env) => {
    const inherited = typeof base.vite === 'function' ? base.vite(env) : {};
    return { ...inherited, build: { minify: false } };
  },
});
