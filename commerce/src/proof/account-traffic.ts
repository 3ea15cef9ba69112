import autocannon from 'autocannon';

export interface AccountTrafficOptions {
  targetUrl: string;
  /** Users are ids 1..maxUserId; orders 1..maxOrderId (seeded ids). */
  maxUserId: number;
  maxOrderId: number;
  ratePerSecond: number;
  durationMillis: number;
  /** Uniform in [0, 1). */
  random?: () => number;
}

export interface AccountTrafficResult {
  requests: number;
  /** Answers other than 200 (a 404 for a missing id included), and requests without an answer. */
  errors: number;
}

/**
 * "My account" pages, which the load runner's mix (browse, detail, pricing, checkout) does not visit: 70 % the
 * user's order list, 30 % one order's detail. Users are drawn with the seed's own skew (order-seed.ts: user
 * `1 + ⌊n·u³⌋`), so a user views their orders about as often as they placed them — heavy buyers, whose lists
 * are long, are the frequent visitors. autocannon's raw sockets keep these requests out of any in-process agent's
 * outbound-call view (as for the load runner).
 */
export function runAccountTraffic({
  targetUrl,
  maxUserId,
  maxOrderId,
  ratePerSecond,
  durationMillis,
  random = Math.random,
}: AccountTrafficOptions): Promise<AccountTrafficResult> {
  if (maxUserId < 1 || maxOrderId < 1) throw new RangeError('account traffic needs seeded users and orders');
  const result: AccountTrafficResult = { requests: 0, errors: 0 };
  const pathOf = () =>
    random() < 0.7
      ? `/users/${1 + Math.min(maxUserId - 1, Math.floor(maxUserId * random() ** 3))}/orders`
      : `/orders/${1 + Math.floor(random() * maxOrderId)}`;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: targetUrl,
        connections: 2,
        overallRate: ratePerSecond,
        duration: durationMillis / 1000,
        timeout: 10,
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              method: 'GET',
              path: pathOf(),
              headers: { accept: 'application/json', 'accept-encoding': 'gzip, br' },
            }),
            onResponse: (status) => {
              result.requests++;
              if (status !== 200) result.errors++;
            },
          },
        ],
      },
      (err, summary) => {
        if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else resolve({ ...result, errors: result.errors + (summary?.timeouts ?? 0) });
      },
    );
  });
}
