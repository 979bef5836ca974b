import parsePrometheus, { PrometheusFamily } from 'parse-prometheus-text-format';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A scrape of /metrics: its families as parse-prometheus-text-format reads them (which also refuses a
 * line that is not of the text format), and every sample line with its labels. That parser folds a
 * histogram's series into one and drops their labels, so the series are read line by line here.
 */
export function parseScrape(text: string): { families: Map<string, PrometheusFamily>; samples: Sample[] } {
  const families = new Map(parsePrometheus(text).map((family) => [family.name, family]));
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g))
      labels[key] = value.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return { families, samples };
}
