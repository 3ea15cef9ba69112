// Another build of the Stride agent (e.g. the previous commit's agents/dist, copied aside) in the same run as the
// current one, so a change's effect is measured against the same baseline windows: STRIDE_BENCH_COMPARE_AGENT is
// the path of that build's index.js. It must resolve the agent's own dependencies, so keep it inside the repo.
import { pathToFileURL } from 'node:url';
import type * as strideAgent from '@stride/agent';
import type { InstallInstrumentation } from '../instrumentation.js';
import { installStride } from './stride-agent.js';

export const install: InstallInstrumentation = async (context) => {
  const entry = process.env['STRIDE_BENCH_COMPARE_AGENT'];
  if (!entry) throw new Error('strideCompare needs STRIDE_BENCH_COMPARE_AGENT (path of an agent build index.js)');
  const { startAgent } = (await import(pathToFileURL(entry).href)) as typeof strideAgent;
  return installStride(startAgent, context);
};
