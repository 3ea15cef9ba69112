/** The few metrics-service endpoints the proof drives, as an admin (editor) over HTTP — as a user's script would. */
export interface StrideApi {
  analyze(service: string, fromMs: number, toMs: number): Promise<AnalysisAnswer>;
  recommendations(service: string): Promise<RecommendationView[]>;
  recommendation(id: string): Promise<RecommendationView>;
  /** accept, then apply with the given marker time. */
  acceptAndApply(id: string, tMs: number, reason: string): Promise<void>;
  /** The record after validation, or the pending reason on a 409. */
  validate(id: string): Promise<{ record: RecommendationView } | { pending: string }>;
  markers(service: string): Promise<MarkerView[]>;
}

export interface AnalysisAnswer {
  findings: { recommendationId: string; kind: string; route: string | null; key: string; title: string }[];
  errors: { kind: string; message: string }[];
  tracesAnalyzed: number;
}

export interface ComparisonView {
  meanBeforeMs: number;
  meanAfterMs: number;
  relativeChange: number;
  pValue: number;
  significant: boolean;
}

export interface RecommendationView {
  id: string;
  kind: string;
  service: string;
  route: string | null;
  key: string;
  title: string;
  evidence: Record<string, unknown>;
  impact: { msSavedPerRequest: number; msSavedPerMinute: number };
  status: string;
  validation: {
    state: 'done' | 'pending';
    verdict?: string;
    reason: string;
    markerT?: number;
    before?: { count: number; p50Ms: number | null; p95Ms: number | null; intervals: unknown[] };
    after?: { count: number; p50Ms: number | null; p95Ms: number | null; intervals: unknown[] };
    tests?: { p95: ComparisonView; p50: ComparisonView };
    evidenceGone?: boolean | null;
  } | null;
}

export interface MarkerView {
  id: string;
  kind: string;
  label: string;
  version: string | null;
  t: number;
}

export class StrideApiError extends Error {
  override readonly name = 'StrideApiError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function createStrideApi(baseUrl: string, token: string): StrideApi {
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok)
      throw new StrideApiError(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`, res.status);
    return JSON.parse(text) as T;
  };
  const q = encodeURIComponent;
  return {
    analyze: (service, fromMs, toMs) =>
      call('POST', `/analysis?service=${q(service)}&from=${Math.floor(fromMs)}&to=${Math.ceil(toMs)}`),
    recommendations: async (service) =>
      (await call<{ recommendations: RecommendationView[] }>('GET', `/recommendations?service=${q(service)}`))
        .recommendations,
    recommendation: (id) => call('GET', `/recommendations/${q(id)}`),
    async acceptAndApply(id, tMs, reason) {
      await call('POST', `/recommendations/${q(id)}/accept`, { reason });
      await call('POST', `/recommendations/${q(id)}/apply`, { t: Math.round(tMs), reason });
    },
    async validate(id) {
      try {
        await call('POST', `/recommendations/${q(id)}/validate`, {});
      } catch (err) {
        if (err instanceof StrideApiError && err.status === 409) return { pending: err.message };
        throw err;
      }
      return { record: await call<RecommendationView>('GET', `/recommendations/${q(id)}`) };
    },
    markers: async (service) =>
      (await call<{ markers: MarkerView[] }>('GET', `/markers?service=${q(service)}&from=0&limit=1000`)).markers,
  };
}
