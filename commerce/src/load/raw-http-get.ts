import autocannon from 'autocannon';
import type { JsonGetter } from './catalog-sample.js';

/**
 * A JSON GET over autocannon's own socket client. The demo runs the shop and its Stride agents in this process;
 * the agents record every fetch/node:http call as an outbound dependency, so sampling the catalog with fetch
 * would show "shop → shop" calls on the dashboard. autocannon writes to a raw net.Socket, which they do not see.
 */
export function createRawJsonGetter(baseUrl: string, { timeoutSeconds = 10 }: { timeoutSeconds?: number } = {}) {
  const getJson: JsonGetter = (path) =>
    new Promise((resolve, reject) => {
      let answer: { status: number; body: unknown } | undefined;
      autocannon(
        {
          url: baseUrl,
          connections: 1,
          amount: 1,
          timeout: timeoutSeconds,
          // The run ends at the first sample after its one request; the default 1 s would make every GET take 1 s.
          sampleInt: 5,
          requests: [
            {
              method: 'GET',
              path,
              headers: { accept: 'application/json' },
              onResponse: (status, body) => {
                answer = { status, body: parseJson(body) };
              },
            },
          ],
        },
        (err, result) => {
          if (err) reject(err instanceof Error ? err : new Error(String(err)));
          else if (answer) resolve(answer);
          else reject(new Error(result.timeouts > 0 ? 'timed out' : `cannot connect to ${baseUrl}`));
        },
      );
    });
  return getJson;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
