import type { Detector, Finding } from '../recommendation.js';
import { exampleTraceIds, impact, mean, round, windowMinutes } from './impact.js';
import { A, bool, num, str } from './span-attributes.js';
import { groupBy, requestsOf } from './trace-model.js';

/**
 * No keep-alive: outbound HTTP calls to one host opening a new socket for ≥ minNewSocketShare of calls
 * (`stride.socket.reused=false`; the aggregate `socketReuseRatio` of the host when available, else the sampled
 * spans). Saving per call on a new socket: mean(new-socket calls) − mean(reused calls) to that host when both are
 * observed (≥ minSamples each), else assumedConnectMs (TCP) or assumedTlsConnectMs (port 443).
 */
export type NoKeepAliveThresholds = {
  minCalls: number;
  minNewSocketShare: number;
  minSamples: number;
  assumedConnectMs: number;
  assumedTlsConnectMs: number;
};

export const noKeepAlive: Detector<NoKeepAliveThresholds> = {
  kind: 'no-keep-alive',
  defaults: { minCalls: 10, minNewSocketShare: 0.5, minSamples: 3, assumedConnectMs: 3, assumedTlsConnectMs: 15 },
  detect(input, t) {
    const calls = requestsOf(input).flatMap((request) =>
      request.calls
        .filter((c) => c.kind === 'http' && bool(c.span, A.socketReused) !== null)
        .map((call) => ({ call, request, reused: bool(call.span, A.socketReused)! })),
    );
    const findings: Finding[] = [];
    const minutes = windowMinutes(input);
    for (const [host, items] of groupBy(calls, (c) => str(c.call.span, A.serverAddress) ?? '(unknown)')) {
      const aggregate = input.dependencies.find((d) => d.host === host);
      const totalCalls = aggregate?.calls ?? items.length;
      const fresh = items.filter((i) => !i.reused);
      const reused = items.filter((i) => i.reused);
      const newShare =
        aggregate?.socketReuseRatio !== null && aggregate?.socketReuseRatio !== undefined
          ? 1 - aggregate.socketReuseRatio
          : fresh.length / items.length;
      if (totalCalls < t.minCalls || newShare < t.minNewSocketShare) continue;
      const port = num(items[0]!.call.span, A.serverPort);
      const measured = fresh.length >= t.minSamples && reused.length >= t.minSamples;
      const savedPerCallMs = measured
        ? Math.max(0, mean(fresh.map((i) => i.call.durationMs)) - mean(reused.map((i) => i.call.durationMs)))
        : port === 443
          ? t.assumedTlsConnectMs
          : t.assumedConnectMs;
      const perRequest = groupBy(items, (i) => i.request.traceId + i.request.root.spanId);
      const callsPerRequest = items.length / perRequest.size;
      const routes = [...groupBy(items, (i) => i.request.route)].sort((a, b) => b[1].length - a[1].length);
      findings.push({
        kind: 'no-keep-alive',
        service: input.service,
        route: routes[0]?.[0] ?? null,
        key: `${host}:${port ?? ''}`,
        title: `${Math.round(newShare * 100)} % of calls to ${host} open a new connection`,
        evidence: {
          exampleTraceIds: exampleTraceIds(fresh.map((i) => i.request.traceId)),
          host,
          port,
          calls: totalCalls,
          sampledCalls: items.length,
          newSocketShare: round(newShare, 3),
          source: aggregate?.socketReuseRatio !== null && aggregate !== undefined ? 'aggregates' : 'sampled spans',
          meanNewSocketMs: fresh.length > 0 ? round(mean(fresh.map((i) => i.call.durationMs))) : null,
          meanReusedSocketMs: reused.length > 0 ? round(mean(reused.map((i) => i.call.durationMs))) : null,
          connectCostMs: round(savedPerCallMs),
          connectCostSource: measured ? 'measured' : 'assumed',
        },
        impact: impact(callsPerRequest * newShare * savedPerCallMs, totalCalls / minutes / callsPerRequest),
        fix: {
          text:
            `Reuse connections to ${host}: give the client a keep-alive agent (one per process, shared by all ` +
            'calls) and make sure responses are fully read so sockets return to the pool.',
          language: 'typescript',
          code: `// fetch (undici): one dispatcher for all calls to ${host}
import { Agent, setGlobalDispatcher } from 'undici';
setGlobalDispatcher(new Agent({ keepAliveTimeout: 30_000, connections: 50 }));

// node:${port === 443 ? 'https' : 'http'} (and axios/got via their agent option): a shared keep-alive agent
import ${port === 443 ? 'https' : 'http'} from 'node:${port === 443 ? 'https' : 'http'}';
export const agent = new ${port === 443 ? 'https' : 'http'}.Agent({ keepAlive: true, maxSockets: 50 });`,
        },
      });
    }
    return findings;
  },
};
