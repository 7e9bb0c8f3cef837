/**
 * The OpenAPI `format`s used by Calico's CRDs, as the Kubernetes API server checks them. Formats
 * Kubernetes does not check are accepted as-is, so we never reject what the API server lets through.
 */
import type Ajv from 'ajv';
import { parseCidr, parseIp } from '../util/ip';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

export function registerFormats(ajv: Ajv): void {
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', { type: 'string', validate: (s: string) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s) });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s),
  });
  ajv.addFormat('duration', { type: 'string', validate: (s: string) => /^(?:[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$|^0$/.test(s) });
  // Kubernetes checks these with Go's net package.
  ajv.addFormat('cidr', { type: 'string', validate: (s: string) => parseCidr(s) !== undefined });
  ajv.addFormat('ipv4', { type: 'string', validate: (s: string) => parseIp(s)?.family === 4 });
  ajv.addFormat('ipv6', { type: 'string', validate: (s: string) => parseIp(s)?.family === 6 });
  ajv.addFormat('mac', { type: 'string', validate: (s: string) => /^(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$|^(?:[0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$/.test(s) });
  ajv.addFormat('uuid', { type: 'string', validate: (s: string) => /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/.test(s) });
  for (const loose of ['int-or-string', 'password', 'uri', 'email', 'hostname', 'date', 'binary']) {
    ajv.addFormat(loose, () => true);
  }
}
