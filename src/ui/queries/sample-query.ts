import { queryOptions } from '@tanstack/react-query';

export const SAMPLE_FILE = 'sample-checkout-trace.json';

/** The bundled sample trace behind "Open a sample", as a Blob. */
export function sampleQuery() {
  return queryOptions({
    queryKey: ['sample', SAMPLE_FILE] as const,
    queryFn: async ({ signal }) => {
      const response = await fetch(`${import.meta.env.BASE_URL}samples/${SAMPLE_FILE}`, { signal });
      if (!response.ok) throw new Error(`the sample could not be fetched (HTTP ${response.status})`);
      return await response.blob();
    },
    staleTime: Infinity,
    structuralSharing: false,
  });
}
