/**
 * How conntrack-cleaner reads its two variables (hanamantagoudvk/conntrack-cleaner, `cmd/main.go`):
 * `CONNTRACK_TABLE_DUMP_FREQUENCY` with `time.ParseDuration`, `CONNECTION_RENEWAL_THRESHOLD` with
 * `strconv.Atoi`; on a parse error it logs a warning and uses 1s / 3. Shared by its rules and hover.
 */
import { parseGoAtoi, parseGoDuration, type GoParse } from '../../conntrack/go-values';

export const CLEANER_DEFAULTS = { CONNTRACK_TABLE_DUMP_FREQUENCY: '1s', CONNECTION_RENEWAL_THRESHOLD: '3' } as const;

export function parseCleanerValue(name: 'CONNTRACK_TABLE_DUMP_FREQUENCY' | 'CONNECTION_RENEWAL_THRESHOLD', value: string): GoParse<bigint> {
  return name === 'CONNTRACK_TABLE_DUMP_FREQUENCY' ? parseGoDuration(value) : parseGoAtoi(value);
}
