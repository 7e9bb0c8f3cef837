/**
 * `ippool-block-size`: the IPPool CRD's block-size rules. A `blockSize` other than 0 must be 20–32
 * for an IPv4 pool and 116–128 for an IPv6 pool; and unless the pool is disabled, the pool must be
 * at least one block large: its prefix length may not exceed the block size (26 for IPv4 and 122
 * for IPv6 when `blockSize` is not set).
 */
import type { ResourceContext, ResourceRule } from '../types';
import { at, int, present, specOf } from './walk';
import { readPool } from './ippool-util';

const CODE = 'ippool-block-size';

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  if (!spec) return;
  const pool = readPool(spec);
  if (!pool.cidr) return;
  const v4 = pool.cidr.ip.family === 4;
  const bsPair = present(spec, 'blockSize');
  const bs = int(bsPair?.value);
  if (bsPair?.value && bs !== undefined && bs !== 0) {
    const [lo, hi] = v4 ? [20, 32] : [116, 128];
    if (bs < lo || bs > hi) {
      ctx.report(CODE, {
        ...at(bsPair.value),
        message: `A block size of ${bs} is not allowed for an ${v4 ? 'IPv4' : 'IPv6'} pool; use ${lo} to ${hi} (the default is ${v4 ? 26 : 122}).`,
        data: { min: lo, max: hi },
      });
    }
  }
  if (pool.disabled || !pool.cidrPair?.value) return;
  const effective = bs !== undefined && bs !== 0 ? bs : v4 ? 26 : 122;
  if (pool.cidr.prefix > effective) {
    ctx.report(CODE, {
      ...at(pool.cidrPair.value),
      message: `This /${pool.cidr.prefix} pool is smaller than one /${effective} allocation block${bs ? '' : ' (the default block size)'}; use a prefix of /${effective} or shorter, set a larger 'blockSize', or mark the pool disabled.`,
      data: { prefix: pool.cidr.prefix, blockSize: effective },
    });
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: "An IP pool block size outside its family's range, or a pool smaller than one block.",
  celRules: [
    '!has(self.blockSize) || self.blockSize == 0 || (cidr(self.cidr).ip().family() == 4 ? self.blockSize >= 20 && self.blockSize <= 32 : self.blockSize >= 116 && self.blockSize <= 128)',
    '(has(self.disabled) && self.disabled) || cidr(self.cidr).prefixLength() <= (has(self.blockSize) && self.blockSize != 0 ? self.blockSize : (cidr(self.cidr).ip().family() == 4 ? 26 : 122))',
  ],
  kinds: ['IPPool'],
  check,
};
