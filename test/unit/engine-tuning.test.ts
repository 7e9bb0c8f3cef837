/**
 * The engine tuning of the two executables (common/engine-tuning.ts): it leaves a budget the user
 * set alone. (What the flag does to speed is measured by `npm run bench`, not by a test.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetChosen } from '../../server/src/common/engine-tuning';

test('a budget given on the command line or in NODE_OPTIONS is the user\'s choice', () => {
  assert.equal(budgetChosen([], undefined), false);
  assert.equal(budgetChosen(['--max-old-space-size=4096'], '--enable-source-maps'), false);
  assert.equal(budgetChosen(['--interrupt-budget=1000'], undefined), true);
  assert.equal(budgetChosen([], '--inspect --interrupt_budget=1000'), true);
});

