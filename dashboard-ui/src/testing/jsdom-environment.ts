// Vitest's built-in `jsdom` environment imports jsdom from vitest's own location, but npm installed jsdom 28 under
// dashboard-ui/node_modules (vitest's optional peer range is ^27), so the built-in cannot find it. This
// environment does what the built-in does for plain (non-VM) pools, importing jsdom from here.
import { JSDOM } from 'jsdom';
import { type Environment, populateGlobal } from 'vitest/runtime';

export default {
  name: 'stride-jsdom',
  viteEnvironment: 'client',
  async setup(global) {
    const dom = new JSDOM('<!DOCTYPE html>', { url: 'http://localhost:3000/', pretendToBeVisual: true });
    const { keys, originals } = populateGlobal(global, dom.window, { bindFunctions: true });
    return {
      teardown(target) {
        dom.window.close();
        for (const key of keys) delete target[key];
        originals.forEach((value, key) => {
          target[key] = value;
        });
      },
    };
  },
} satisfies Environment;
